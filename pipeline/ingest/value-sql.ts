import { literal } from '../db.ts';
import { synonymPairs, type Synonyms } from './enums.ts';

// Value parsing happens in SQL over the raw VARCHAR columns, so it runs vectorised inside DuckDB
// whatever path loaded the rows. Each builder returns the typed expression and an expression
// that yields a quarantine reason (or NULL) for the same value.

/** How a canonical column's text becomes a typed value. */
export type ValueType =
  | { kind: 'text' }
  | { kind: 'timestamp' }
  | { kind: 'number'; min?: number }
  | { kind: 'enum'; synonyms: Synonyms; fallback?: string };

/** Settings resolved per file before SQL is built (auto-detection already done). */
export interface ValueContext {
  timezone: string;
  dayFirst: boolean;
  decimal: '.' | ',';
}

/** A typed expression over a trimmed text expression, and its reason expression. */
export interface ParsedSql {
  value: string;
  reason: string;
}

/** Trimmed text, with empty strings as NULL: the form every parser starts from. */
export function cleanText(source: string): string {
  return `nullif(trim(${source}), '')`;
}

/** Same folding as `fold()` in enums.ts, in SQL. */
export function foldSql(expr: string): string {
  return `regexp_replace(lower(strip_accents(trim(${expr}))), '[\\s-]+', '_', 'g')`;
}

const ISO_WITH_OFFSET = `^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?)$`;
const ISO_LOCAL = `^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?$`;
const SLASHED = `^\\d{1,2}/\\d{1,2}/\\d{4}( \\d{1,2}:\\d{2}(:\\d{2})?)?$`;

/** Regular expression (DuckDB syntax) of `dd/mm/yyyy`-style values, used to detect the day order. */
export const SLASHED_DATE = SLASHED;

/**
 * SQL that defines `local_to_utc(local, tz)`: a wall-clock TIMESTAMP in `tz` → naive UTC TIMESTAMP,
 * with the business calendar's DST rules (pipeline/calendar/zone.ts), so parsed inputs and the
 * calendar agree: a time inside a gap becomes the first valid instant (São Paulo 2017-10-15 00:30
 * → 01:00 local, where ICU alone would say 01:30), and a repeated fall-back time the earlier one
 * (ICU alone picks the later). Gaps are assumed to start on a whole hour, as every zone's do today.
 */
export const LOCAL_TO_UTC_MACRO = `CREATE OR REPLACE MACRO local_to_utc(l, tz) AS (
  CASE
    WHEN l IS NULL THEN NULL
    WHEN timezone(tz, timezone(tz, l)) <> l THEN timezone(tz, date_trunc('hour', l))::TIMESTAMP
    WHEN timezone(tz, timezone(tz, l) - INTERVAL 1 HOUR) = l THEN (timezone(tz, l) - INTERVAL 1 HOUR)::TIMESTAMP
    ELSE timezone(tz, l)::TIMESTAMP
  END)`;

/**
 * Parses the timestamp forms of SPEC section 2 into a naive UTC TIMESTAMP. Values without an
 * offset are wall-clock times in the contract's zone, converted by `local_to_utc` (which the
 * caller must have defined with LOCAL_TO_UTC_MACRO).
 */
export function timestampSql(text: string, ctx: ValueContext, column: string): ParsedSql {
  const tz = literal(ctx.timezone);
  const slashFormats = ctx.dayFirst
    ? `['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y']`
    : `['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y']`;
  const value = `CASE
      WHEN ${text} IS NULL THEN NULL
      WHEN regexp_matches(${text}, '${ISO_WITH_OFFSET}') THEN try_cast(${text} AS TIMESTAMPTZ)::TIMESTAMP
      WHEN regexp_matches(${text}, '${ISO_LOCAL}') THEN local_to_utc(try_cast(replace(${text}, 'T', ' ') AS TIMESTAMP), ${tz})
      WHEN regexp_matches(${text}, '${SLASHED}') THEN local_to_utc(try_strptime(${text}, ${slashFormats}), ${tz})
    END`;
  const expected = ctx.dayFirst ? 'dd/mm/yyyy [HH:MM[:SS]]' : 'mm/dd/yyyy [HH:MM[:SS]]';
  const reason = `CASE WHEN ${text} IS NOT NULL AND (${value}) IS NULL THEN ${literal(`${column}: "`)} || ${text} || ${literal(`" is not a valid date or timestamp (expected ISO 8601, ${expected} or yyyy-mm-dd HH:MM:SS)`)} END`;
  return { value, reason };
}

/**
 * Parses `1234.56`, `1.234,56`, `R$ 1.234,56`, `1,234.56` with the file's decimal separator;
 * the other separator is a thousands mark and is dropped only where it groups three digits.
 */
export function numberSql(text: string, ctx: ValueContext, column: string, min?: number): ParsedSql {
  const stripped = `regexp_replace(${text}, '^(R\\$|US\\$|\\$|€|BRL|USD)\\s*|\\s', '', 'g')`;
  const grouped = ctx.decimal === ','
    ? `^-?\\d{1,3}(\\.\\d{3})+(,\\d+)?$|^-?\\d+(,\\d+)?$`
    : `^-?\\d{1,3}(,\\d{3})+(\\.\\d+)?$|^-?\\d+(\\.\\d+)?$`;
  const normalised = ctx.decimal === ',' ? `replace(replace(${stripped}, '.', ''), ',', '.')` : `replace(${stripped}, ',', '')`;
  const value = `CASE WHEN regexp_matches(${stripped}, '${grouped}') THEN try_cast(${normalised} AS DOUBLE) END`;
  const sep = ctx.decimal === ',' ? '1.234,56' : '1,234.56';
  let reason = `CASE WHEN ${text} IS NOT NULL AND (${value}) IS NULL THEN ${literal(`${column}: "`)} || ${text} || ${literal(`" is not a number (expected a form such as ${sep})`)}`;
  if (min !== undefined) {
    reason += ` WHEN (${value}) < ${min} THEN ${literal(`${column}: "`)} || ${text} || ${literal(`" is below ${min}`)}`;
  }
  reason += ' END';
  return { value, reason };
}

/** Maps a value through its synonyms; an unknown word is a reason, an empty one takes the fallback. */
export function enumSql(text: string, synonyms: Synonyms, column: string, fallback?: string): ParsedSql {
  const cases = synonymPairs(synonyms)
    .map(([word, canonical]) => `WHEN ${literal(word)} THEN ${literal(canonical)}`)
    .join(' ');
  const mapped = `CASE ${foldSql(text)} ${cases} END`;
  const value = fallback === undefined ? mapped : `CASE WHEN ${text} IS NULL THEN ${literal(fallback)} ELSE ${mapped} END`;
  const allowed = Object.keys(synonyms).join(', ');
  const reason = `CASE WHEN ${text} IS NOT NULL AND (${mapped}) IS NULL THEN ${literal(`${column}: "`)} || ${text} || ${literal(`" is not one of ${allowed}`)} END`;
  return { value, reason };
}

/** The typed expression and reason for one column of a given type. */
export function parsedSql(text: string, type: ValueType, ctx: ValueContext, column: string): ParsedSql {
  switch (type.kind) {
    case 'text':
      return { value: text, reason: 'NULL' };
    case 'timestamp':
      return timestampSql(text, ctx, column);
    case 'number':
      return numberSql(text, ctx, column, type.min);
    case 'enum':
      return enumSql(text, type.synonyms, column, type.fallback);
  }
}
