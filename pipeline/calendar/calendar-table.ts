// The business calendar inside DuckDB, so SQL does business-time arithmetic over millions of rows
// without a round trip through JS. Warehouse convention: every instant is a naive TIMESTAMP holding UTC.
//
// Tables (written by `writeCalendarTable`, each with a COMMENT ON TABLE):
//   calendar_openings       one row per opening range of a business day: opening_date (local DATE), day_index,
//                           opens_at, closes_at (open on [opens_at, closes_at)), minutes, cum_before, cum_after
//                           (business minutes from the calendar start to opens_at / closes_at)
//   calendar_business_days  one row per business day: business_date, day_index, opens_at, closes_at (close of
//                           business), minutes, cum_before
//   calendar_holidays       holiday_date, name, from_contract
//
// Per-row macros, for analysts' ad-hoc SQL (NULL in, NULL out; an instant outside the range raises
// "calendar range 2026-01-01..2026-12-31 does not cover 2027-01-05T13:00:00.000Z"):
//   business_minutes_at(ts)                   DOUBLE     business minutes from the calendar start to ts
//   business_minutes_between(from_ts, to_ts)  DOUBLE     business minutes between, 0 when to_ts <= from_ts
//   business_clock_start(ts)                  TIMESTAMP  first instant >= ts inside business time
//   business_day_index(ts)                    INTEGER    day_index of the business day the clock stands on at ts
//   business_deadline(from_ts, minutes)       TIMESTAMP  first millisecond at which `minutes` have elapsed
//   business_window_end(from_ts, days)        TIMESTAMP  close of business of day `days`, day 1 = the clock start's day
//   calendar_local_time(ts)                   TIMESTAMP  wall clock in the contract's zone (CAST to DATE: local date)
//   calendar_checked(ts)                      ts itself, or the out-of-range error
//   e.g. SELECT handoff_id, business_minutes_between(mql_at, first_attempt_at) AS response_minutes FROM handoffs
//
// ASOF JOIN builders, for the pipeline: cumulativeMinutesSql, elapsedMinutesSql, clockStartSql (+ dayIndex),
// deadlineSql, windowEndSql return {joins, expr} for given column expressions and a unique alias:
//   const due = deadlineSql('h.mql_at', 'h.response_within', 'due');
//   `SELECT h.handoff_id, ${due.expr} AS response_due FROM handoffs h ${due.joins}`
//
// Measured with scripts/bench-calendar.ts: 1M random (from, to) pairs over 2024-2026, São Paulo hours with a
// lunch break and BR holidays (1,518 openings), DuckDB 1.5.6 on 2 shared cores, best of 3, spread over runs:
//   JS BusinessCalendar.elapsedMinutes loop   ~175 ms   (deadline ~165 ms, windowEnd ~150 ms)
//   macro business_minutes_between            500-580 ms (business_deadline 450-700, business_window_end 210-340)
//   elapsedMinutesSql ASOF pattern            220-260 ms (deadlineSql ~240, windowEndSql ~90)
//   the pairs into DuckDB by appender         0.9-1.4 s  (the JS path pays this, and the way back, on warehouse data)
//   buildCalendar for 3 years                 60-90 ms cold (date-holidays, Intl caches), 8-25 ms warm
//   SQL and JS agree exactly (max |difference| 0 minutes).
// Choice: pipeline SQL uses the builders. Each lookup is one ASOF JOIN against ~1.5k rows; the macros wrap the
// same join in a correlated subquery, which DuckDB decorrelates into a DELIM join (deduplicate the inputs, join,
// hash-join back) that costs about twice as much. Both run per row without leaving DuckDB, which beats
// shipping rows to JS, so the macros remain for ad-hoc SQL where a function call reads better than a join.

import { dateValue, timestampValue, type DuckDBConnection } from '@duckdb/node-api';
import { literal, timestampLiteral } from '../db.ts';
import type { BusinessCalendar } from './calendar.ts';
import { epochDayOfIsoDate } from './zone.ts';

const MINUTE = 60_000;

const sqlTimestamp = (ms: number) => timestampLiteral(new Date(ms).toISOString());

/**
 * Writes `calendar` into DuckDB as tables `calendar_openings`, `calendar_business_days` and
 * `calendar_holidays` (replacing them) and (re)defines the macros listed above over them.
 */
export async function writeCalendarTable(connection: DuckDBConnection, calendar: BusinessCalendar): Promise<void> {
  const { from, to, startMs, endMs } = calendar.range;
  const coverage = `${from}..${to} (${calendar.timezone})`;

  await connection.run(`
    CREATE OR REPLACE TABLE calendar_openings (
      opening_date DATE NOT NULL,
      day_index INTEGER NOT NULL,
      opens_at TIMESTAMP NOT NULL,
      closes_at TIMESTAMP NOT NULL,
      minutes DOUBLE NOT NULL,
      cum_before DOUBLE NOT NULL,
      cum_after DOUBLE NOT NULL
    )`);
  const openings = await connection.createAppender('calendar_openings');
  for (const interval of calendar.intervals) {
    const minutes = (interval.endMs - interval.startMs) / MINUTE;
    openings.appendDate(dateValue(epochDayOfIsoDate(interval.date)));
    openings.appendInteger(interval.dayIndex);
    openings.appendTimestamp(timestampValue(BigInt(interval.startMs) * 1000n));
    openings.appendTimestamp(timestampValue(BigInt(interval.endMs) * 1000n));
    openings.appendDouble(minutes);
    openings.appendDouble(interval.cumBefore);
    openings.appendDouble(interval.cumBefore + minutes);
    openings.endRow();
  }
  openings.closeSync();

  await connection.run(`
    CREATE OR REPLACE TABLE calendar_business_days AS
    SELECT opening_date AS business_date, day_index, min(opens_at) AS opens_at, max(closes_at) AS closes_at,
           sum(minutes) AS minutes, min(cum_before) AS cum_before
    FROM calendar_openings GROUP BY ALL ORDER BY day_index`);

  await connection.run(`CREATE OR REPLACE TABLE calendar_holidays (holiday_date DATE NOT NULL, name VARCHAR, from_contract BOOLEAN NOT NULL)`);
  const holidays = await connection.createAppender('calendar_holidays');
  for (const holiday of calendar.holidays) {
    holidays.appendDate(dateValue(epochDayOfIsoDate(holiday.date)));
    if (holiday.name === null) holidays.appendNull();
    else holidays.appendVarchar(holiday.name);
    holidays.appendBoolean(holiday.fromContract);
    holidays.endRow();
  }
  holidays.closeSync();

  await connection.run(`COMMENT ON TABLE calendar_openings IS ${literal(
    `Business time of the contract, one row per opening range of a business day, local dates ${coverage}. ` +
      'Instants are naive TIMESTAMPs in UTC; [opens_at, closes_at) is open; cum_before/cum_after are business minutes from the calendar start. ' +
      'Use the macros business_minutes_at, business_minutes_between, business_clock_start, business_deadline, business_day_index, business_window_end.',
  )}`);
  await connection.run(`COMMENT ON TABLE calendar_business_days IS ${literal(
    `One row per business day ${coverage}: first opening, close of business (last closing), business minutes; day_index numbers business days consecutively from 0.`,
  )}`);
  await connection.run(`COMMENT ON TABLE calendar_holidays IS ${literal(
    `One row per holiday inside ${coverage}: public holidays of holidays.country (name from date-holidays) and holidays.dates of the contract (from_contract).`,
  )}`);

  const lo = sqlTimestamp(startMs);
  const hi = sqlTimestamp(endMs);
  const range = `calendar range ${from}..${to}`;
  const instant = (ts: string) => `strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%gZ')`;

  // An instant outside the range would otherwise silently read the first or last opening.
  await connection.run(`
    CREATE OR REPLACE MACRO calendar_checked(ts) AS
      CASE WHEN ts < ${lo} OR ts > ${hi} THEN error('${range} does not cover ' || ${instant('ts')}) ELSE ts END`);
  await connection.run(`
    CREATE OR REPLACE MACRO calendar_local_time(ts) AS timezone(${literal(calendar.timezone)}, timezone('UTC', ts))`);
  await connection.run(`
    CREATE OR REPLACE MACRO business_minutes_at(ts) AS
      CASE WHEN ts IS NULL THEN NULL ELSE (
        SELECT ${cumulativeOf('x.t', 'o')}
        FROM (SELECT calendar_checked(ts) AS t) x ASOF LEFT JOIN calendar_openings o ON x.t >= o.opens_at) END`);
  await connection.run(`
    CREATE OR REPLACE MACRO business_minutes_between(from_ts, to_ts) AS
      CASE WHEN to_ts <= from_ts THEN 0.0 ELSE business_minutes_at(to_ts) - business_minutes_at(from_ts) END`);
  for (const [name, value] of [['business_clock_start', 'greatest(x.t, o.opens_at)'], ['business_day_index', 'o.day_index']]) {
    await connection.run(`
      CREATE OR REPLACE MACRO ${name}(ts) AS
        CASE WHEN ts IS NULL THEN NULL ELSE coalesce((
          SELECT ${value}
          FROM (SELECT calendar_checked(ts) AS t) x ASOF JOIN calendar_openings o ON x.t < o.closes_at),
          error('${range} has no opening after ' || ${instant('ts')})) END`);
  }
  await connection.run(`
    CREATE OR REPLACE MACRO business_deadline(from_ts, minutes) AS
      CASE WHEN minutes < 0 THEN error('deadline needs minutes >= 0, got ' || minutes)
           WHEN minutes = 0 THEN calendar_checked(from_ts)
           WHEN from_ts IS NULL OR minutes IS NULL THEN NULL
           ELSE coalesce((
             SELECT ${instantOf('x.target', 'o')}
             FROM (SELECT business_minutes_at(from_ts) + minutes AS target) x ASOF JOIN calendar_openings o ON x.target <= o.cum_after),
             error('${range} ends before ' || minutes || ' business minutes after ' || ${instant('from_ts')})) END`);
  await connection.run(`
    CREATE OR REPLACE MACRO business_window_end(from_ts, days) AS
      CASE WHEN days < 1 THEN error('windowEnd needs whole days >= 1, got ' || days)
           WHEN from_ts IS NULL OR days IS NULL THEN NULL
           ELSE coalesce((
             SELECT d.closes_at
             FROM (SELECT calendar_checked(from_ts) AS t, days AS n) x ASOF JOIN calendar_openings o ON x.t < o.closes_at
             JOIN calendar_business_days d ON d.day_index = o.day_index + x.n - 1),
             error('${range} ends before business day ' || days || ' after ' || ${instant('from_ts')})) END`);
}

/** Business minutes up to instant `ts` read from opening row `o` (the last one opening at or before ts). */
function cumulativeOf(ts: string, o: string): string {
  return `coalesce(${o}.cum_before + least(epoch_us(${ts}) - epoch_us(${o}.opens_at), epoch_us(${o}.closes_at) - epoch_us(${o}.opens_at)) / 60e6, 0.0)`;
}

/** First whole millisecond at which the running total reaches `target`, inside opening row `o` (the first one whose cum_after reaches it). */
function instantOf(target: string, o: string): string {
  return `least(make_timestamp(epoch_us(${o}.opens_at) + CAST(ceil((${target} - ${o}.cum_before) * 60000 - 1e-6) AS BIGINT) * 1000), ${o}.closes_at)`;
}

/**
 * One business-time computation as an ASOF JOIN pattern, for queries over millions of rows:
 * append `joins` after the FROM items that provide the input columns, and select `expr`.
 * Inputs are SQL expressions, normally qualified column references (`h.mql_at`): the joined
 * calendar tables have columns named `minutes`, `opens_at`, `day_index`…
 */
export interface CalendarJoinSql {
  joins: string;
  expr: string;
}

/** Business minutes from the calendar start to `ts` (as `business_minutes_at`). */
export function cumulativeMinutesSql(ts: string, alias: string): CalendarJoinSql {
  return {
    joins: `ASOF LEFT JOIN calendar_openings ${alias} ON calendar_checked(${ts}) >= ${alias}.opens_at`,
    expr: `CASE WHEN ${ts} IS NULL THEN NULL ELSE ${cumulativeOf(ts, alias)} END`,
  };
}

/** Business minutes between two instants, 0 when `toTs` <= `fromTs` (as `business_minutes_between`). */
export function elapsedMinutesSql(fromTs: string, toTs: string, alias: string): CalendarJoinSql {
  const start = cumulativeMinutesSql(fromTs, `${alias}_from`);
  const end = cumulativeMinutesSql(toTs, `${alias}_to`);
  return { joins: `${start.joins}\n${end.joins}`, expr: `CASE WHEN ${toTs} <= ${fromTs} THEN 0.0 ELSE (${end.expr}) - (${start.expr}) END` };
}

/** Where a clock started at `ts` starts (as `business_clock_start`), and the business day it stands on (`dayIndex`, as `business_day_index`). */
export function clockStartSql(ts: string, alias: string): CalendarJoinSql & { dayIndex: string } {
  const missing = `error('calendar has no opening after ' || strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%gZ'))`;
  return {
    joins: `ASOF LEFT JOIN calendar_openings ${alias} ON calendar_checked(${ts}) < ${alias}.closes_at`,
    expr: `CASE WHEN ${ts} IS NULL THEN NULL WHEN ${alias}.opens_at IS NULL THEN ${missing} ELSE greatest(${ts}, ${alias}.opens_at) END`,
    dayIndex: `CASE WHEN ${ts} IS NULL THEN NULL WHEN ${alias}.opens_at IS NULL THEN ${missing} ELSE ${alias}.day_index END`,
  };
}

/** First instant at which `minutes` business minutes have passed since `fromTs` (as `business_deadline`). */
export function deadlineSql(fromTs: string, minutes: string, alias: string): CalendarJoinSql {
  const start = cumulativeMinutesSql(fromTs, `${alias}_from`);
  return {
    joins: `${start.joins}\nASOF LEFT JOIN calendar_openings ${alias} ON (${start.expr}) + (${minutes}) <= ${alias}.cum_after`,
    expr: `CASE WHEN ${minutes} < 0 THEN error('deadline needs minutes >= 0, got ' || ${minutes})
      WHEN ${minutes} = 0 THEN ${fromTs}
      WHEN ${fromTs} IS NULL OR ${minutes} IS NULL THEN NULL
      WHEN ${alias}.cum_after IS NULL THEN error('calendar ends before ' || ${minutes} || ' business minutes after ' || strftime(${fromTs}, '%Y-%m-%dT%H:%M:%S.%gZ'))
      ELSE ${instantOf(`((${start.expr}) + (${minutes}))`, alias)} END`,
  };
}

/** Close of business of the `days`-th business day of a window opened at `fromTs`, day 1 = the day its clock starts (as `business_window_end`). */
export function windowEndSql(fromTs: string, days: string, alias: string): CalendarJoinSql {
  const clock = clockStartSql(fromTs, `${alias}_clock`);
  return {
    joins: `${clock.joins}\nLEFT JOIN calendar_business_days ${alias} ON ${alias}.day_index = ${alias}_clock.day_index + (${days}) - 1`,
    expr: `CASE WHEN ${days} < 1 THEN error('windowEnd needs whole days >= 1, got ' || ${days})
      WHEN ${fromTs} IS NULL OR ${days} IS NULL THEN NULL
      WHEN ${alias}.closes_at IS NULL THEN error('calendar ends before business day ' || ${days} || ' after ' || strftime(${fromTs}, '%Y-%m-%dT%H:%M:%S.%gZ'))
      ELSE ${alias}.closes_at END`,
  };
}
