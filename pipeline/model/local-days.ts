import { utcOffsetMs } from '../calendar/zone.ts';
import type { Contract } from '../contract/schema.ts';
import type { NotNull } from 'kysely';
import { literal, type Db } from '../db.ts';
import { periodKeyOfDateSql } from './periods.ts';

// Local dates of instants in the contract's zone, in SQL. DuckDB's ICU `timezone()` costs about a
// second per million rows; the zone's UTC offset is piecewise constant, so a CASE over its few
// changes (from the calendar's own DST rules, zone.ts) gives the same dates for a few milliseconds.

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** One stretch of constant UTC offset: from `fromMs` (null: the beginning of time) on. */
interface OffsetSpan {
  fromMs: number | null;
  offsetMinutes: number;
}

/** The offsets of `timezone` between two instants, found hourly and pinned to the minute. */
function offsetSpans(timezone: string, fromMs: number, toMs: number): OffsetSpan[] {
  const offsetAt = (ms: number) => Math.round(utcOffsetMs(timezone, ms) / MINUTE);
  const spans: OffsetSpan[] = [{ fromMs: null, offsetMinutes: offsetAt(fromMs) }];
  for (let ms = fromMs; ms < toMs; ms += HOUR) {
    const next = Math.min(ms + HOUR, toMs);
    if (offsetAt(next) === spans.at(-1)!.offsetMinutes) continue;
    // The change lies in (ms, next]: narrow it to the first minute with the new offset.
    let lo = ms;
    let hi = next;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offsetAt(mid) === spans.at(-1)!.offsetMinutes) lo = mid;
      else hi = mid;
    }
    spans.push({ fromMs: hi, offsetMinutes: offsetAt(hi) });
  }
  return spans;
}

const timestampText = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/**
 * `zone_offsets` and the macros `local_date`, `period_key`: one row per stretch of constant UTC offset of the contract's zone over the
 * local dates `from`..`to` (yyyy-mm-dd): valid_from (UTC, NULL for the first) and offset_minutes.
 */
export async function writeZoneOffsets(db: Db, contract: Contract, from: string, to: string): Promise<void> {
  for (const statement of zoneOffsetsStatements(contract, from, to)) await db.run(statement);
}

/**
 * The statements that write `zone_offsets` for the local dates `from`..`to`, then define the
 * macros `local_date(ts)` (DATE of a UTC TIMESTAMP in the contract's zone) and `period_key(d)`
 * (the contract period of a local DATE) as a CASE over those offsets.
 */
export function zoneOffsetsStatements(contract: Contract, from: string, to: string): string[] {
  const spans = offsetSpans(contract.timezone, Date.parse(`${from}T00:00:00Z`) - 14 * HOUR, Date.parse(`${to}T00:00:00Z`) + 38 * HOUR);
  const values = spans.map((s) => `(${s.fromMs === null ? 'NULL::TIMESTAMP' : `TIMESTAMP ${literal(timestampText(s.fromMs))}`}, ${s.offsetMinutes})`);
  const comment = `One row per stretch of constant UTC offset of ${contract.timezone} (DST changes) around ${from}..${to}: from valid_from (UTC; NULL = before the first change) the local wall clock is UTC + offset_minutes.`;
  const rows = spans.map((s) => ({ from: s.fromMs === null ? null : timestampText(s.fromMs), minutes: s.offsetMinutes }));
  return [
    `CREATE OR REPLACE TABLE zone_offsets AS
SELECT * FROM (VALUES ${values.join(', ')}) AS z(valid_from, offset_minutes) ORDER BY valid_from NULLS FIRST`,
    `COMMENT ON TABLE zone_offsets IS ${literal(comment)}`,
    `CREATE OR REPLACE MACRO local_date(ts) AS ${localDateOf(rows, 'ts')}`,
    `CREATE OR REPLACE MACRO period_key(d) AS ${periodKeyOfDateSql(contract.period, 'd')}`,
  ];
}

/** The local DATE of UTC TIMESTAMP `ts` given the offset stretches (the first from the beginning of time). */
function localDateOf(spans: Array<{ from: string | null; minutes: number }>, ts: string): string {
  if (spans.length === 0) throw new Error('zone_offsets is empty');
  const minutes =
    spans.length === 1
      ? String(spans[0]!.minutes)
      : `CASE ${spans
          .slice(1)
          .map((s, i) => `WHEN ${ts} < TIMESTAMP ${literal(s.from!)} THEN ${spans[i]!.minutes}`)
          .join(' ')} ELSE ${spans.at(-1)!.minutes} END`;
  return `CAST(${ts} + to_minutes(CAST(${minutes} AS BIGINT)) AS DATE)`;
}

/** SQL of the local date (DATE) and the contract period (VARCHAR) of a UTC TIMESTAMP expression. Needs `zone_offsets`. */
export interface LocalDaySql {
  date: string;
  period: string;
}

/** Builds `LocalDaySql` for `ts` from the `zone_offsets` of the run. */
export async function localDaySql(db: Db, contract: Contract, ts: string): Promise<LocalDaySql> {
  const offsets = await db.rows(
    db.query.selectFrom('zone_offsets').select(['valid_from', 'offset_minutes']).$narrowType<{ offset_minutes: NotNull }>().orderBy('valid_from', (o) => o.nullsFirst()),
  );
  const spans = offsets.map((o) => ({ from: o.valid_from === null ? null : o.valid_from.replace('T', ' ').replace('Z', ''), minutes: o.offset_minutes }));
  const date = localDateOf(spans, ts);
  return { date, period: periodKeyOfDateSql(contract.period, date) };
}
