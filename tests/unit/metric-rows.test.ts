import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipeline/db.ts';
import { segmentedRows } from '../../pipeline/metrics/metric-rows.ts';

// The catalogue runner's one grouping-sets pass: its rows come back through Db.rows (counts as
// numbers, no CAST needed) and are checked against the columns the runner asked for.

let db: Db;
beforeAll(async () => {
  db = await Db.open(':memory:');
  await db.run(`CREATE TABLE t AS SELECT * FROM (VALUES ('2026-10', 'paid'), ('2026-10', 'paid'), ('2026-10', NULL)) v(period, source)`);
});
afterAll(() => db.close());

describe('segmentedRows', () => {
  it('counts overall and per dimension as numbers, and states a listed period without rows', async () => {
    expect(await segmentedRows(db, 'SELECT * FROM t', ['source'], 'count(*) AS n', ['2026-10', '2026-11'], { n: 0 })).toEqual([
      { period: '2026-10', segment_kind: 'all', segment: 'all', n: 3 },
      { period: '2026-10', segment_kind: 'source', segment: '(none)', n: 1 },
      { period: '2026-10', segment_kind: 'source', segment: 'paid', n: 2 },
      { period: '2026-11', segment_kind: 'all', segment: 'all', n: 0 },
    ]);
  });

  it('stops on a row whose columns are not the ones asked for', async () => {
    await expect(segmentedRows(db, 'SELECT * FROM t', ['source'], 'list(source) AS n', ['2026-10'], { n: 0 })).rejects.toThrow(
      /^segmentedRows: column n missing or not a number, text or null in .*"n":\["paid"/,
    );
    await expect(segmentedRows(db, 'SELECT * FROM t', [], 'count(*) AS m', ['2026-10'], { n: 0 })).rejects.toThrow(/^segmentedRows: column n missing/);
  });
});
