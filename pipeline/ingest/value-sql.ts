import { epochDayOf, epochDayOfIsoDate, isoDateOfEpochDay, offsetChangeDates, utcOffsetMs } from '../calendar/zone.ts';
import { literal } from '../db.ts';
import { BOOLEANS, synonymPairs, wordsFor, type Synonyms } from './enums.ts';

// Value parsing happens in SQL over the raw VARCHAR columns, so it runs vectorised inside DuckDB.
// Staging evaluates each parser once per value, in two steps (text → parts → typed value), and
// derives quarantine reasons from the typed result; an expression repeated inside CASE branches
// is evaluated again per branch, which made a first version ten times slower.

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

/** Trimmed text, with empty strings as NULL: the form every parser starts from. */
export function cleanText(source: string): string {
  return `nullif(trim(${source}), '')`;
}

/** `cleanText` of a value known to have no spaces to trim: only empty strings become NULL. */
export function presentText(source: string): string {
  return `nullif(${source}, '')`;
}

/** Same folding as `fold()` in enums.ts, in SQL. */
export function foldSql(expr: string): string {
  return `regexp_replace(lower(strip_accents(trim(${expr}))), '[\\s-]+', '_', 'g')`;
}

/** `booleanOf()` in SQL: true, false, or NULL for text that is no yes/no word. */
export function booleanSql(expr: string): string {
  const folded = foldSql(expr);
  const words = (canonical: string) => wordsFor(BOOLEANS, canonical).map(literal).join(', ');
  return `CASE WHEN ${folded} IN (${words('true')}) THEN true WHEN ${folded} IN (${words('false')}) THEN false END`;
}

const ISO_WITH_OFFSET = `^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?)$`;
const ISO_LOCAL = `^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?$`;

/** Regular expression (DuckDB syntax) of `dd/mm/yyyy`-style values, used to detect the day order. */
// A 12-hour time with AM/PM is how Salesforce reports export for en_US users (`10/1/2026 1:45 PM`).
export const SLASHED_DATE = `^\\d{1,2}/\\d{1,2}/\\d{4}( \\d{1,2}:\\d{2}(:\\d{2})?( [AaPp][Mm])?)?$`;

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

/** How a zone's local times become UTC: the dates around offset changes, and the offset between them. */
interface ZoneShifts {
  changeDates: string[];
  /** Maximal runs of local dates [from, until) off the change dates, with the zone's offset on them. */
  runs: Array<{ from: string; until: string; offsetMinutes: number }>;
}

const zoneShifts = new Map<string, ZoneShifts>();

function shiftsOf(timezone: string): ZoneShifts {
  let shifts = zoneShifts.get(timezone);
  if (shifts) return shifts;
  const changeDates = offsetChangeDates(timezone, 1970, 2070);
  // Offsets change only on change dates, so each gap between them is one run. A local date off
  // the change dates is more than a day from any change: UTC noon of it has its whole day's offset.
  const bounds = [epochDayOf(1970, 1, 1) - 1, ...changeDates.map(epochDayOfIsoDate), epochDayOf(2071, 1, 1)];
  const runs: ZoneShifts['runs'] = [];
  for (let i = 1; i < bounds.length; i++) {
    const from = bounds[i - 1]! + 1;
    const until = bounds[i]!;
    if (from >= until) continue;
    const offsetMinutes = utcOffsetMs(timezone, from * 86_400_000 + 43_200_000) / 60_000;
    runs.push({ from: isoDateOfEpochDay(from), until: isoDateOfEpochDay(until), offsetMinutes });
  }
  shifts = { changeDates, runs };
  zoneShifts.set(timezone, shifts);
  return shifts;
}

/**
 * Converts a local-time column reference to UTC. The exact `local_to_utc` costs five ICU calls,
 * and even one ICU call per value (`timezone()`) cost 1.2 s on 10M activities; the offset is
 * constant between offset changes, so a date off the change days adds a constant looked up by
 * range (the runs nearest today first, where exports have most of their rows), and only the
 * change days pay for the exact macro. Dates outside 1970–2070 fall back to ICU.
 *
 * The change days are tested last: a CASE tests each branch on the rows no earlier branch took,
 * and a list of a few hundred dates tested first cost every value a few hundred comparisons
 * (10M values: 4.1–4.5 s first, 0.6–1.1 s last). No run holds a change day, so the order does not
 * change any result. The change days are a list, not `IN (…)`: DuckDB plans an `IN` of many
 * constants as a join of every row, outside the CASE, and planning it for each timestamp column
 * was 0.08 s of the sample's leads (10 columns; the whole statement 0.28 → 0.20 s).
 */
export function localToUtcSql(localRef: string, timezone: string): string {
  const { changeDates, runs } = shiftsOf(timezone);
  const tz = literal(timezone);
  // Today only orders the branches; every branch gives the same instant, so results never depend on it.
  const today = new Date().toISOString().slice(0, 10);
  const byRecency = [...runs].sort((a, b) => distance(a, today) - distance(b, today) || a.from.localeCompare(b.from));
  const branches = byRecency.map(
    (r) => `WHEN ${localRef} >= TIMESTAMP '${r.from}' AND ${localRef} < TIMESTAMP '${r.until}' THEN ${localRef} + INTERVAL '${-r.offsetMinutes} minutes'`,
  );
  const exact = changeDates.length === 0 ? '' : `WHEN list_contains([${changeDates.map((d) => `DATE '${d}'`).join(', ')}], CAST(${localRef} AS DATE)) THEN local_to_utc(${localRef}, ${tz})`;
  return `CASE ${branches.join(' ')} ${exact} ELSE timezone(${tz}, ${localRef})::TIMESTAMP END`;
}

/** The session macro staging calls for one zone's wall-clock TIMESTAMPs; see `localToUtcMacroSql`. */
export const ZONE_TO_UTC = 'contract_zone_to_utc';

/**
 * Defines `contract_zone_to_utc(local)` for this run's zone, once per session: `localToUtcSql`'s
 * few hundred branches are written once instead of once per timestamp column of every input
 * (leads alone has ten), so the staging SQL `pipeline sql` prints stays readable. A macro is
 * expanded where it is called, so the cost per value is unchanged.
 */
export function localToUtcMacroSql(timezone: string): string {
  return `CREATE OR REPLACE TEMP MACRO ${ZONE_TO_UTC}(l) AS (${localToUtcSql('l', timezone)})`;
}

/** Days between a run and a date (0 inside it), as ISO strings compare. */
function distance(run: { from: string; until: string }, date: string): number {
  if (date >= run.from && date < run.until) return 0;
  const day = epochDayOfIsoDate(date);
  return date < run.from ? epochDayOfIsoDate(run.from) - day : day - epochDayOfIsoDate(run.until) + 1;
}

/** Step 1 of a timestamp: the instant when the text carries an offset, else the local wall time. */
export function timestampPartsSql(text: string, dayFirst: boolean): { given: string; local: string } {
  const order = dayFirst ? '%d/%m/%Y' : '%m/%d/%Y';
  const slashFormats = `[${['%H:%M:%S', '%H:%M', '%I:%M:%S %p', '%I:%M %p'].map((t) => `'${order} ${t}'`).join(', ')}, '${order}']`;
  return {
    // DuckDB's cast wants seconds and no space before the offset; ISO 8601 allows `T10:45-03:00`.
    // The strptime test skips the regex for the common `yyyy-mm-dd HH:MM:SS`, which has no offset.
    given: `CASE WHEN try_strptime(${text}, '%Y-%m-%d %H:%M:%S') IS NULL AND regexp_matches(${text}, '${ISO_WITH_OFFSET}') THEN try_cast(regexp_replace(regexp_replace(${text}, '\\s+([Z+-])', '\\1'), '^(.{10}[T ]\\d{2}:\\d{2})([Z+-])', '\\1:00\\2') AS TIMESTAMPTZ)::TIMESTAMP END`,
    // The most common export form is tried first with one strict strptime; regexes only for the rest.
    local: `coalesce(try_strptime(${text}, '%Y-%m-%d %H:%M:%S'), CASE
      WHEN regexp_matches(${text}, '${ISO_LOCAL}') THEN try_cast(replace(${text}, 'T', ' ') AS TIMESTAMP)
      WHEN regexp_matches(${text}, '${SLASHED_DATE}') THEN try_strptime(${text}, ${slashFormats}) END)`,
  };
}

/** Step 2 of a timestamp: one UTC instant from the parts (needs `localToUtcMacroSql` run in the session). */
export function timestampValueSql(givenRef: string, localRef: string): string {
  return `coalesce(${givenRef}, ${ZONE_TO_UTC}(${localRef}))`;
}

/**
 * Parses `1234.56`, `1.234,56`, `R$ 1.234,56`, `1,234.56` with the file's decimal separator;
 * the other separator is a thousands mark and is dropped only where it groups three digits.
 * A leading currency symbol or ISO 4217 code is dropped (Salesforce reports write amounts of
 * multi-currency orgs as `BRL 12.500,00`, `EUR 900,00`, `USD 1,200.00`).
 */
export function numberValueSql(text: string, decimal: '.' | ','): string {
  const stripped = `regexp_replace(${text}, '^(R\\$|US\\$|\\$|€|£|[A-Z]{3})\\s*|\\s', '', 'g')`;
  const grouped = decimal === ',' ? `^-?\\d{1,3}(\\.\\d{3})+(,\\d+)?$|^-?\\d+(,\\d+)?$` : `^-?\\d{1,3}(,\\d{3})+(\\.\\d+)?$|^-?\\d+(\\.\\d+)?$`;
  const normalised = decimal === ',' ? `replace(replace(${stripped}, '.', ''), ',', '.')` : `replace(${stripped}, ',', '')`;
  return `CASE WHEN regexp_matches(${stripped}, '${grouped}') THEN try_cast(${normalised} AS DOUBLE) END`;
}

/**
 * Maps a value through its synonyms: an exact canonical word (`call`) is one hash lookup; only
 * other spellings (`Ligação`, `E-mail`) pay for folding. NULL when unknown.
 */
export function enumValueSql(textRef: string, synonyms: Synonyms): string {
  const entries = synonymPairs(synonyms).map(([word, canonical]) => `${literal(word)}: ${literal(canonical)}`);
  const exact = Object.keys(synonyms).map((c) => `${literal(c)}: ${literal(c)}`);
  return `CASE WHEN map_contains(MAP {${exact.join(', ')}}, ${textRef}) THEN MAP {${exact.join(', ')}}[${textRef}]
    ELSE MAP {${entries.join(', ')}}[${foldSql(textRef)}] END`;
}

/** What a value of each type is expected to look like, for reasons. */
export function expectation(type: ValueType, ctx: ValueContext): string {
  switch (type.kind) {
    case 'timestamp':
      return `is not a valid date or timestamp (expected ISO 8601, ${ctx.dayFirst ? 'dd/mm/yyyy' : 'mm/dd/yyyy'} [HH:MM[:SS]] or yyyy-mm-dd HH:MM:SS)`;
    case 'number':
      return `is not a number (expected a form such as ${ctx.decimal === ',' ? '1.234,56' : '1,234.56'})`;
    case 'enum':
      return `is not one of ${Object.keys(type.synonyms).join(', ')}`;
    case 'text':
      return '';
  }
}

/** Parses one standalone timestamp text (e.g. `--as-of`) into a UTC TIMESTAMP expression. */
export function timestampSql(text: string, ctx: ValueContext): string {
  const parts = timestampPartsSql(text, ctx.dayFirst);
  return `coalesce(${parts.given}, local_to_utc(${parts.local}, ${literal(ctx.timezone)}))`;
}
