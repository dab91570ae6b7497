import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { weeklyHours, WEEKDAYS } from '../../pipeline/contract/business-hours.ts';
import type { BusinessHours } from '../../pipeline/contract/schema.ts';
import { buildCalendar, publicHolidays, type BusinessCalendar, type CalendarContract } from '../../pipeline/calendar/calendar.ts';
import { epochDayOfIsoDate, isoDateOfEpochDay, utcMsToLocal, utcOffsetMs, weekdayOfEpochDay } from '../../pipeline/calendar/zone.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

const WEEK = '09:00-12:00,13:00-18:00';
// The bundled sla.yaml: lunch break every day, Friday closes at 17:00, BR holidays plus two dates.
const acme: CalendarContract = {
  timezone: 'America/Sao_Paulo',
  business_hours: weeklyHours({ mon: WEEK, tue: WEEK, wed: WEEK, thu: WEEK, fri: '09:00-12:00,13:00-17:00' }),
  holidays: { country: 'BR', dates: ['2026-12-24', '2026-12-31'] },
};
const cal = buildCalendar(acme, { from: '2026-01-01', to: '2026-12-31' });

// São Paulo is -03:00 all year in 2026, so local 09:00 = 12:00Z, 17:00 = 20:00Z, 18:00 = 21:00Z.
describe('elapsedMinutes', () => {
  it('skips the night and the weekend', () => {
    expect(weekdayOfEpochDay(epochDayOfIsoDate('2026-11-13'))).toBe(5);
    // Fri 2026-11-13 16:30 → 17:00 close = 30, Mon 2026-11-16 09:00 → 09:30 = 30; 30 + 30 = 60.
    expect(cal.elapsedMinutes(at('2026-11-13T19:30:00Z'), at('2026-11-16T12:30:00Z'))).toBe(60);
  });

  it('skips the lunch break', () => {
    // Tue 2026-11-17 11:30 → 12:00 = 30, lunch 12:00-13:00 closed, 13:00 → 13:30 = 30; = 60.
    expect(cal.elapsedMinutes(at('2026-11-17T14:30:00Z'), at('2026-11-17T16:30:00Z'))).toBe(60);
  });

  it('counts seconds as fractions of a minute', () => {
    // Tue 10:00:00 → 10:00:30 = 0.5; 11:59:45 → 13:00:15 = 0.25 + 0.25 = 0.5.
    expect(cal.elapsedMinutes(at('2026-11-17T13:00:00Z'), at('2026-11-17T13:00:30Z'))).toBe(0.5);
    expect(cal.elapsedMinutes(at('2026-11-17T14:59:45Z'), at('2026-11-17T16:00:15Z'))).toBe(0.5);
  });

  it('is zero backwards and outside business time', () => {
    expect(cal.elapsedMinutes(at('2026-11-17T16:30:00Z'), at('2026-11-17T14:30:00Z'))).toBe(0);
    // Sat 2026-11-21 10:00 → Sun 2026-11-22 18:00: all closed.
    expect(cal.elapsedMinutes(at('2026-11-21T13:00:00Z'), at('2026-11-22T21:00:00Z'))).toBe(0);
  });

  it('skips contract holiday dates', () => {
    // Wed 2026-12-23 17:00 → 18:00 = 60; Thu 24 (contract date) and Fri 25 (Natal) closed, weekend closed;
    // Mon 2026-12-28 09:00 → 10:00 = 60; = 120.
    expect(cal.elapsedMinutes(at('2026-12-23T20:00:00Z'), at('2026-12-28T13:00:00Z'))).toBe(120);
    expect(cal.holiday('2026-12-24')).toEqual({ date: '2026-12-24', name: null, fromContract: true });
  });

  it('skips Brazilian national holidays from date-holidays', () => {
    // Both are type `public` in date-holidays for BR.
    expect(cal.holiday('2026-11-20')).toMatchObject({ name: 'Dia da Consciência Negra', fromContract: false });
    expect(cal.holiday('2026-11-02')).toMatchObject({ name: 'Dia de Finados', fromContract: false });
    expect(cal.isBusinessDay('2026-11-20')).toBe(false);
    // Thu 2026-11-19 17:30 → 18:00 = 30; Fri 20 Consciência Negra; weekend; Mon 23 09:00 → 09:15 = 15; = 45.
    expect(cal.elapsedMinutes(at('2026-11-19T20:30:00Z'), at('2026-11-23T12:15:00Z'))).toBe(45);
    // Fri 2026-10-30 16:00 → 17:00 = 60; weekend; Mon 2 Nov Finados; Tue 3 09:00 → 10:00 = 60; = 120.
    expect(cal.elapsedMinutes(at('2026-10-30T19:00:00Z'), at('2026-11-03T13:00:00Z'))).toBe(120);
  });

  it('leaves out holiday types other than public', () => {
    // Carnaval 2026-02-16/17 is `bank` in date-holidays: an ordinary business day unless listed in dates.
    expect(cal.isBusinessDay('2026-02-17')).toBe(true);
    expect(cal.isHoliday('2026-02-17')).toBe(false);
  });

  it('reads regional calendars as country-region', () => {
    // 9 July (Revolução Constitucionalista) is public in São Paulo state only.
    const years = [2026];
    expect(publicHolidays('BR-SP', years).get('2026-07-09')).toBe('Revolução Constitucionalista');
    expect(publicHolidays('BR', years).has('2026-07-09')).toBe(false);
    expect(publicHolidays('US', years).get('2026-11-26')).toBe('Thanksgiving Day');
    expect(() => publicHolidays('BR-XX', years)).toThrow('no public-holiday calendar is known for the region "XX" of BR');
  });
});

describe('clockStart', () => {
  it('keeps an instant inside business time', () => {
    expect(iso(cal.clockStart(at('2026-11-17T13:00:00Z')))).toBe('2026-11-17T13:00:00.000Z');
    // Opening instant itself is inside ([start, end)).
    expect(iso(cal.clockStart(at('2026-11-17T12:00:00Z')))).toBe('2026-11-17T12:00:00.000Z');
  });

  it('moves after-hours, lunch and weekend arrivals to the next opening', () => {
    // Tue 19:00 → Wed 09:00.
    expect(iso(cal.clockStart(at('2026-11-17T22:00:00Z')))).toBe('2026-11-18T12:00:00.000Z');
    // Closing instant is outside: Tue 18:00 → Wed 09:00.
    expect(iso(cal.clockStart(at('2026-11-17T21:00:00Z')))).toBe('2026-11-18T12:00:00.000Z');
    // Lunch 12:30 → 13:00.
    expect(iso(cal.clockStart(at('2026-11-17T15:30:00Z')))).toBe('2026-11-17T16:00:00.000Z');
    // Sat 2026-11-21 10:00 → Mon 23 09:00; Thu 19 18:30 → Fri 20 is a holiday → Mon 23 09:00.
    expect(iso(cal.clockStart(at('2026-11-21T13:00:00Z')))).toBe('2026-11-23T12:00:00.000Z');
    expect(iso(cal.clockStart(at('2026-11-19T21:30:00Z')))).toBe('2026-11-23T12:00:00.000Z');
  });
});

describe('deadline', () => {
  it('lands inside the next opening when the day closes first', () => {
    // Fri 16:30 + 60: 30 until the 17:00 close, 30 more from Mon 09:00 → Mon 09:30.
    expect(iso(cal.deadline(at('2026-11-13T19:30:00Z'), 60))).toBe('2026-11-16T12:30:00.000Z');
  });

  it('ends at closing time, not at the next opening, when it is met exactly at the close', () => {
    // Fri 16:30 + 30 = Fri 17:00.
    expect(iso(cal.deadline(at('2026-11-13T19:30:00Z'), 30))).toBe('2026-11-13T20:00:00.000Z');
  });

  it('counts from the clock start for after-hours arrivals', () => {
    // Sat 10:00 + 15 (tier A) → Mon 2026-11-16 09:15.
    expect(iso(cal.deadline(at('2026-11-14T13:00:00Z'), 15))).toBe('2026-11-16T12:15:00.000Z');
  });

  it('jumps the lunch break', () => {
    // Tue 11:50 + 15: 10 until 12:00, 5 after 13:00 → 13:05.
    expect(iso(cal.deadline(at('2026-11-17T14:50:00Z'), 15))).toBe('2026-11-17T16:05:00.000Z');
  });

  it('spans days for the 8h acceptance window', () => {
    // Mon 2026-11-16 10:00 + 480: Mon 10-12 = 120, 13-18 = 300 (420 so far), Tue 09:00 + 60 → Tue 10:00.
    expect(iso(cal.deadline(at('2026-11-16T13:00:00Z'), 480))).toBe('2026-11-17T13:00:00.000Z');
    // Thu 2026-11-19 17:00 + 240: Thu 60, Fri 20 holiday, Mon 23 09-12 = 180 → Mon 12:00 (closing of the morning range).
    expect(iso(cal.deadline(at('2026-11-19T20:00:00Z'), 240))).toBe('2026-11-23T15:00:00.000Z');
  });

  it('is the start itself for zero minutes and refuses negative ones', () => {
    expect(cal.deadline(at('2026-11-14T13:00:00Z'), 0)).toBe(at('2026-11-14T13:00:00Z'));
    expect(() => cal.deadline(at('2026-11-14T13:00:00Z'), -1)).toThrow('deadline needs minutes >= 0, got -1');
  });
});

describe('windowEnd', () => {
  it('closes day 1 on the day the clock starts', () => {
    // Mon 2026-11-16 10:00, 1 day → Mon 18:00 = 21:00Z; a Friday closes at 17:00 = 20:00Z.
    expect(iso(cal.windowEnd(at('2026-11-16T13:00:00Z'), 1))).toBe('2026-11-16T21:00:00.000Z');
    expect(iso(cal.windowEnd(at('2026-11-13T13:00:00Z'), 1))).toBe('2026-11-13T20:00:00.000Z');
  });

  it('counts business days only', () => {
    // From Mon 16: 16(1) 17(2) 18(3) 19(4), Fri 20 holiday, 23(5) → Mon 23 18:00.
    expect(iso(cal.windowEnd(at('2026-11-16T13:00:00Z'), 5))).toBe('2026-11-23T21:00:00.000Z');
    // 10 days: …23(5) 24(6) 25(7) 26(8) 27 Fri(9) 30 Mon(10) → Mon 30 18:00.
    expect(iso(cal.windowEnd(at('2026-11-16T13:00:00Z'), 10))).toBe('2026-11-30T21:00:00.000Z');
  });

  it('shifts day 1 for after-hours and weekend arrivals', () => {
    // Mon 19:00 → clock starts Tue 17 → day 1 closes Tue 18:00.
    expect(iso(cal.windowEnd(at('2026-11-16T22:00:00Z'), 1))).toBe('2026-11-17T21:00:00.000Z');
    // Sat 21 → Mon 23 → day 1 closes Mon 23 18:00.
    expect(iso(cal.windowEnd(at('2026-11-21T13:00:00Z'), 1))).toBe('2026-11-23T21:00:00.000Z');
    expect(cal.businessDayOf(at('2026-11-21T13:00:00Z')).date).toBe('2026-11-23');
    // Lunch-time arrival stays on its day.
    expect(cal.businessDayOf(at('2026-11-17T15:30:00Z')).date).toBe('2026-11-17');
  });
});

describe('calendar range', () => {
  it('refuses instants it does not cover', () => {
    const short = buildCalendar(acme, { from: '2024-01-01', to: '2026-12-31' });
    expect(() => short.elapsedMinutes(at('2026-11-16T13:00:00Z'), at('2030-01-01T00:00:00Z'))).toThrow(
      'calendar range 2024-01-01..2026-12-31 does not cover 2030-01-01T00:00:00.000Z',
    );
    expect(() => short.clockStart(at('2023-12-31T12:00:00Z'))).toThrow('does not cover 2023-12-31T12:00:00.000Z');
    expect(() => short.deadline(at('2026-12-30T20:00:00Z'), 10_000)).toThrow('ends before 10000 business minutes after 2026-12-30T20:00:00.000Z');
    expect(() => short.windowEnd(at('2026-12-30T20:00:00Z'), 3)).toThrow('ends before business day 3');
  });

  it('exposes intervals with running totals and day numbers', () => {
    const week = buildCalendar(acme, { from: '2026-11-16', to: '2026-11-22' });
    // Mon-Thu 2 ranges each (180 + 300), Fri 20 holiday, weekend closed: 8 intervals, 4 × 480 minutes.
    expect(week.intervals).toHaveLength(8);
    expect(week.totalMinutes).toBe(1920);
    expect(week.intervals[2]).toEqual({
      date: '2026-11-17', startMs: at('2026-11-17T12:00:00Z'), endMs: at('2026-11-17T15:00:00Z'), cumBefore: 480, dayIndex: 1,
    });
    expect(week.range).toMatchObject({ from: '2026-11-16', to: '2026-11-22', startMs: at('2026-11-16T03:00:00Z'), endMs: at('2026-11-23T03:00:00Z') });
    // Range end is covered inclusively (local midnight after `to`).
    expect(week.cumulative(week.range.endMs)).toBe(1920);
  });
});

describe('DST', () => {
  it('starts a range that begins inside the gap at the first valid instant', () => {
    // Sun 2017-10-15 São Paulo, open 00:00-02:00: 00:00-01:00 never happened, the clock opens at 01:00 -02:00
    // = 03:00Z and closes at 02:00 -02:00 = 04:00Z: 60 minutes.
    const dst = buildCalendar({ ...acme, business_hours: weeklyHours({ sun: '00:00-02:00' }), holidays: { dates: [] } }, { from: '2017-10-14', to: '2017-10-16' });
    expect(dst.intervals.map((i) => [iso(i.startMs), iso(i.endMs)])).toEqual([['2017-10-15T03:00:00.000Z', '2017-10-15T04:00:00.000Z']]);
    expect(dst.totalMinutes).toBe(60);
    // Sat 23:30 -03:00 = 02:30Z → clock starts at 03:00Z.
    expect(iso(dst.clockStart(at('2017-10-15T02:30:00Z')))).toBe('2017-10-15T03:00:00.000Z');
  });

  it('counts the repeated hour of a fall-back evening twice', () => {
    // Sat 2018-02-17 São Paulo open 22:00-24:00. 22:00 -02:00 = 00:00Z on the 18th; at 02:00Z clocks went back
    // from 24:00 to 23:00; 24:00 -03:00 = 03:00Z. The range lasted 3 real hours: 180 minutes.
    const back = buildCalendar({ ...acme, business_hours: weeklyHours({ sat: '22:00-24:00' }), holidays: { dates: [] } }, { from: '2018-02-16', to: '2018-02-18' });
    expect(back.intervals.map((i) => [iso(i.startMs), iso(i.endMs)])).toEqual([['2018-02-18T00:00:00.000Z', '2018-02-18T03:00:00.000Z']]);
    expect(back.totalMinutes).toBe(180);
    // From the first 23:30 (01:30Z) to close (03:00Z) = 90; from the second 23:30 (02:30Z) = 30.
    expect(back.elapsedMinutes(at('2018-02-18T01:30:00Z'), at('2018-02-18T03:00:00Z'))).toBe(90);
    expect(back.elapsedMinutes(at('2018-02-18T02:30:00Z'), at('2018-02-18T03:00:00Z'))).toBe(30);
  });

  it('keeps opening hours in local time across a DST change', () => {
    const ny: CalendarContract = {
      timezone: 'America/New_York',
      business_hours: weeklyHours({ mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00' }),
      holidays: { dates: [] },
    };
    const nyCal = buildCalendar(ny, { from: '2026-03-01', to: '2026-03-31' });
    // Fri 2026-03-06 opens 09:00 EST = 14:00Z; Mon 2026-03-09 opens 09:00 EDT = 13:00Z.
    expect(iso(nyCal.clockStart(at('2026-03-06T10:00:00Z')))).toBe('2026-03-06T14:00:00.000Z');
    expect(iso(nyCal.clockStart(at('2026-03-07T12:00:00Z')))).toBe('2026-03-09T13:00:00.000Z');
    // Fri 16:00 EST (21:00Z) → 17:00 close = 60; Mon 09:00 → 10:00 EDT (14:00Z) = 60; = 120.
    expect(nyCal.elapsedMinutes(at('2026-03-06T21:00:00Z'), at('2026-03-09T14:00:00Z'))).toBe(120);
    expect(iso(nyCal.deadline(at('2026-03-06T21:00:00Z'), 120))).toBe('2026-03-09T14:00:00.000Z');
    // A Sunday opened 00:00-24:00 on 2026-03-08 lasts 23 hours (1380 minutes): 05:00Z → 04:00Z.
    const sunday = buildCalendar({ ...ny, business_hours: weeklyHours({ sun: '00:00-24:00' }) }, { from: '2026-03-08', to: '2026-03-08' });
    expect(sunday.intervals.map((i) => [iso(i.startMs), iso(i.endMs)])).toEqual([['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']]);
    expect(sunday.totalMinutes).toBe(1380);
  });
});

// Real IANA zones, with and without DST, including 30- and 45-minute offsets and a 30-minute DST shift.
const ZONES = [
  'America/Sao_Paulo', 'America/New_York', 'America/St_Johns', 'Europe/Lisbon', 'Europe/Berlin', 'Australia/Sydney',
  'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kathmandu', 'Asia/Tokyo', 'UTC',
];

const dayRanges = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 })
  .map((cuts) => {
    const sorted = cuts.sort((a, b) => a - b).map((q) => q * 15);
    const ranges: { start: number; end: number }[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push({ start: sorted[i]!, end: sorted[i + 1]! });
    return ranges;
  });

// The generated weekly hours ride along on the calendar so properties can check it against them.
const hoursKey = Symbol('business_hours');

const randomCalendar = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    week: fc.tuple(dayRanges, dayRanges, dayRanges, dayRanges, dayRanges, dayRanges, dayRanges),
    // 45-day windows over years with DST changes in most of the zones above (São Paulo until 2019).
    firstDay: fc.integer({ min: epochDayOfIsoDate('2016-01-01'), max: epochDayOfIsoDate('2026-10-01') }),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 44 }), { maxLength: 5 }),
  })
  .filter(({ week }) => week.some((ranges) => ranges.length > 0))
  .map(({ timezone, week, firstDay, holidayOffsets }) => {
    const business_hours = Object.fromEntries(WEEKDAYS.map((day, i) => [day, week[i]!])) as BusinessHours;
    const contract: CalendarContract = { timezone, business_hours, holidays: { dates: holidayOffsets.map((d) => isoDateOfEpochDay(firstDay + d)) } };
    const calendar = buildCalendar(contract, { from: isoDateOfEpochDay(firstDay), to: isoDateOfEpochDay(firstDay + 44) });
    return Object.assign(calendar, { [hoursKey]: business_hours });
  });

const fractions = (n: number) => fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n });

describe('calendar properties', () => {
  const instantIn = (c: BusinessCalendar, f: number) => c.range.startMs + Math.floor(f * (c.range.endMs - c.range.startMs));

  it('adds up: elapsed(a,b) + elapsed(b,c) = elapsed(a,c)', () => {
    fc.assert(
      fc.property(randomCalendar, fractions(3), (c, fs) => {
        const [a, b, d] = fs.map((f) => instantIn(c, f)).sort((x, y) => x - y) as [number, number, number];
        expect(Math.abs(c.elapsedMinutes(a, b) + c.elapsedMinutes(b, d) - c.elapsedMinutes(a, d))).toBeLessThan(1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('matches a linear scan over the opening intervals', () => {
    fc.assert(
      fc.property(randomCalendar, fractions(2), (c, fs) => {
        const [a, b] = fs.map((f) => instantIn(c, f)).sort((x, y) => x - y) as [number, number];
        let expected = 0;
        for (const i of c.intervals) expected += Math.max(0, Math.min(b, i.endMs) - Math.max(a, i.startMs)) / 60_000;
        expect(Math.abs(c.elapsedMinutes(a, b) - expected)).toBeLessThan(1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('opens exactly when the local wall clock is inside the weekday ranges (away from DST changes)', () => {
    fc.assert(
      fc.property(randomCalendar, fractions(8), (c, fs) => {
        for (const f of fs) {
          const ms = instantIn(c, f);
          if (ms >= c.range.endMs || utcOffsetMs(c.timezone, ms - 86_400_000) !== utcOffsetMs(c.timezone, ms + 86_400_000)) continue;
          const local = utcMsToLocal(c.timezone, ms);
          const date = `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
          const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
          const ranges = c[hoursKey][WEEKDAYS[local.weekday - 1]!];
          const open = !c.isHoliday(date) && ranges.some((r) => r.start <= minute && minute < r.end);
          expect(c.isOpen(ms)).toBe(open);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('inverts elapsed with deadline, at the earliest millisecond', () => {
    fc.assert(
      fc.property(randomCalendar, fractions(2), (c, [fa, fm]) => {
        const a = instantIn(c, fa!);
        const remaining = c.totalMinutes - c.cumulative(a);
        // Whole milliseconds of business time, so the exact deadline is a whole millisecond too.
        const m = Math.floor(fm! * remaining * 60_000) / 60_000;
        const d = c.deadline(a, m);
        expect(d).toBeGreaterThanOrEqual(a);
        expect(Math.abs(c.elapsedMinutes(a, d) - m)).toBeLessThan(1e-9);
        if (m > 0) expect(c.elapsedMinutes(a, d - 1)).toBeLessThan(m);
      }),
      { numRuns: 150 },
    );
  });

  it('is monotonic in the end instant and in the minutes', () => {
    fc.assert(
      fc.property(randomCalendar, fractions(3), fractions(2), (c, fs, [m1, m2]) => {
        const [a, b1, b2] = [instantIn(c, fs[0]!), ...[instantIn(c, fs[1]!), instantIn(c, fs[2]!)].sort((x, y) => x - y)] as [number, number, number];
        expect(c.elapsedMinutes(a, b1)).toBeLessThanOrEqual(c.elapsedMinutes(a, b2));
        const remaining = c.totalMinutes - c.cumulative(a);
        const [lo, hi] = [m1! * remaining, m2! * remaining].sort((x, y) => x - y) as [number, number];
        expect(c.deadline(a, lo)).toBeLessThanOrEqual(c.deadline(a, hi));
      }),
      { numRuns: 150 },
    );
  });

  it('closes a window at the end of a business day, never before the clock starts', () => {
    fc.assert(
      fc.property(randomCalendar, fractions(1), fc.integer({ min: 1, max: 5 }), (c, [f], days) => {
        const a = instantIn(c, f!);
        const start = c.intervals.find((i) => i.endMs > a);
        if (!start) return;
        const last = c.intervals.filter((i) => i.dayIndex === start.dayIndex + days - 1).at(-1);
        if (!last) {
          expect(() => c.windowEnd(a, days)).toThrow('ends before business day');
          return;
        }
        expect(c.windowEnd(a, days)).toBe(last.endMs);
        expect(c.windowEnd(a, days)).toBeGreaterThan(c.clockStart(a));
      }),
      { numRuns: 150 },
    );
  });
});
