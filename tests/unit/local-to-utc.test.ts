import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToUtcMs, offsetChangeDates } from '../../pipeline/calendar/zone.ts';
import { localToUtcSql } from '../../pipeline/ingest/value-sql.ts';
import { Db } from '../../pipeline/db.ts';

// Input timestamps are converted in SQL (local_to_utc), opening hours in JS (zone.ts): the two
// must agree everywhere, DST gaps and repeated hours included, or business minutes drift.
let db: Db;
beforeAll(async () => {
  db = await Db.open(':memory:');
});
afterAll(() => db.close());

const sqlUtc = async (local: string, tz: string) =>
  (await db.one<{ u: string }>(`SELECT strftime(local_to_utc($1::TIMESTAMP, $2), '%Y-%m-%dT%H:%M:%S.000Z') AS u`, [local, tz])).u;

describe('local_to_utc (SQL) agrees with localToUtcMs (JS)', () => {
  it('on the hand-picked DST cases', async () => {
    // São Paulo jumped 00:00 → 01:00 on 2017-10-15: midnight and 00:30 both become 01:00 local = 03:00Z.
    expect(await sqlUtc('2017-10-15 00:00:00', 'America/Sao_Paulo')).toBe('2017-10-15T03:00:00.000Z');
    expect(await sqlUtc('2017-10-15 00:30:00', 'America/Sao_Paulo')).toBe('2017-10-15T03:00:00.000Z');
    // 23:30 on 2018-02-17 happened twice (−02:00 then −03:00): the earlier is 01:30Z.
    expect(await sqlUtc('2018-02-17 23:30:00', 'America/Sao_Paulo')).toBe('2018-02-18T01:30:00.000Z');
    // New York: 02:30 on 2026-03-08 does not exist → 03:00 EDT = 07:00Z; 01:30 on 2026-11-01 twice → EDT 05:30Z.
    expect(await sqlUtc('2026-03-08 02:30:00', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    expect(await sqlUtc('2026-11-01 01:30:00', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
  });

  const TRANSITION_DAYS = ['2017-10-15', '2017-10-14', '2018-02-17', '2018-11-04', '2019-02-16', '2017-03-12', '2017-11-05', '2018-03-25', '2018-10-28', '2017-04-02', '2017-10-01']
    .map((d) => (Date.parse(`${d}T00:00:00Z`) - Date.UTC(2017, 0, 1)) / 86_400_000);
  it('on random wall-clock times around DST changes in several zones', async () => {
    const zones = ['America/Sao_Paulo', 'America/New_York', 'Europe/Lisbon', 'Australia/Sydney', 'UTC'];
    const samples = fc.sample(
      fc.record({
        zone: fc.constantFrom(...zones),
        // Half the days are DST-change days of these zones (or the day before), the rest any day of 2017–2019.
        day: fc.oneof(fc.integer({ min: 0, max: 1094 }), fc.constantFrom(...TRANSITION_DAYS)),
        minute: fc.integer({ min: 0, max: 1439 }),
      }),
      { numRuns: 400, seed: 20261127 },
    );
    for (const { zone, day, minute } of samples) {
      const d = new Date(Date.UTC(2017, 0, 1 + day));
      const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      const h = Math.floor(minute / 60);
      const mi = minute % 60;
      const local = `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')} ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00`;
      expect(await sqlUtc(local, zone), `${local} ${zone}`).toBe(new Date(localToUtcMs(zone, y, m, dd, h, mi)).toISOString());
    }
  });
});

describe('localToUtcSql (constant offsets between changes, the exact macro on change days) agrees with localToUtcMs', () => {
  it('on random wall-clock times from 1965 to 2075, change days included, in zones with and without DST', async () => {
    const zones = ['America/Sao_Paulo', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
    const first = Date.UTC(1965, 0, 1);
    const days = (Date.UTC(2075, 11, 31) - first) / 86_400_000;
    const samples = fc.sample(
      fc.record({ zone: fc.constantFrom(...zones), day: fc.integer({ min: 0, max: days }), minute: fc.integer({ min: 0, max: 1439 }) }),
      { numRuns: 300, seed: 20261128 },
    );
    // Plus every half hour of the days around each zone's changes in 2017–2018, where the constant must not leak.
    // (Lord Howe's 30-minute shift is left out: local_to_utc assumes whole-hour changes, see its comment.)
    for (const zone of zones.slice(0, 4)) {
      for (const iso of offsetChangeDates(zone, 2017, 2018)) {
        for (let minute = 0; minute < 1440; minute += 30) samples.push({ zone, day: (Date.parse(`${iso}T00:00:00Z`) - first) / 86_400_000, minute });
      }
    }
    const locals = samples.map(({ zone, day, minute }) => {
      const d = new Date(first + day * 86_400_000 + minute * 60_000);
      return { zone, local: d.toISOString().slice(0, 19).replace('T', ' '), expected: new Date(localToUtcMs(zone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes())).toISOString() };
    });
    for (const zone of zones) {
      const mine = locals.filter((x) => x.zone === zone);
      const rows = await db.all<{ local: string; u: string }>(
        `SELECT local, strftime(${localToUtcSql('l', zone)}, '%Y-%m-%dT%H:%M:%S.000Z') AS u
         FROM (SELECT local, local::TIMESTAMP AS l FROM (VALUES ${mine.map((x) => `('${x.local}')`).join(', ')}) t(local)) ORDER BY local`,
      );
      const got = new Map(rows.map((r) => [r.local, r.u]));
      for (const x of mine) expect(got.get(x.local), `${x.local} ${zone}`).toBe(x.expected);
    }
  });
});
