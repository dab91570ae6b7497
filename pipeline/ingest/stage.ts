import type { Contract, InputKind } from '../contract/schema.ts';
import { ident, literal, type Db } from '../db.ts';
import { KIND_COLUMNS } from './columns.ts';
import { fold } from './enums.ts';
import { PRESETS, type HeaderRef, type RowRule, type Source } from './presets/index.ts';
import type { RawFile } from './read-raw.ts';
import { cleanText, foldSql, parsedSql, SLASHED_DATE, type ValueContext } from './value-sql.ts';

/** A column of the raw table, named exactly as it is there. */
export interface RawColumn {
  column: string;
}

/**
 * Where a canonical column's value comes from, resolved against a file's header: a raw column,
 * a constant, or a combination of them (joined, first non-empty, first list item, derived by
 * cases; see presets/preset.ts). Staging turns it into SQL; the raw table is never changed.
 */
export type ColumnSource = Source<RawColumn>;

/** A preset's row rule resolved against a file's header. */
export type ResolvedRule = RowRule<RawColumn>;

/** A problem with a whole input file that stops the run (missing column, ambiguous dates). */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'InputFileError';
  }
}

/** What staging one input produced; rows_read = loaded + quarantined. */
export interface StagedInput {
  kind: InputKind;
  rowsLoaded: number;
  rowsQuarantined: number;
  duplicates: number;
  reasons: Array<{ reason: string; rows: number }>;
}

/** Side inputs of staging. */
export interface StageOptions {
  /**
   * The run's clock. A timestamp more than a day after it is quarantined as being in the future
   * (the day absorbs time-zone slips of exports); without it no timestamp is judged so.
   */
  now?: Date;
}

/** Finds a header name as written, else by its folded form (`Lead ID`, `lead_id`, `LEAD ID` are one name). */
function headerLookup(header: readonly string[]): (name: string) => string | undefined {
  const byFolded = new Map<string, string>();
  for (const h of header) if (!byFolded.has(fold(h))) byFolded.set(fold(h), h);
  return (name) => (header.includes(name) ? name : byFolded.get(fold(name)));
}

/**
 * Resolves a preset's source against the header: the first present name of each header reference;
 * parts whose columns are all absent drop out, and a source left with nothing is `null`.
 */
function resolveSource(source: Source<HeaderRef>, lookup: (name: string) => string | undefined): ColumnSource | null {
  const all = (parts: ReadonlyArray<Source<HeaderRef>>) => parts.map((p) => resolveSource(p, lookup)).filter((p) => p !== null);
  if ('header' in source) {
    for (const name of source.header) {
      const found = lookup(name);
      if (found !== undefined) return { column: found };
    }
    return null;
  }
  if ('constant' in source) return source;
  if ('concat' in source) {
    const parts = all(source.concat);
    return parts.length === 0 ? null : { concat: parts, separator: source.separator };
  }
  if ('firstOf' in source) {
    const parts = all(source.firstOf);
    return parts.length === 0 ? null : { firstOf: parts };
  }
  if ('firstListItem' in source) {
    const inner = resolveSource(source.firstListItem, lookup);
    return inner === null ? null : { firstListItem: inner, separator: source.separator };
  }
  if ('extract' in source) {
    const inner = resolveSource(source.extract, lookup);
    return inner === null ? null : { extract: inner, pattern: source.pattern };
  }
  const cases = source.cases.flatMap((c) => {
    const when = resolveSource(c.when, lookup);
    const then = resolveSource(c.then, lookup);
    return when === null || then === null ? [] : [{ when, in: c.in, then }];
  });
  // Without any of the columns it looks at, a derivation says nothing (its `else` included).
  if (cases.length === 0) return null;
  const otherwise = source.else === undefined ? null : resolveSource(source.else, lookup);
  return otherwise === null ? { cases } : { cases, else: otherwise };
}

/**
 * Resolves each canonical column of `kind` to a source, first match wins:
 * `mapping.files.<kind>.constants`, then `mapping.files.<kind>.columns` (canonical ← source
 * column; one source may feed several canonical columns), then the contract's preset, then a
 * header whose folded name is the canonical name (`Lead_ID`, `lead id` → `lead_id`).
 */
export function resolveColumns(kind: InputKind, header: readonly string[], contract: Contract, file: string): Map<string, ColumnSource> {
  const spec = KIND_COLUMNS[kind];
  const overrides = contract.mapping.files[kind];
  const lookup = headerLookup(header);
  const canonical = Object.keys(spec.columns);
  for (const [setting, names] of [['constants', Object.keys(overrides?.constants ?? {})], ['columns', Object.keys(overrides?.columns ?? {})]] as const) {
    for (const name of names) {
      if (!(name in spec.columns)) {
        throw new InputFileError(
          file,
          `sla.yaml sets mapping.files.${kind}.${setting}.${name}, but ${name} is not a column of ${kind}. ` +
            `Its columns are: ${canonical.join(', ')}. Fix the name in sla.yaml.`,
        );
      }
    }
  }
  const resolved = new Map<string, ColumnSource>();
  for (const [column, value] of Object.entries(overrides?.constants ?? {})) {
    resolved.set(column, { constant: String(value) });
  }
  for (const [column, source] of Object.entries(overrides?.columns ?? {})) {
    if (resolved.has(column)) continue;
    const found = lookup(source);
    if (found === undefined) {
      throw new InputFileError(
        file,
        `the contract maps ${column} to the column "${source}" (mapping.files.${kind}.columns.${column}), but the file has no such column. ` +
          `Columns found: ${header.join(', ')}. Fix the name in sla.yaml.`,
      );
    }
    resolved.set(column, { column: found });
  }
  for (const [column, source] of Object.entries(PRESETS[contract.mapping.preset].files[kind]?.columns ?? {})) {
    if (resolved.has(column)) continue;
    const found = resolveSource(source, lookup);
    if (found !== null) resolved.set(column, found);
  }
  for (const column of canonical) {
    if (resolved.has(column)) continue;
    const found = lookup(column);
    if (found !== undefined) resolved.set(column, { column: found });
  }
  const missing = spec.required.filter((c) => !resolved.has(c));
  if (missing.length > 0) {
    throw new InputFileError(
      file,
      `the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing. ` +
        `Columns found: ${header.join(', ') || '(none)'}. Rename the column in the export, or map it in sla.yaml under mapping.files.${kind}.columns.`,
    );
  }
  return resolved;
}

/** The preset's row rules for `kind` whose column the file has. */
export function resolveRowRules(kind: InputKind, header: readonly string[], contract: Contract): ResolvedRule[] {
  const lookup = headerLookup(header);
  return (PRESETS[contract.mapping.preset].files[kind]?.quarantine ?? []).flatMap((rule) => {
    const when = resolveSource(rule.when, lookup);
    return when === null ? [] : [{ when, in: rule.in, reason: rule.reason }];
  });
}

/** SQL for a source's text: trimmed, empty as NULL. */
export function sourceSql(source: ColumnSource | undefined): string {
  if (source === undefined) return 'NULL::VARCHAR';
  if ('column' in source) return cleanText(ident(source.column));
  if ('constant' in source) return cleanText(literal(source.constant));
  if ('concat' in source) return `nullif(concat_ws(${literal(source.separator)}, ${source.concat.map(sourceSql).join(', ')}), '')`;
  if ('firstOf' in source) return `coalesce(${source.firstOf.map(sourceSql).join(', ')})`;
  if ('firstListItem' in source) {
    const items = `list_transform(string_split(${sourceSql(source.firstListItem)}, ${literal(source.separator)}), lambda item_: trim(item_))`;
    return `list_filter(${items}, lambda item_: item_ <> '')[1]`;
  }
  if ('extract' in source) {
    const text = sourceSql(source.extract);
    const pattern = literal(source.pattern);
    return `CASE WHEN regexp_matches(${text}, ${pattern}) THEN nullif(trim(regexp_extract(${text}, ${pattern}, 1)), '') ELSE ${text} END`;
  }
  const branches = source.cases.map((c) => `WHEN ${isOneOf(c.when, c.in)} THEN ${sourceSql(c.then)}`);
  return `CASE ${branches.join(' ')} ELSE ${source.else === undefined ? 'NULL::VARCHAR' : sourceSql(source.else)} END`;
}

/** SQL that is true when a source's folded text is one of `words` (folded too). */
function isOneOf(source: ColumnSource, words: readonly string[]): string {
  return `coalesce(${foldSql(sourceSql(source))} IN (${[...new Set(words.map(fold))].map(literal).join(', ')}), false)`;
}

/** The raw columns whose text ends up in a canonical value (not those only tested by `cases`). */
function valueColumns(source: ColumnSource): string[] {
  if ('column' in source) return [source.column];
  if ('constant' in source) return [];
  if ('concat' in source) return source.concat.flatMap(valueColumns);
  if ('firstOf' in source) return source.firstOf.flatMap(valueColumns);
  if ('firstListItem' in source) return valueColumns(source.firstListItem);
  if ('extract' in source) return valueColumns(source.extract);
  return [...source.cases.map((c) => c.then), ...(source.else === undefined ? [] : [source.else])].flatMap(valueColumns);
}

/** Says where a value came from, for reasons: `First Name + Last Name`, `Celular or Telefone`. */
function describe(source: ColumnSource): string {
  if ('column' in source) return source.column;
  if ('constant' in source) return `"${source.constant}"`;
  if ('concat' in source) return source.concat.map(describe).join(' + ');
  if ('firstOf' in source) return source.firstOf.map(describe).join(' or ');
  if ('firstListItem' in source) return `first item of ${describe(source.firstListItem)}`;
  if ('extract' in source) return describe(source.extract);
  return [...new Set([...source.cases.map((c) => c.then), ...(source.else === undefined ? [] : [source.else])].map(describe))].join(' or ');
}

/** How a reason names a canonical column: its name, plus its source when that has another name. */
function columnLabel(column: string, source: ColumnSource | undefined): string {
  if (source === undefined || ('column' in source && fold(source.column) === column)) return column;
  return `${column} (from ${describe(source)})`;
}

/** Decides day-first vs month-first for a file's `dd/mm/yyyy` values, or says why it cannot. */
async function detectDayFirst(db: Db, raw: RawFile, columns: string[], setting: Contract['mapping']['date_format']): Promise<boolean> {
  if (setting === 'dmy') return true;
  if (setting === 'mdy') return false;
  if (columns.length === 0) return true;
  const values = columns.map((c) => `SELECT ${c} AS v FROM ${ident(raw.table)}`).join(' UNION ALL ');
  const row = await db.one<{ slashed: number; first_gt_12: number; second_gt_12: number }>(
    `WITH v AS (SELECT trim(v) AS v FROM (${values}) WHERE regexp_matches(trim(v), '${SLASHED_DATE}'))
     SELECT count(*)::INTEGER AS slashed,
            count(*) FILTER (WHERE split_part(v, '/', 1)::INTEGER > 12)::INTEGER AS first_gt_12,
            count(*) FILTER (WHERE split_part(v, '/', 2)::INTEGER > 12)::INTEGER AS second_gt_12
     FROM v`,
  );
  if (row.slashed === 0 || setting === 'ymd') return true;
  if (row.first_gt_12 > 0 && row.second_gt_12 > 0) {
    throw new InputFileError(
      raw.path,
      `its dates mix day-first and month-first forms (${row.first_gt_12} start with a day above 12, ${row.second_gt_12} have a month above 12). ` +
        'Fix the export so one form is used, or set mapping.date_format (dmy or mdy) in sla.yaml to quarantine the other form.',
    );
  }
  if (row.first_gt_12 > 0) return true;
  if (row.second_gt_12 > 0) return false;
  throw new InputFileError(
    raw.path,
    `its ${row.slashed} dates written with slashes could be dd/mm/yyyy or mm/dd/yyyy (no day above 12 tells them apart). ` +
      'Set mapping.date_format to dmy or mdy in sla.yaml.',
  );
}

/** Decides the decimal separator of a file's numbers from evidence in the values, or the contract. */
async function detectDecimal(db: Db, raw: RawFile, columns: string[], contract: Contract): Promise<'.' | ','> {
  const setting = contract.mapping.decimal;
  if (setting !== 'auto') return setting;
  if (columns.length === 0) return '.';
  const values = columns.map((c) => `SELECT ${c} AS v FROM ${ident(raw.table)}`).join(' UNION ALL ');
  const row = await db.one<{ comma: number; dot: number }>(
    `SELECT count(*) FILTER (WHERE regexp_matches(v, '\\d,\\d{1,2}$') OR regexp_matches(v, '\\.\\d{3},'))::INTEGER AS comma,
            count(*) FILTER (WHERE regexp_matches(v, '\\d\\.\\d{1,2}$') OR regexp_matches(v, ',\\d{3}\\.'))::INTEGER AS dot
     FROM (${values})`,
  );
  if (row.comma > row.dot) return ',';
  if (row.dot > row.comma) return '.';
  // No evidence either way (whole numbers only): follow the contract's language.
  return contract.locale === 'pt-BR' ? ',' : '.';
}

/**
 * Builds `stg_<kind>` (typed canonical columns, one row per id, last row wins) and
 * `rejects_<kind>` (each quarantined row as read, with its line and every reason) from
 * `raw_<kind>`. Grain of `stg_<kind>`: one row per loaded source row (per id where the kind has one).
 */
export async function stageInput(db: Db, kind: InputKind, raw: RawFile, contract: Contract): Promise<StagedInput> {
  const spec = KIND_COLUMNS[kind];
  const sources = resolveColumns(kind, raw.header, contract, raw.path);
  const texts = Object.fromEntries(Object.keys(spec.columns).map((c) => [c, sourceText(sources.get(c))]));
  const typed = (k: string) => Object.entries(spec.columns).filter(([, t]) => t.kind === k).map(([c]) => texts[c]!);
  const ctx: ValueContext = {
    timezone: contract.timezone,
    dayFirst: await detectDayFirst(db, raw, typed('timestamp'), contract.mapping.date_format),
    decimal: await detectDecimal(db, raw, typed('number'), contract),
  };
  const used = new Set([...sources.values()].flatMap((s) => ('column' in s ? [s.column] : [])));
  const extras = raw.header.filter((h) => !used.has(h));

  // Three steps, each evaluated once per value: text (t) → parts (a) → typed values (b); the
  // reasons are read off the typed values, so no parser runs twice.
  const columns = Object.entries(spec.columns);
  const parts: string[] = [];
  const values: string[] = [];
  const reasons: string[] = [];
  for (const [column, type] of columns) {
    const text = `t.${ident(column)}`;
    const part = (suffix: string) => ident(`${column}#${suffix}`);
    if (type.kind === 'timestamp') {
      const p = timestampPartsSql(text, ctx.dayFirst);
      parts.push(`${p.given} AS ${part('given')}`, `${p.local} AS ${part('local')}`);
      values.push(`${timestampValueSql(`a.${part('given')}`, `a.${part('local')}`, ctx.timezone)} AS ${ident(column)}`);
    } else if (type.kind === 'enum') {
      parts.push(`${foldSql(text)} AS ${part('folded')}`);
      const mapped = enumValueSql(`a.${part('folded')}`, type.synonyms);
      values.push(`${type.fallback === undefined ? mapped : `CASE WHEN a.${ident(column)} IS NULL THEN ${literal(type.fallback)} ELSE ${mapped} END`} AS ${ident(column)}`);
    } else if (type.kind === 'number') {
      values.push(`${numberValueSql(`a.${ident(column)}`, ctx.decimal)} AS ${ident(column)}`);
    } else {
      values.push(`a.${ident(column)} AS ${ident(column)}`);
    }
    if (type.kind !== 'text') {
      reasons.push(invalidReasonSql(column, `b.${ident(`${column}#text`)}`, `b.${ident(column)}`, expectation(type, ctx)));
    }
    if (type.kind === 'number' && type.min !== undefined) {
      reasons.push(`CASE WHEN b.${ident(column)} < ${type.min} THEN ${literal(`${column}: "`)} || b.${ident(`${column}#text`)} || ${literal(`" is below ${type.min}`)} END`);
    }
  }
  for (const column of spec.required) {
    reasons.push(`CASE WHEN b.${ident(`${column}#text`)} IS NULL THEN ${literal(`${column} is empty`)} END`);
  }
  // Extra columns stay with the lead as attributes, for ICP rules and breakdowns.
  const attributes = extras.length === 0 ? 'NULL::JSON' : `json_object(${extras.map((h) => `${literal(h)}, ${cleanText(ident(h))}`).join(', ')})`;
  const names = columns.map(([c]) => c);
  const checked = `checked_${kind}`;
  await db.run(`
    CREATE OR REPLACE TEMP TABLE ${checked} AS
    WITH t AS (
      SELECT _line, _problem, ${names.map((c) => `${texts[c]} AS ${ident(c)}`).join(', ')}, ${attributes} AS attributes
      FROM ${ident(raw.table)}
    ), a AS (
      SELECT t.*${parts.length > 0 ? `, ${parts.join(', ')}` : ''} FROM t
    ), b AS (
      SELECT a._line, a._problem, a.attributes, ${names.map((c) => `a.${ident(c)} AS ${ident(`${c}#text`)}`).join(', ')}, ${values.join(', ')} FROM a
    )
    -- A structural defect (wrong field count) makes value reasons meaningless, so it stands alone.
    SELECT _line, coalesce(_problem, nullif(concat_ws('; ', ${reasons.join(', ')}), '')) AS _reason,
      ${names.map((c) => `b.${ident(c)}`).join(', ')}, attributes
    FROM b
    ORDER BY _line`);

  const columnList = Object.keys(spec.columns).map(ident).join(', ');
  const dedupe = spec.id === null ? '' : `QUALIFY row_number() OVER (PARTITION BY ${ident(spec.id)} ORDER BY _line DESC) = 1`;
  await db.run(`
    CREATE OR REPLACE TABLE stg_${kind} AS
    SELECT _line AS source_line, ${columnList}${kind === 'leads' ? ', attributes' : ''}
    FROM ${checked}
    WHERE _reason IS NULL
    ${dedupe}
    ORDER BY source_line`);
  await db.run(`
    CREATE OR REPLACE TABLE rejects_${kind} AS
    SELECT c._line AS line, c._reason AS reason, ${raw.header.map((h) => `r.${ident(h)}`).join(', ')}
    FROM ${checked} c JOIN ${ident(raw.table)} r USING (_line)
    WHERE c._reason IS NOT NULL
    ORDER BY line`);

  const counts = await db.one<{ loaded: number; quarantined: number; kept: number }>(
    `SELECT count(*) FILTER (WHERE _reason IS NULL)::INTEGER AS loaded,
            count(*) FILTER (WHERE _reason IS NOT NULL)::INTEGER AS quarantined,
            (SELECT count(*) FROM stg_${kind})::INTEGER AS kept
     FROM ${checked}`,
  );
  const reasonRows = await db.all<{ reason: string; rows: number }>(
    `SELECT reason, count(*)::INTEGER AS rows FROM (
       SELECT regexp_replace(unnest(string_split(_reason, '; ')), ': ".*"', ': "…"') AS reason FROM ${checked} WHERE _reason IS NOT NULL
     ) GROUP BY reason ORDER BY rows DESC, reason`,
  );
  await db.run(`DROP TABLE ${checked}`);
  return {
    kind,
    rowsLoaded: counts.loaded,
    rowsQuarantined: counts.quarantined,
    duplicates: counts.loaded - counts.kept,
    reasons: reasonRows,
  };
}
