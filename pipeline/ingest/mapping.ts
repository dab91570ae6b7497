import type { Contract, InputKind } from '../contract/schema.ts';
import { ident, literal } from '../db.ts';
import { KIND_COLUMNS } from './columns.ts';
import { UserError } from '../errors.ts';
import { fold } from './enums.ts';
import { PRESETS, type HeaderRef, type RowRule, type Source } from './presets/index.ts';
import { cleanText, foldSql } from './value-sql.ts';

// Which text feeds each canonical column of an input (SPEC section 2, `mapping`): sla.yaml's
// constants and columns, the preset, or a header of the canonical name. Resolution happens once
// per file against its header; the result is SQL over the raw table, evaluated by staging.

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
export class InputFileError extends UserError {
  readonly file: string;

  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.file = file;
    this.name = 'InputFileError';
  }
}

/** Finds the raw column a name means; `column` is the canonical column being resolved (for the message), `explicit` marks sla.yaml's own mapping. */
type HeaderLookup = (name: string, column?: string, explicit?: boolean) => string | undefined;

/**
 * Finds a header by its folded form (`Lead ID`, `lead_id`, `LEAD ID` are one name). When two
 * headers fold to the name asked for, the first no longer silently wins: the run stops naming
 * both, unless the lookup is explicit and names one exactly. `found` are the names as found,
 * before `LEAD_ID` next to `lead_id` was made unique as `LEAD_ID (2)`.
 */
function headerLookup(header: readonly string[], file: string, kind: InputKind, found: readonly string[] = header): HeaderLookup {
  const byFolded = new Map<string, number[]>();
  found.forEach((name, i) => byFolded.set(fold(name), [...(byFolded.get(fold(name)) ?? []), i]));
  return (name, column, explicit = false) => {
    if (explicit && header.includes(name)) return name;
    const at = byFolded.get(fold(name));
    if (at === undefined) return undefined;
    if (at.length > 1) {
      const listed = at.map((i) => `"${found[i]}" (column ${i + 1})`);
      const both = `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}`;
      throw new InputFileError(
        file,
        `the columns ${both} are ${at.length === 2 ? 'both' : 'all'} read as ${fold(name)}, so handoff cannot tell which one to use. ` +
          `Rename or remove ${at.length === 2 ? 'one' : 'all but one'} of them in the export${column === undefined ? '' : `, or name the one to use in sla.yaml, for example mapping.files.${kind}.columns.${column}: "${header[at[1]!]}"`}.`,
      );
    }
    return header[at[0]!];
  };
}

/** The column a header reference names in a leads header (its first name present, folded), or null. */
export function headerColumn(header: readonly string[], file = KIND_COLUMNS.leads.file): (ref: HeaderRef) => string | null {
  const lookup = headerLookup(header, file, 'leads');
  return (ref) => ref.header.map((name) => lookup(name)).find((c) => c !== undefined) ?? null;
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
export function resolveColumns(kind: InputKind, header: readonly string[], contract: Contract, file: string, found: readonly string[] = header): Map<string, ColumnSource> {
  const spec = KIND_COLUMNS[kind];
  const overrides = contract.mapping.files[kind];
  const lookup = headerLookup(header, file, kind, found);
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
    const named = lookup(source, column, true);
    if (named === undefined) {
      throw new InputFileError(
        file,
        `the contract maps ${column} to the column "${source}" (mapping.files.${kind}.columns.${column}), but the file has no such column. ` +
          `Columns found: ${header.join(', ')}. Fix the name in sla.yaml.`,
      );
    }
    resolved.set(column, { column: named });
  }
  if (kind === 'leads' && !(contract.mql.at in spec.columns)) {
    const found = lookup(contract.mql.at);
    if (found === undefined) {
      throw new InputFileError(
        file,
        `sla.yaml sets mql.at to "${contract.mql.at}", but the leads export has no such column. Columns found: ${header.join(', ')}. ` +
          'Name the date column that dates an MQL, or leave mql.at out to date MQLs by created_at.',
      );
    }
    resolved.set('mql_rule_at', { column: found });
  }
  for (const [column, source] of Object.entries(PRESETS[contract.mapping.preset].files[kind]?.columns ?? {})) {
    if (resolved.has(column)) continue;
    const fromPreset = resolveSource(source, (name) => lookup(name, column));
    if (fromPreset !== null) resolved.set(column, fromPreset);
  }
  for (const column of canonical) {
    if (resolved.has(column)) continue;
    const named = lookup(column, column);
    if (named !== undefined) resolved.set(column, { column: named });
  }
  const missing = spec.required.filter((c) => !resolved.has(c));
  if (missing.length > 0) {
    const preset = PRESETS[contract.mapping.preset];
    const looked = missing.flatMap((c) => {
      const source = preset.files[kind]?.columns[c];
      return source === undefined ? [] : [`${c} from ${headerNames(source).map((n) => `"${n}"`).join(' or ')}`];
    });
    throw new InputFileError(
      file,
      `the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing` +
        `${looked.length > 0 ? ` (the ${preset.name} preset reads ${looked.join('; ')})` : ''}. ` +
        `Columns found: ${header.join(', ') || '(none)'}. Rename the column in the export, or map it in sla.yaml under mapping.files.${kind}.columns.`,
    );
  }
  return resolved;
}

/** The preset's row rules for `kind` whose column the file has. */
export function resolveRowRules(kind: InputKind, header: readonly string[], contract: Contract, file: string, found: readonly string[] = header): ResolvedRule[] {
  const lookup = headerLookup(header, file, kind, found);
  return (PRESETS[contract.mapping.preset].files[kind]?.quarantine ?? []).flatMap((rule) => {
    const when = resolveSource(rule.when, (name) => lookup(name));
    return when === null ? [] : [{ when, in: rule.in, reason: rule.reason }];
  });
}

/**
 * The leaves of a source, in order: those whose text ends up in its value, and with `tested` also
 * the sources its `cases` only test (all a source reads, as the column report counts it).
 */
function leavesOf<L extends object>(source: Source<L>, isLeaf: (s: Source<L>) => s is L, tested: boolean): L[] {
  const walk = (s: Source<L>): L[] => {
    if (isLeaf(s)) return [s];
    if ('constant' in s) return [];
    if ('concat' in s) return s.concat.flatMap(walk);
    if ('firstOf' in s) return s.firstOf.flatMap(walk);
    if ('firstListItem' in s) return walk(s.firstListItem);
    if ('extract' in s) return walk(s.extract);
    if ('cases' in s) return [...s.cases.flatMap((c) => (tested ? [c.when, c.then] : [c.then])), ...(s.else === undefined ? [] : [s.else])].flatMap(walk);
    throw new Error(`unknown source ${JSON.stringify(s)}`);
  };
  return walk(source);
}

const valueLeaves = <L extends object>(source: Source<L>, isLeaf: (s: Source<L>) => s is L): L[] => leavesOf(source, isLeaf, false);

/** Every leaf of a source, the `when` of its cases included: all it reads, not only its values. */
export const readLeaves = <L extends object>(source: Source<L>, isLeaf: (s: Source<L>) => s is L): L[] => leavesOf(source, isLeaf, true);

/** Every header name a preset's source would read a value from, in order. */
function headerNames(source: Source<HeaderRef>): string[] {
  return valueLeaves(source, (s): s is HeaderRef => 'header' in s).flatMap((leaf) => [...leaf.header]);
}

/**
 * SQL for a source's text: trimmed, empty as NULL. `field` makes a file column's text (by default
 * `cleanText`; staging passes `presentText` for a file where no value has spaces to trim).
 */
export function sourceSql(source: ColumnSource | undefined, field: (column: string) => string = cleanText): string {
  const sql = (s: ColumnSource) => sourceSql(s, field);
  if (source === undefined) return 'NULL::VARCHAR';
  if ('column' in source) return field(ident(source.column));
  if ('constant' in source) return cleanText(literal(source.constant));
  if ('concat' in source) return `nullif(concat_ws(${literal(source.separator)}, ${source.concat.map(sql).join(', ')}), '')`;
  if ('firstOf' in source) return `coalesce(${source.firstOf.map(sql).join(', ')})`;
  if ('firstListItem' in source) {
    const items = `list_transform(string_split(${sql(source.firstListItem)}, ${literal(source.separator)}), lambda item_: trim(item_))`;
    return `list_filter(${items}, lambda item_: item_ <> '')[1]`;
  }
  if ('extract' in source) {
    const text = sql(source.extract);
    const pattern = literal(source.pattern);
    return `CASE WHEN regexp_matches(${text}, ${pattern}) THEN nullif(trim(regexp_extract(${text}, ${pattern}, 1)), '') ELSE ${text} END`;
  }
  const branches = source.cases.map((c) => `WHEN ${isOneOf(c.when, c.in, field)} THEN ${sql(c.then)}`);
  return `CASE ${branches.join(' ')} ELSE ${source.else === undefined ? 'NULL::VARCHAR' : sql(source.else)} END`;
}

/** SQL that is true when a source's folded text is one of `words` (folded too). */
export function isOneOf(source: ColumnSource, words: readonly string[], field: (column: string) => string = cleanText): string {
  return `coalesce(${foldSql(sourceSql(source, field))} IN (${[...new Set(words.map(fold))].map(literal).join(', ')}), false)`;
}

/** The raw columns whose text ends up in a canonical value (not those only tested by `cases`). */
export function valueColumns(source: ColumnSource): string[] {
  return valueLeaves(source, (s): s is RawColumn => 'column' in s).map((leaf) => leaf.column);
}

/** The raw columns a source reads at all, those only tested by `cases` included, each once in order. */
export function readColumns(source: ColumnSource): string[] {
  return [...new Set(readLeaves(source, (s): s is RawColumn => 'column' in s).map((leaf) => leaf.column))];
}

/** Says where a value came from, for reasons: `First Name + Last Name`, `Celular or Telefone`. */
export function describe(source: ColumnSource): string {
  if ('column' in source) return source.column;
  if ('constant' in source) return `"${source.constant}"`;
  if ('concat' in source) return source.concat.map(describe).join(' + ');
  if ('firstOf' in source) return source.firstOf.map(describe).join(' or ');
  if ('firstListItem' in source) return `first item of ${describe(source.firstListItem)}`;
  if ('extract' in source) return describe(source.extract);
  return [...new Set([...source.cases.map((c) => c.then), ...(source.else === undefined ? [] : [source.else])].map(describe))].join(' or ');
}

/** How a reason names a canonical column: its name, plus its source when that has another name. */
export function columnLabel(column: string, source: ColumnSource | undefined): string {
  if (source === undefined || ('column' in source && fold(source.column) === column)) return column;
  return `${column} (from ${describe(source)})`;
}
