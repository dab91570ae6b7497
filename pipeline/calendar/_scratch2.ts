import { DuckDBInstance, timestampValue } from '@duckdb/node-api';
import { buildCalendar } from './calendar.ts';
import { writeCalendarTable } from './calendar-table.ts';
import { parseOpeningRanges } from '../contract/business-hours.ts';
const h = (s: string) => parseOpeningRanges(s) as any;
const contract = { timezone: 'America/Sao_Paulo', business_hours: { mon: h('09:00-12:00,13:00-18:00'), tue: h('09:00-12:00,13:00-18:00'), wed: h('09:00-12:00,13:00-18:00'), thu: h('09:00-12:00,13:00-18:00'), fri: h('09:00-12:00,13:00-17:00'), sat: [], sun: [] }, holidays: { country: 'BR', dates: ['2026-12-24'] } };
const cal = buildCalendar(contract, { from: '2024-01-01', to: '2026-12-31' });
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
let t = performance.now();
await writeCalendarTable(c, cal);
console.log('write', performance.now() - t);
const N = 1_000_000;
const a = new Float64Array(N), b = new Float64Array(N);
const s0 = cal.range.startMs, span = cal.range.endMs - s0 - 40 * 86400000;
let seed = 7; const rnd = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
for (let i = 0; i < N; i++) { const x = s0 + Math.floor(rnd() * span); a[i] = x; b[i] = x + Math.floor(rnd() * 30 * 86400000); }
await c.run('create table pairs (id integer, a timestamp, b timestamp)');
t = performance.now();
const app = await c.createAppender('pairs');
for (let i = 0; i < N; i++) { app.appendInteger(i); app.appendTimestamp(timestampValue(BigInt(a[i]!) * 1000n)); app.appendTimestamp(timestampValue(BigInt(b[i]!) * 1000n)); app.endRow(); }
app.closeSync();
console.log('append', performance.now() - t);
t = performance.now(); let js = 0;
for (let i = 0; i < N; i++) js += cal.elapsedMinutes(a[i]!, b[i]!);
console.log('js', performance.now() - t, js);
async function time(label: string, sql: string) {
  const t = performance.now();
  try { const r = await c.runAndReadAll(sql); console.log(label, (performance.now()-t).toFixed(0), 'ms', JSON.stringify(r.getRowObjectsJson()).slice(0, 300)); }
  catch (e) { console.log(label, 'ERR', (e as Error).message.slice(0, 300)); }
}
await time('between', `select sum(business_minutes_between(a, b)) from pairs`);
await time('at', `select sum(business_minutes_at(a)) from pairs`);
await time('clock', `select max(business_clock_start(a)) from pairs`);
await time('deadline', `select max(business_deadline(a, 60)) from pairs`);
await time('window', `select max(business_window_end(a, 10)) from pairs`);
await time('err', `select business_minutes_at(timestamp '2030-01-01')`);
await time('null', `select business_minutes_at(null::timestamp), business_deadline(null::timestamp, 5), business_window_end(null::timestamp, 3)`);
await time('asof explicit', `select sum(case when b <= a then 0.0 else coalesce(ob.cum_before + least(epoch_us(b) - epoch_us(ob.opens_at), epoch_us(ob.closes_at) - epoch_us(ob.opens_at)) / 60e6, 0) - coalesce(oa.cum_before + least(epoch_us(a) - epoch_us(oa.opens_at), epoch_us(oa.closes_at) - epoch_us(oa.opens_at)) / 60e6, 0) end) from pairs asof left join calendar_openings oa on a >= oa.opens_at asof left join calendar_openings ob on b >= ob.opens_at`);
