import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../pipeline/calendar/zone.ts';
import { parseContract } from '../../pipeline/contract/load.ts';
import { Db } from '../../pipeline/db.ts';
import { localDaySql, writeZoneOffsets } from '../../pipeline/model/local-days.ts';

// Local dates in SQL from the zone's offsets (a CASE over its DST changes, no ICU per row).

let db: Db;
beforeAll(async () => {
  db = await Db.open(':memory:');
});
afterAll(() => db.close());

async function localDates(timezone: string, period: 'month' | 'week', instants: string[]): Promise<Array<[string, string]>> {
  const parsed = parseContract(`timezone: ${timezone}\nperiod: ${period}\n`);
  if ('problems' in parsed) throw new Error('bad contract');
  await writeZoneOffsets(db, parsed.contract, '2018-01-01', '2019-12-31');
  const day = await localDaySql(db, parsed.contract, 't');
  const values = instants.map((t) => `(TIMESTAMP '${t}')`).join(', ');
  const rows = await db.all<{ d: string; p: string }>(`SELECT strftime(${day.date}, '%Y-%m-%d') AS d, ${day.period} AS p FROM (VALUES ${values}) v(t) ORDER BY t`);
  return rows.map((r) => [r.d, r.p]);
}

describe('local dates from zone offsets', () => {
  it('follows São Paulo across both DST changes of 2018/19', async () => {
    expect(
      await localDates('America/Sao_Paulo', 'month', [
        '2018-11-01 02:59:59', // 31/10 23:59:59 (UTC−3)
        '2018-11-04 02:59:59', // Sat 03/11 23:59:59 (UTC−3), the last second before the gap
        '2018-11-04 03:00:00', // Sun 04/11 01:00 (UTC−2): midnight never happened
        '2019-02-17 01:30:00', // 16/02 23:30 (UTC−2)
        '2019-02-17 02:30:00', // 16/02 23:30 again (UTC−3, after falling back at midnight)
        '2019-02-17 03:00:00', // 17/02 00:00 (UTC−3)
      ]),
    ).toEqual([
      ['2018-10-31', '2018-10'],
      ['2018-11-03', '2018-11'],
      ['2018-11-04', '2018-11'],
      ['2019-02-16', '2019-02'],
      ['2019-02-16', '2019-02'],
      ['2019-02-17', '2019-02'],
    ]);
  });

  it('handles half-hour offsets and ISO weeks', async () => {
    // Kolkata is UTC+5:30: 18:29Z is 23:59 local, 18:30Z the next midnight. 2018-12-31 is in ISO week 2019-W01.
    expect(await localDates('Asia/Kolkata', 'week', ['2018-12-30 18:29:00', '2018-12-30 18:30:00'])).toEqual([
      ['2018-12-30', '2018-W52'],
      ['2018-12-31', '2019-W01'],
    ]);
  });

  it('agrees with the calendar zone rules on every hour of two years in New York', async () => {
    const instants: string[] = [];
    for (let ms = Date.parse('2018-01-01T00:00:00Z'); ms < Date.parse('2019-12-31T00:00:00Z'); ms += 3_600_000 + 60_000) {
      instants.push(new Date(ms).toISOString().replace('T', ' ').replace('Z', ''));
    }
    const sql = await localDates('America/New_York', 'month', instants);
    const js = instants.map((t) => localDate('America/New_York', Date.parse(`${t.replace(' ', 'T')}Z`)));
    expect(sql.map(([d]) => d)).toEqual(js);
  });
});
