import type { Contract, InputKind } from '../contract/schema.ts';
import { ident, literal, type Db } from '../db.ts';
import { KIND_COLUMNS } from './columns.ts';
import { fold } from './enums.ts';
import type { RawFile } from './read-raw.ts';
import { cleanText, parsedSql, SLASHED_DATE, type ValueContext } from './value-sql.ts';

/** Where a canonical column's value comes from: a source column of the raw table, or a constant. */
export type ColumnSource = { column: string } | { constant: string };

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

/**
 * Resolves each canonical column of `kind` to a source column or a constant: the contract's
 * `mapping.files.<kind>.columns` and `constants` first, then a header whose folded name is the
 * canonical name (`Lead_ID`, `lead id` → `lead_id`).
 */
export function resolveColumns(kind: InputKind, header: readonly string[], contract: Contract, file: string): Map<string, ColumnSource> {
  const spec = KIND_COLUMNS[kind];
  const overrides = contract.mapping.files[kind];
  const byFolded = new Map<string, string>();
  for (const h of header) if (!byFolded.has(fold(h))) byFolded.set(fold(h), h);
  const resolved = new Map<string, ColumnSource>();
  for (const [canonical, value] of Object.entries(overrides?.constants ?? {})) {
    resolved.set(canonical, { constant: String(value) });
  }
  for (const [canonical, source] of Object.entries(overrides?.columns ?? {})) {
    const found = header.includes(source) ? source : byFolded.get(fold(source));
    if (found === undefined) {
      throw new InputFileError(
        file,
        `the contract maps ${canonical} to the column "${source}" (mapping.files.${kind}.columns.${canonical}), but the file has no such column. ` +
          `Columns found: ${header.join(', ')}. Fix the name in sla.yaml.`,
      );
    }
    resolved.set(canonical, { column: found });
  }
  for (const canonical of Object.keys(spec.columns)) {
    if (resolved.has(canonical)) continue;
    const found = byFolded.get(canonical);
    if (found !== undefined) resolved.set(canonical, { column: found });
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

function sourceText(source: ColumnSource | undefined): string {
  if (source === undefined) return 'NULL::VARCHAR';
  if ('constant' in source) return cleanText(literal(source.constant));
  return cleanText(ident(source.column));
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

  const selects: string[] = [];
  // A structural defect (wrong field count) makes value reasons meaningless, so it stands alone.
  const reasons: string[] = [];
  for (const [column, type] of Object.entries(spec.columns)) {
    const parsed = parsedSql(`t.${ident(column)}`, type, ctx, column);
    selects.push(`${parsed.value} AS ${ident(column)}`);
    if (parsed.reason !== 'NULL') reasons.push(parsed.reason);
  }
  for (const column of spec.required) {
    reasons.push(`CASE WHEN t.${ident(column)} IS NULL THEN ${literal(`${column} is empty`)} END`);
  }
  // Extra columns stay with the lead as attributes, for ICP rules and breakdowns.
  const attributes = extras.length === 0 ? 'NULL::JSON' : `json_object(${extras.map((h) => `${literal(h)}, ${cleanText(ident(h))}`).join(', ')})`;
  const checked = `checked_${kind}`;
  await db.run(`
    CREATE OR REPLACE TEMP TABLE ${checked} AS
    WITH t AS (
      SELECT _line, _problem, ${Object.keys(spec.columns).map((c) => `${texts[c]} AS ${ident(c)}`).join(', ')}, ${attributes} AS attributes
      FROM ${ident(raw.table)}
    )
    SELECT _line, coalesce(_problem, nullif(concat_ws('; ', ${reasons.join(', ')}), '')) AS _reason, ${selects.join(', ')}, attributes
    FROM t
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
