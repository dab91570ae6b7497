import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  epochDayOf,
  epochDayOfIsoDate,
  isoDateOfEpochDay,
  localDate,
  localEpochDay,
  localToUtcMs,
  utcMsToLocal,
  utcOffsetMs,
  weekdayOfEpochDay,
} from '../../pipeline/calendar/zone.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('localToUtcMs', () => {
  it('reads an ordinary wall time with the offset in force', () => {
    // São Paulo has no DST since 2019: -03:00, so 09:00 local = 12:00Z.
    expect(iso(localToUtcMs('America/Sao_Paulo', 2026, 11, 13, 9, 0))).toBe('2026-11-13T12:00:00.000Z');
    // Tokyo +09:00: 2026-01-01 08:00 local is still 2025-12-31 in UTC.
    expect(iso(localToUtcMs('Asia/Tokyo', 2026, 1, 1, 8, 0))).toBe('2025-12-31T23:00:00.000Z');
    // Kathmandu +05:45.
    expect(iso(localToUtcMs('Asia/Kathmandu', 2026, 6, 1, 12, 0))).toBe('2026-06-01T06:15:00.000Z');
    expect(iso(localToUtcMs('UTC', 2026, 6, 1, 12, 0, 30, 250))).toBe('2026-06-01T12:00:30.250Z');
  });

  it('resolves a wall time inside a DST gap to the first instant after the gap', () => {
    // 2017-10-15 São Paulo: at 00:00 -03:00 (= 03:00Z) clocks jumped to 01:00 -02:00.
    // 00:00 and 00:30 do not exist; the first valid instant is 01:00 -02:00 = 03:00Z.
    expect(iso(localToUtcMs('America/Sao_Paulo', 2017, 10, 15, 0, 0))).toBe('2017-10-15T03:00:00.000Z');
    expect(iso(localToUtcMs('America/Sao_Paulo', 2017, 10, 15, 0, 30))).toBe('2017-10-15T03:00:00.000Z');
    expect(iso(localToUtcMs('America/Sao_Paulo', 2017, 10, 15, 1, 0))).toBe('2017-10-15T03:00:00.000Z');
    // 01:30 -02:00 = 03:30Z; 23:59 the day before is still -03:00 = 02:59Z.
    expect(iso(localToUtcMs('America/Sao_Paulo', 2017, 10, 15, 1, 30))).toBe('2017-10-15T03:30:00.000Z');
    expect(iso(localToUtcMs('America/Sao_Paulo', 2017, 10, 14, 23, 59))).toBe('2017-10-15T02:59:00.000Z');
    // New York 2026-03-08: 02:00 EST (07:00Z) jumps to 03:00 EDT; 02:30 → 03:00 EDT = 07:00Z.
    expect(iso(localToUtcMs('America/New_York', 2026, 3, 8, 2, 30))).toBe('2026-03-08T07:00:00.000Z');
    // Lord Howe moves by 30 minutes: 2026-10-04 02:00 +10:30 (15:30Z the day before) → 02:30 +11:00.
    expect(iso(localToUtcMs('Australia/Lord_Howe', 2026, 10, 4, 2, 15))).toBe('2026-10-03T15:30:00.000Z');
  });

  it('resolves an ambiguous wall time (fall back) to the earlier instant', () => {
    // 2018-02-18 00:00 -02:00 (= 02:00Z) São Paulo went back to 2018-02-17 23:00 -03:00:
    // 23:30 happened at 01:30Z (-02:00) and again at 02:30Z (-03:00); the earlier wins.
    expect(iso(localToUtcMs('America/Sao_Paulo', 2018, 2, 17, 23, 30))).toBe('2018-02-18T01:30:00.000Z');
    expect(iso(localToUtcMs('America/Sao_Paulo', 2018, 2, 17, 23, 0))).toBe('2018-02-18T01:00:00.000Z');
    // 22:59 is before the repeated hour (-02:00) and midnight after it is -03:00 only.
    expect(iso(localToUtcMs('America/Sao_Paulo', 2018, 2, 17, 22, 59))).toBe('2018-02-18T00:59:00.000Z');
    expect(iso(localToUtcMs('America/Sao_Paulo', 2018, 2, 18, 0, 0))).toBe('2018-02-18T03:00:00.000Z');
    // New York 2026-11-01 01:30 happened as EDT (05:30Z) and as EST (06:30Z).
    expect(iso(localToUtcMs('America/New_York', 2026, 11, 1, 1, 30))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('lets fields overflow like Date.UTC', () => {
    // 24:00 is the next midnight; minute 570 is 09:30; month 13 is January of the next year.
    expect(localToUtcMs('America/Sao_Paulo', 2026, 11, 13, 24, 0)).toBe(localToUtcMs('America/Sao_Paulo', 2026, 11, 14));
    expect(localToUtcMs('America/Sao_Paulo', 2026, 11, 13, 0, 570)).toBe(localToUtcMs('America/Sao_Paulo', 2026, 11, 13, 9, 30));
    expect(localToUtcMs('UTC', 2026, 13, 1)).toBe(Date.UTC(2027, 0, 1));
  });
});

describe('utcMsToLocal and localDate', () => {
  it('gives the wall clock and ISO weekday', () => {
    // 2026-11-13T19:30Z = Friday 16:30 in São Paulo.
    expect(utcMsToLocal('America/Sao_Paulo', Date.UTC(2026, 10, 13, 19, 30, 15, 5))).toEqual({
      year: 2026, month: 11, day: 13, hour: 16, minute: 30, second: 15, millisecond: 5, weekday: 5,
    });
    // Both occurrences of the repeated 23:30 on 2018-02-17 (a Saturday) read 23:30.
    for (const ms of [Date.UTC(2018, 1, 18, 1, 30), Date.UTC(2018, 1, 18, 2, 30)]) {
      expect(utcMsToLocal('America/Sao_Paulo', ms)).toMatchObject({ year: 2018, month: 2, day: 17, hour: 23, minute: 30, weekday: 6 });
    }
    expect(utcOffsetMs('America/Sao_Paulo', Date.UTC(2018, 1, 18, 1, 59, 59))).toBe(-2 * 3600_000);
    expect(utcOffsetMs('America/Sao_Paulo', Date.UTC(2018, 1, 18, 2, 0))).toBe(-3 * 3600_000);
  });

  it('dates an instant by its local day', () => {
    // 2026-01-01T15:00Z is already 2026-01-02 00:00 in Tokyo (+09:00) but 2026-01-01 12:00 in São Paulo.
    expect(localDate('Asia/Tokyo', Date.UTC(2026, 0, 1, 15))).toBe('2026-01-02');
    expect(localDate('America/Sao_Paulo', Date.UTC(2026, 0, 1, 15))).toBe('2026-01-01');
    expect(localDate('America/Sao_Paulo', Date.UTC(2026, 0, 1, 2, 59))).toBe('2025-12-31');
    expect(localEpochDay('America/Sao_Paulo', Date.UTC(2026, 0, 1, 3))).toBe(epochDayOfIsoDate('2026-01-01'));
  });

  it('does calendar arithmetic on day numbers', () => {
    expect(epochDayOf(1970, 1, 1)).toBe(0);
    expect(isoDateOfEpochDay(epochDayOf(2024, 2, 29) + 1)).toBe('2024-03-01');
    expect(weekdayOfEpochDay(epochDayOfIsoDate('2026-11-13'))).toBe(5);
    expect(() => epochDayOfIsoDate('2026-02-30')).toThrow('not a calendar date: 2026-02-30');
  });
});

const ZONES = [
  'America/Sao_Paulo', 'America/New_York', 'America/St_Johns', 'Europe/Lisbon', 'Europe/London', 'Europe/Berlin',
  'Australia/Lord_Howe', 'Australia/Sydney', 'Pacific/Chatham', 'Asia/Kathmandu', 'Asia/Kolkata', 'Asia/Tehran', 'UTC',
];

describe('zone properties against Intl', () => {
  const formats = new Map(ZONES.map((tz) => [tz, new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  })]));
  const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) });

  it('agrees with Intl on the wall clock of any instant', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (tz, ms) => {
        const parts = Object.fromEntries(formats.get(tz)!.formatToParts(ms).map((p) => [p.type, Number(p.value)]));
        const local = utcMsToLocal(tz, ms);
        expect([local.year, local.month, local.day, local.hour, local.minute, local.second]).toEqual([
          parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second,
        ]);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips wall clock → instant, choosing the earlier of two readings', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (tz, ms) => {
        const l = utcMsToLocal(tz, ms);
        const back = localToUtcMs(tz, l.year, l.month, l.day, l.hour, l.minute, l.second, l.millisecond);
        // Only an ambiguous reading may resolve elsewhere, and then to an earlier instant with the same wall clock.
        if (back !== ms) {
          expect(back).toBeLessThan(ms);
          expect(utcMsToLocal(tz, back)).toEqual(l);
        }
      }),
      { numRuns: 500 },
    );
  });
});
