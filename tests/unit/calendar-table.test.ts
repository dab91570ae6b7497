import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { weeklyHours } from '../../pipeline/contract/business-hours.ts';
import { buildCalendar, type BusinessCalendar, type CalendarContract } from '../../pipeline/calendar/calendar.ts';
import {
  clockStartSql,
  cumulativeMinutesSql,
  deadlineSql,
  elapsedMinutesSql,
  windowEndSql,
  writeCalendarTable,
} from '../../pipeline/calendar/calendar-table.ts';
import { localDate } from '../../pipeline/calendar/zone.ts';

const WEEK = '09:00-12:00,13:00-18:00';
const acme: CalendarContract = {
  timezone: 'America/Sao_Paulo',
  business_hours: weeklyHours({ mon: WEEK, tue: WEEK, wed: WEEK, thu: WEEK, fri: '09:00-12:00,13:00-17:00' }),
  holidays: { country: 'BR', dates: ['2026-12-24', '2026-12-31'] },
};
const newYork: CalendarContract = {
  timezone: 'America/New_York',
  business_hours: weeklyHours({ mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00', sun: '00:00-24:00' }),
  holidays: { country: 'US', dates: [] },
};
const saoPauloFallBack: CalendarContract = { ...acme, business_hours: weeklyHours({ fri: WEEK, sat: '22:00-24:00', sun: '00:00-02:00', mon: WEEK }), holidays: { dates: [] } };

interface Probe {
  a: number;
  b: number;
  minutes: number;
  days: number;
}

/** Deterministic probes: hand-picked instants (DST, lunch, holiday, exact openings/closings) and pseudo-random ones. */
function probesFor(calendar: BusinessCalendar, picked: string[], count: number, lastMs: number): Probe[] {
  let seed = 20261113;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const instants = picked.map((text) => Date.parse(text));
  for (const interval of calendar.intervals.slice(0, 40)) instants.push(interval.startMs, interval.endMs, interval.endMs - 1);
  const { startMs } = calendar.range;
  for (let i = 0; i < count; i++) instants.push(startMs + Math.floor(random() * (lastMs - startMs)));
  return instants.map((a, i) => ({
    a,
    b: Math.max(startMs, a + Math.floor(random() * 6 * 86_400_000) - (i % 7 === 0 ? 86_400_000 : 0)),
    minutes: [0, 15, 60, 240, 480, 37.25, 0.5][i % 7]!,
    days: 1 + (i % 10),
  }));
}

const sqlTs = (ms: number) => `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

type SqlRow = { cumulative: number; elapsed: number; clock_start: number; deadline: number; day_index: number; window_end: number; local_date: string };

async function loadProbes(probes: Probe[]) {
  await connection.run('CREATE OR REPLACE TEMP TABLE probes (id INTEGER, a TIMESTAMP, b TIMESTAMP, minutes DOUBLE, days INTEGER)');
  const rows = probes.map((p, i) => `(${i}, ${sqlTs(p.a)}, ${sqlTs(p.b)}, ${p.minutes}, ${p.days})`);
  await connection.run(`INSERT INTO probes VALUES ${rows.join(',')}`);
}

async function macroResults(): Promise<SqlRow[]> {
  const reader = await connection.runAndReadAll(`
    SELECT business_minutes_at(a) AS cumulative,
           business_minutes_between(a, b) AS elapsed,
           CAST(epoch_ms(business_clock_start(a)) AS DOUBLE) AS clock_start,
           CAST(epoch_ms(business_deadline(a, minutes)) AS DOUBLE) AS deadline,
           business_day_index(a) AS day_index,
           CAST(epoch_ms(business_window_end(a, days)) AS DOUBLE) AS window_end,
           CAST(CAST(calendar_local_time(a) AS DATE) AS VARCHAR) AS local_date
    FROM probes ORDER BY id`);
  return reader.getRowObjectsJson() as SqlRow[];
}

async function patternResults(): Promise<SqlRow[]> {
  const cumulative = cumulativeMinutesSql('p.a', 'cum');
  const elapsed = elapsedMinutesSql('p.a', 'p.b', 'el');
  const clock = clockStartSql('p.a', 'clock');
  const deadline = deadlineSql('p.a', 'p.minutes', 'dl');
  const windowEnd = windowEndSql('p.a', 'p.days', 'win');
  const reader = await connection.runAndReadAll(`
    SELECT ${cumulative.expr} AS cumulative,
           ${elapsed.expr} AS elapsed,
           CAST(epoch_ms(${clock.expr}) AS DOUBLE) AS clock_start,
           CAST(epoch_ms(${deadline.expr}) AS DOUBLE) AS deadline,
           ${clock.dayIndex} AS day_index,
           CAST(epoch_ms(${windowEnd.expr}) AS DOUBLE) AS window_end,
           CAST(CAST(calendar_local_time(p.a) AS DATE) AS VARCHAR) AS local_date
    FROM probes p
    ${cumulative.joins}
    ${elapsed.joins}
    ${clock.joins}
    ${deadline.joins}
    ${windowEnd.joins}
    ORDER BY p.id`);
  return reader.getRowObjectsJson() as SqlRow[];
}

async function expectSameAsJs(calendar: BusinessCalendar, probes: Probe[]) {
  await writeCalendarTable(connection, calendar);
  await loadProbes(probes);
  for (const [path, rows] of [['macros', await macroResults()], ['ASOF patterns', await patternResults()]] as const) {
    expect(rows).toHaveLength(probes.length);
    probes.forEach((p, i) => expectRow(calendar, p, rows[i]!, path));
  }
}

function expectRow(calendar: BusinessCalendar, p: Probe, row: SqlRow, path: string) {
  const label = `${path}: ${new Date(p.a).toISOString()} → ${new Date(p.b).toISOString()}, ${p.minutes} min, ${p.days} days`;
  expect(Math.abs(row.cumulative - calendar.cumulative(p.a)), label).toBeLessThan(1e-6);
  expect(Math.abs(row.elapsed - calendar.elapsedMinutes(p.a, p.b)), label).toBeLessThan(1e-6);
  expect(row.clock_start, label).toBe(calendar.clockStart(p.a));
  expect(row.deadline, label).toBe(calendar.deadline(p.a, p.minutes));
  expect(row.day_index, label).toBe(calendar.businessDayOf(p.a).dayIndex);
  expect(row.window_end, label).toBe(calendar.windowEnd(p.a, p.days));
  expect(row.local_date, label).toBe(localDate(calendar.timezone, p.a));
}

describe('calendar tables and macros', () => {
  it('match the JS calendar across lunch breaks, weekends and holidays', async () => {
    // Runs into 2027 so a 10-day window opened on 23 December still fits.
    const calendar = buildCalendar(acme, { from: '2026-01-01', to: '2027-02-28' });
    const picked = [
      '2026-11-13T19:30:00Z', // Fri 16:30, 30 minutes before the 17:00 close
      '2026-11-17T14:30:00Z', // Tue 11:30, before lunch
      '2026-11-17T15:30:00Z', // Tue 12:30, during lunch
      '2026-11-19T20:30:00Z', // Thu 17:30, before Consciência Negra
      '2026-11-20T13:00:00Z', // Fri 10:00 on Consciência Negra
      '2026-12-23T20:00:00Z', // Wed 17:00, before the contract's 24 December
      '2026-11-21T13:00:00Z', // Saturday
      '2026-11-17T14:59:45.250Z', // fractional minutes
    ];
    await expectSameAsJs(calendar, probesFor(calendar, picked, 300, Date.parse('2026-11-30T00:00:00Z')));
    // Hand-worked: Fri 16:30 → Mon 09:30 = 30 + 30 = 60 business minutes; deadline of 60 from Fri 16:30 is Mon 09:30.
    const reader = await connection.runAndReadAll(`
      SELECT business_minutes_between(TIMESTAMP '2026-11-13 19:30', TIMESTAMP '2026-11-16 12:30') AS elapsed,
             CAST(business_deadline(TIMESTAMP '2026-11-13 19:30', 60) AS VARCHAR) AS deadline,
             CAST(business_window_end(TIMESTAMP '2026-11-16 13:00', 5) AS VARCHAR) AS window_end`);
    expect(reader.getRowObjectsJson()).toEqual([{ elapsed: 60, deadline: '2026-11-16 12:30:00', window_end: '2026-11-23 21:00:00' }]);
  });

  it('match the JS calendar across DST changes', async () => {
    const ny = buildCalendar(newYork, { from: '2026-02-15', to: '2026-04-30' });
    await expectSameAsJs(ny, probesFor(ny, ['2026-03-06T21:00:00Z', '2026-03-08T06:30:00Z', '2026-03-08T07:00:00Z'], 150, Date.parse('2026-04-10T00:00:00Z')));
    const sp = buildCalendar(saoPauloFallBack, { from: '2017-10-01', to: '2018-03-31' });
    const picked = ['2017-10-15T02:30:00Z', '2017-10-15T03:00:00Z', '2018-02-18T01:30:00Z', '2018-02-18T02:30:00Z'];
    await expectSameAsJs(sp, probesFor(sp, picked, 150, Date.parse('2018-03-10T00:00:00Z')));
  });

  it('describes the grain and covers every opening', async () => {
    const calendar = buildCalendar(acme, { from: '2026-01-01', to: '2026-12-31' });
    await writeCalendarTable(connection, calendar);
    const reader = await connection.runAndReadAll(`
      SELECT (SELECT count(*)::INTEGER FROM calendar_openings) AS openings,
             (SELECT sum(minutes) FROM calendar_openings) AS minutes,
             (SELECT count(*)::INTEGER FROM calendar_business_days) AS days,
             (SELECT count(*)::INTEGER FROM calendar_holidays) AS holidays,
             (SELECT comment FROM duckdb_tables() WHERE table_name = 'calendar_openings') AS comment`);
    const [row] = reader.getRowObjectsJson() as [{ openings: number; minutes: number; days: number; holidays: number; comment: string }];
    expect(row.openings).toBe(calendar.intervals.length);
    expect(row.minutes).toBe(calendar.totalMinutes);
    expect(row.days).toBe(calendar.businessDayCount);
    expect(row.holidays).toBe(calendar.holidays.length);
    expect(row.comment).toContain('one row per opening range of a business day');
  });

  it('passes NULL through and refuses instants outside the range', async () => {
    const calendar = buildCalendar(acme, { from: '2026-01-01', to: '2026-12-31' });
    await writeCalendarTable(connection, calendar);
    const nulls = await connection.runAndReadAll(`
      SELECT business_minutes_between(NULL::TIMESTAMP, TIMESTAMP '2026-11-16 12:30') AS elapsed,
             business_deadline(NULL::TIMESTAMP, 60) AS deadline, business_window_end(NULL::TIMESTAMP, 3) AS window_end`);
    expect(nulls.getRowObjectsJson()).toEqual([{ elapsed: null, deadline: null, window_end: null }]);
    await expect(connection.run(`SELECT business_minutes_at(TIMESTAMP '2030-01-01 00:00')`)).rejects.toThrow(
      'calendar range 2026-01-01..2026-12-31 does not cover 2030-01-01T00:00:00.000Z',
    );
    await expect(connection.run(`SELECT business_deadline(TIMESTAMP '2026-12-30 20:00', 10000)`)).rejects.toThrow(
      'calendar range 2026-01-01..2026-12-31 ends before 10000 business minutes after 2026-12-30T20:00:00.000Z',
    );
    await expect(connection.run(`SELECT business_window_end(TIMESTAMP '2026-12-30 20:00', 3)`)).rejects.toThrow('ends before business day 3 after 2026-12-30T20:00:00.000Z');
    await expect(connection.run(`SELECT business_window_end(TIMESTAMP '2026-11-16 13:00', 0)`)).rejects.toThrow('needs whole days >= 1, got 0');
    // The ASOF patterns check the range in their join condition.
    const elapsed = elapsedMinutesSql('p.a', 'p.b', 'el');
    await connection.run(`CREATE OR REPLACE TEMP TABLE late AS SELECT TIMESTAMP '2026-11-16 13:00' AS a, TIMESTAMP '2027-01-05 13:00' AS b`);
    await expect(connection.run(`SELECT ${elapsed.expr} FROM late p ${elapsed.joins}`)).rejects.toThrow('does not cover 2027-01-05T13:00:00.000Z');
  });
});
