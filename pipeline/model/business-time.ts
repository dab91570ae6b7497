import { cumulativeMinutesSql, type CalendarJoinSql } from '../calendar/calendar-table.ts';

// Exact business-time arithmetic for the model, on top of the calendar's ASOF pattern. Minutes
// from the calendar are DOUBLEs; a clause such as "elapsed ≤ 15 minutes" must not flip on float
// noise when an attempt lands exactly on its deadline, so the model compares whole microseconds.

/** Microseconds in a minute, for converting contract durations. */
export const MICROS_PER_MINUTE = 60_000_000;

/**
 * Business microseconds from the calendar start to `ts` (BIGINT), as an ASOF join: the same
 * lookup as `business_minutes_at`, but integral. Opening ranges start on whole minutes, so
 * `cum_before` is a whole number of minutes and the conversion is exact.
 */
export function businessMicrosSql(ts: string, alias: string): CalendarJoinSql {
  const { joins } = cumulativeMinutesSql(ts, alias);
  const span = `epoch_us(${alias}.closes_at) - epoch_us(${alias}.opens_at)`;
  return {
    joins,
    expr: `CASE WHEN ${ts} IS NULL THEN NULL ELSE coalesce(CAST(round(${alias}.cum_before * ${MICROS_PER_MINUTE}) AS BIGINT) + least(epoch_us(${ts}) - epoch_us(${alias}.opens_at), ${span}), 0) END`,
  };
}

/**
 * Position of `ts` on the business-day axis (DOUBLE): the index of the business day its clock
 * stands on plus the share of that day's business minutes already gone. A difference of two
 * positions is a number of business days: Monday 10:00 → Tuesday 10:00 is 1, an evening event
 * stands at the start (share 0) of the next business day, and date-only data gives whole days.
 * `cumMinutes` is the instant's cumulative business minutes (DOUBLE, from the calendar start).
 */
export function dayPositionSql(ts: string, cumMinutes: string, alias: string): CalendarJoinSql {
  return {
    joins: `ASOF LEFT JOIN calendar_business_days ${alias} ON (${cumMinutes}) >= ${alias}.cum_before`,
    expr: `CASE WHEN ${ts} IS NULL THEN NULL ELSE ${alias}.day_index + least((${cumMinutes}) - ${alias}.cum_before, ${alias}.minutes) / ${alias}.minutes END`,
  };
}
