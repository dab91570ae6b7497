import { dateValue, timestampValue, type DuckDBConnection } from '@duckdb/node-api';
import type { BusinessCalendar } from './calendar.ts';
import { epochDayOfIsoDate } from './zone.ts';

// PLACEHOLDER-HEADER

const MINUTE = 60_000;

/** Names of the SQL macros `writeCalendarTable` defines, for callers that build SQL text. */
export const CALENDAR_MACROS = {
  minutesAt: 'business_minutes_at',
  minutesBetween: 'business_minutes_between',
  clockStart: 'business_clock_start',
  deadline: 'business_deadline',
  dayIndex: 'business_day_index',
  windowEnd: 'business_window_end',
} as const;

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function sqlTimestamp(ms: number): string {
  return `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/**
 * Writes `calendar` into DuckDB as tables `calendar_openings`, `calendar_business_days` and
 * `calendar_holidays`, and (re)defines the business-time macros over them.
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

  await connection.run(`COMMENT ON TABLE calendar_openings IS ${sqlString(
    `Business time of the contract, one row per opening range of a business day, local dates ${coverage}. ` +
      'Instants are naive TIMESTAMPs in UTC; [opens_at, closes_at) is open; cum_before/cum_after are business minutes from the calendar start. ' +
      'Use the macros business_minutes_at, business_minutes_between, business_clock_start, business_deadline, business_day_index, business_window_end.',
  )}`);
  await connection.run(`COMMENT ON TABLE calendar_business_days IS ${sqlString(
    `One row per business day ${coverage}: first opening, close of business (last closing), business minutes; day_index numbers business days consecutively from 0.`,
  )}`);
  await connection.run(`COMMENT ON TABLE calendar_holidays IS ${sqlString(
    `One row per holiday inside ${coverage}: public holidays of holidays.country (name from date-holidays) and holidays.dates of the contract (from_contract).`,
  )}`);

  const lo = sqlTimestamp(startMs);
  const hi = sqlTimestamp(endMs);
  const outside = (ts: string) => `error('calendar range ${from}..${to} does not cover ' || strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%gZ'))`;
  // Every macro guards its argument: an instant outside the range would otherwise silently read
  // the first or last opening.
  const guard = (ts: string, body: string) => `CASE WHEN ${ts} IS NULL THEN NULL WHEN ${ts} < ${lo} OR ${ts} > ${hi} THEN ${outside(ts)} ELSE ${body} END`;

  await connection.run(`
    CREATE OR REPLACE MACRO business_minutes_at(ts) AS ${guard(
      'ts',
      `coalesce((
        SELECT o.cum_before + least(epoch_us(x.t) - epoch_us(o.opens_at), epoch_us(o.closes_at) - epoch_us(o.opens_at)) / 60e6
        FROM (SELECT ts AS t) x ASOF JOIN calendar_openings o ON x.t >= o.opens_at), 0.0)`,
    )}`);
  await connection.run(`
    CREATE OR REPLACE MACRO business_minutes_between(from_ts, to_ts) AS
      CASE WHEN to_ts <= from_ts THEN 0.0 ELSE business_minutes_at(to_ts) - business_minutes_at(from_ts) END`);
  await connection.run(`
    CREATE OR REPLACE MACRO business_clock_start(ts) AS ${guard(
      'ts',
      `coalesce((
        SELECT greatest(x.t, o.opens_at)
        FROM (SELECT ts AS t) x ASOF JOIN calendar_openings o ON x.t < o.closes_at), ${outside('ts')})`,
    )}`);
  await connection.run(`
    CREATE OR REPLACE MACRO business_day_index(ts) AS ${guard(
      'ts',
      `coalesce((
        SELECT o.day_index
        FROM (SELECT ts AS t) x ASOF JOIN calendar_openings o ON x.t < o.closes_at), ${outside('ts')})`,
    )}`);
  await connection.run(`
    CREATE OR REPLACE MACRO business_deadline(from_ts, minutes) AS
      CASE WHEN minutes < 0 THEN error('business_deadline needs minutes >= 0, got ' || minutes) WHEN minutes = 0 THEN from_ts ELSE coalesce((
        SELECT least(make_timestamp(epoch_us(o.opens_at) + CAST(ceil((x.target - o.cum_before) * 60000 - 1e-6) AS BIGINT) * 1000), o.closes_at)
        FROM (SELECT business_minutes_at(from_ts) + minutes AS target) x ASOF JOIN calendar_openings o ON x.target <= o.cum_after),
        CASE WHEN from_ts IS NOT NULL AND minutes IS NOT NULL THEN error('calendar range ${from}..${to} ends before the deadline') END) END`);
  await connection.run(`
    CREATE OR REPLACE MACRO business_window_end(from_ts, days) AS
      CASE WHEN days < 1 THEN error('business_window_end needs days >= 1, got ' || days) ELSE coalesce((
        SELECT d.closes_at
        FROM (SELECT from_ts AS t, days AS n) x ASOF JOIN calendar_openings o ON x.t < o.closes_at
        JOIN calendar_business_days d ON d.day_index = o.day_index + x.n - 1),
        CASE WHEN from_ts IS NOT NULL AND days IS NOT NULL THEN error('calendar range ${from}..${to} ends before the window end') END) END`);
}
