import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../pipeline/contract/load.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest } from '../../pipeline/ingest/ingest.ts';
import { buildModel } from '../../pipeline/model/build-model.ts';
import { silentLogger } from '../../pipeline/steps.ts';
import { openWarehouse } from '../../pipeline/warehouse/index.ts';

// The README's example, compiled by tsc and run here on the worklists fixture's warehouse
// (tests/fixtures/actions: tier A H1 H4 H8 H9, tier B H2 H3 H5 H6 H7 H10).
let dir: string;
let path: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handoff-warehouse-'));
  path = join(dir, 'warehouse.duckdb');
  const { contract } = loadContract('tests/fixtures/actions/sla.yaml');
  const db = await Db.open(path);
  await ingest(db, silentLogger, 'tests/fixtures/actions', contract);
  await buildModel(db, contract, '2026-10-14T12:00:00Z');
  await db.checkpoint();
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openWarehouse', () => {
  it('runs the README example: handoffs per tier, typed, counts as numbers', async () => {
    const wh = await openWarehouse(path);
    const rows = await wh.run(wh.query.selectFrom('handoffs')
      .select((eb) => ['tier', eb.fn.countAll<number>().as('handoffs')])
      .groupBy('tier').orderBy('tier'));
    wh.close();
    expect(rows).toEqual([{ tier: 'A', handoffs: 4 }, { tier: 'B', handoffs: 6 }]);
  });

  it('opens read-only: a write is refused and the file stays as it was', async () => {
    const wh = await openWarehouse(path);
    try {
      await expect(wh.run(wh.query.deleteFrom('handoff_facts'))).rejects.toThrow(/read-only/i);
      const [row] = await wh.run(wh.query.selectFrom('handoffs').select((eb) => eb.fn.countAll<number>().as('n')));
      expect(row).toEqual({ n: 10 });
      const [first] = await wh.run(wh.query.selectFrom('handoffs').select('mql_at').where('lead_id', '=', 'H1'));
      expect(first).toEqual({ mql_at: '2026-10-14T11:00:00.000Z' });
    } finally {
      wh.close();
    }
  });
});
