// Business-calendar throughput: calendar build time, zone conversions, and 1M random (from, to)
// pairs through the JS calendar and through the DuckDB macros. Prints figures; asserts nothing
// except that both paths agree. Run: TZ=UTC node scripts/bench-calendar.ts [pairs]

import { DuckDBInstance, timestampValue } from '@duckdb/node-api';
import { weeklyHours } from '../pipeline/contract/business-hours.ts';
import { buildCalendar, type CalendarContract } from '../pipeline/calendar/calendar.ts';
import { deadlineSql, elapsedMinutesSql, windowEndSql, writeCalendarTable } from '../pipeline/calendar/calendar-table.ts';
import { localToUtcMs, utcMsToLocal } from '../pipeline/calendar/zone.ts';

const PAIRS = Number(process.argv[2] ?? 1_000_000);
const REPEATS = 3;

// The bundled sla.yaml's calendar.
const WEEK = '09:00-12:00,13:00-18:00';
const contract: CalendarContract = {
  timezone: 'America/Sao_Paulo',
  business_hours: weeklyHours({ mon: WEEK, tue: WEEK, wed: WEEK, thu: WEEK, fri: '09:00-12:00,13:00-17:00' }),
  holidays: { country: 'BR', dates: ['2025-12-24', '2025-12-31', '2026-12-24', '2026-12-31'] },
};
const range = { from: '2024-01-01', to: '2026-12-31' };

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Best wall time of `REPEATS` runs, in ms, and the last result. */
async function best<T>(run: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  let ms = Infinity;
  let result!: T;
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    result = await run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, result };
}

const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
const perCall = (ms: number, n: number) => `${((ms * 1e6) / n).toFixed(0).padStart(5)} ns/call`;
const line = (label: string, ms: number, n?: number) => console.log(`${label.padEnd(52)} ${fmt(ms)}${n ? `   ${perCall(ms, n)}` : ''}`);

console.log(`business calendar benchmark: ${contract.timezone}, ${range.from}..${range.to}, ${PAIRS.toLocaleString('en')} pairs, best of ${REPEATS}`);

let t0 = performance.now();
const calendar = buildCalendar(contract, range);
line('buildCalendar 3 years, cold (date-holidays, Intl)', performance.now() - t0);
const warm = await best(() => buildCalendar(contract, range));
line('buildCalendar 3 years, warm', warm.ms);
console.log(`  ${calendar.intervals.length} opening intervals, ${calendar.businessDayCount} business days, ${calendar.holidays.length} holidays`);

const CONVERSIONS = 5_000_000;
const toUtc = await best(() => {
  let sum = 0;
  for (let i = 0; i < CONVERSIONS; i++) sum += localToUtcMs('America/Sao_Paulo', 2015 + (i % 12), 1 + (i % 12), 1 + (i % 28), i % 24, i % 60, i % 60);
  return sum;
});
line(`localToUtcMs x ${CONVERSIONS.toLocaleString('en')} (2015-2026, DST years)`, toUtc.ms, CONVERSIONS);
const toLocal = await best(() => {
  let sum = 0;
  for (let i = 0; i < CONVERSIONS; i++) sum += utcMsToLocal('America/Sao_Paulo', 1.45e12 + i * 77_777).hour;
  return sum;
});
line(`utcMsToLocal x ${CONVERSIONS.toLocaleString('en')}`, toLocal.ms, CONVERSIONS);

const random = mulberry32(20261113);
const from = new Float64Array(PAIRS);
const to = new Float64Array(PAIRS);
// Leave 40 days at the end so deadlines and 10-day windows stay inside the range.
const span = calendar.range.endMs - calendar.range.startMs - 40 * 86_400_000;
for (let i = 0; i < PAIRS; i++) {
  from[i] = calendar.range.startMs + Math.floor(random() * span);
  to[i] = from[i]! + Math.floor(random() * 30 * 86_400_000);
}
const TIERS = [15, 60, 240, 480];

console.log('\nJS calendar');
const jsElapsed = await best(() => {
  const out = new Float64Array(PAIRS);
  for (let i = 0; i < PAIRS; i++) out[i] = calendar.elapsedMinutes(from[i]!, to[i]!);
  return out;
});
line('elapsedMinutes', jsElapsed.ms, PAIRS);
const jsDeadline = await best(() => {
  let max = 0;
  for (let i = 0; i < PAIRS; i++) max = Math.max(max, calendar.deadline(from[i]!, TIERS[i & 3]!));
  return max;
});
line('deadline (15m/1h/4h/8h)', jsDeadline.ms, PAIRS);
const jsWindow = await best(() => {
  let max = 0;
  for (let i = 0; i < PAIRS; i++) max = Math.max(max, calendar.windowEnd(from[i]!, 10));
  return max;
});
line('windowEnd (10 days)', jsWindow.ms, PAIRS);

console.log('\nDuckDB macros (same pairs, naive UTC TIMESTAMP columns)');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const threads = (await connection.runAndReadAll(`SELECT current_setting('threads') AS threads, version() AS version`)).getRowObjectsJson()[0]!;
console.log(`  DuckDB ${String(threads.version)}, ${String(threads.threads)} threads`);
t0 = performance.now();
await writeCalendarTable(connection, calendar);
line('writeCalendarTable', performance.now() - t0);

await connection.run('CREATE TABLE pairs (id INTEGER, from_ts TIMESTAMP, to_ts TIMESTAMP, minutes INTEGER, js_elapsed DOUBLE)');
t0 = performance.now();
const appender = await connection.createAppender('pairs');
for (let i = 0; i < PAIRS; i++) {
  appender.appendInteger(i);
  appender.appendTimestamp(timestampValue(BigInt(from[i]!) * 1000n));
  appender.appendTimestamp(timestampValue(BigInt(to[i]!) * 1000n));
  appender.appendInteger(TIERS[i & 3]!);
  appender.appendDouble(jsElapsed.result[i]!);
  appender.endRow();
}
appender.closeSync();
line('(loading the pairs through the appender)', performance.now() - t0);

const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson()[0]!;
const diff = (label: string, value: unknown) => console.log(`  ${label}: max |SQL - JS| = ${Number(value).toExponential(2)} minutes`);
const jsDeadlineIso = new Date(jsDeadline.result).toISOString();
const jsWindowIso = new Date(jsWindow.result).toISOString();

console.log('  per-row macros');
const macroElapsed = await best(() => query('SELECT max(abs(business_minutes_between(from_ts, to_ts) - js_elapsed)) AS diff FROM pairs'));
line('business_minutes_between', macroElapsed.ms, PAIRS);
diff('macro', macroElapsed.result.diff);
const macroMaterialized = await best(() => connection.run('CREATE OR REPLACE TABLE elapsed AS SELECT id, business_minutes_between(from_ts, to_ts) AS minutes FROM pairs'));
line('business_minutes_between into a new table', macroMaterialized.ms, PAIRS);
const macroDeadline = await best(() => query('SELECT max(business_deadline(from_ts, minutes)) AS latest FROM pairs'));
line('business_deadline (15m/1h/4h/8h)', macroDeadline.ms, PAIRS);
const macroWindow = await best(() => query('SELECT max(business_window_end(from_ts, 10)) AS latest FROM pairs'));
line('business_window_end (10 days)', macroWindow.ms, PAIRS);
console.log(`  latest deadline ${String(macroDeadline.result.latest)}, window end ${String(macroWindow.result.latest)} (JS ${jsDeadlineIso}, ${jsWindowIso})`);

console.log('  ASOF JOIN patterns (calendar-table.ts builders)');
const elapsed = elapsedMinutesSql('p.from_ts', 'p.to_ts', 'el');
const patternElapsed = await best(() => query(`SELECT max(abs(${elapsed.expr} - p.js_elapsed)) AS diff FROM pairs p ${elapsed.joins}`));
line('elapsedMinutesSql', patternElapsed.ms, PAIRS);
diff('pattern', patternElapsed.result.diff);
const patternMaterialized = await best(() => connection.run(`CREATE OR REPLACE TABLE elapsed AS SELECT p.id, ${elapsed.expr} AS minutes FROM pairs p ${elapsed.joins}`));
line('elapsedMinutesSql into a new table', patternMaterialized.ms, PAIRS);
const deadline = deadlineSql('p.from_ts', 'p.minutes', 'dl');
const patternDeadline = await best(() => query(`SELECT max(${deadline.expr}) AS latest FROM pairs p ${deadline.joins}`));
line('deadlineSql (15m/1h/4h/8h)', patternDeadline.ms, PAIRS);
const windowEnd = windowEndSql('p.from_ts', '10', 'win');
const patternWindow = await best(() => query(`SELECT max(${windowEnd.expr}) AS latest FROM pairs p ${windowEnd.joins}`));
line('windowEndSql (10 days)', patternWindow.ms, PAIRS);
console.log(`  latest deadline ${String(patternDeadline.result.latest)}, window end ${String(patternWindow.result.latest)}`);

connection.closeSync();
instance.closeSync();
