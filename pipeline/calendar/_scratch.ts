import { buildCalendar } from './calendar.ts';
import { parseOpeningRanges } from '../contract/business-hours.ts';
const h = (s: string) => parseOpeningRanges(s) as any;
const contract = { timezone: 'America/Sao_Paulo', business_hours: { mon: h('09:00-12:00,13:00-18:00'), tue: h('09:00-12:00,13:00-18:00'), wed: h('09:00-12:00,13:00-18:00'), thu: h('09:00-12:00,13:00-18:00'), fri: h('09:00-12:00,13:00-17:00'), sat: [], sun: [] }, holidays: { country: 'BR', dates: ['2026-12-24'] } };
let t = performance.now();
const cal = buildCalendar(contract, { from: '2024-01-01', to: '2026-12-31' });
console.log('build ms', performance.now() - t, cal.intervals.length, cal.businessDayCount, cal.totalMinutes);
t = performance.now();
const cal2 = buildCalendar(contract, { from: '2024-01-01', to: '2026-12-31' });
console.log('build2 ms', performance.now() - t);
const iso = (ms: number) => new Date(ms).toISOString();
const fri = Date.UTC(2026, 10, 13, 19, 30); // Fri 16:30 local
console.log(iso(cal.deadline(fri, 60)), cal.elapsedMinutes(fri, Date.UTC(2026,10,16,12,30)), iso(cal.windowEnd(fri, 1)), iso(cal.windowEnd(Date.UTC(2026,10,13,21,0), 1)));
console.log(cal.holidays.filter(x => x.date >= '2026-01-01'));
const a = new Float64Array(1_000_000), b = new Float64Array(1_000_000);
const s0 = cal.range.startMs, span = cal.range.endMs - s0;
for (let i = 0; i < a.length; i++) { const x = s0 + Math.floor(Math.random() * span); a[i] = x; b[i] = Math.min(x + Math.floor(Math.random() * 30 * 86400000), cal.range.endMs); }
t = performance.now(); let sum = 0;
for (let i = 0; i < a.length; i++) sum += cal.elapsedMinutes(a[i]!, b[i]!);
console.log('elapsed 1M ms', performance.now() - t, sum);
