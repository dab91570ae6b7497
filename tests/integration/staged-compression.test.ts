import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractSchema } from '../../pipeline/contract/schema.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest } from '../../pipeline/ingest/ingest.ts';
import { silentLogger } from '../../pipeline/steps.ts';

// Staging names DuckDB's compression for the columns whose shape it knows (enums: a dictionary;
// ids and contact details: FSST), which saves DuckDB trying every method on every segment. On
// rows this few DuckDB left to itself stores them uncompressed, so the methods show it was told.

let dir: string;
let db: Db;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handoff-compression-'));
  writeFileSync(join(dir, 'leads.csv'), 'lead_id,created_at,email,name,owner\nL1,2026-10-01 09:00,a@x.com,Ana,Rui\nL2,2026-10-02 09:00,b@x.com,Bia,Eva\n');
  writeFileSync(
    join(dir, 'activities.csv'),
    'activity_id,lead_id,occurred_at,type,direction,outcome,owner\n' +
      'A1,L1,2026-10-01 10:00,call,outbound,connected,Rui\nA2,L1,2026-10-01 11:00,email,outbound,,Rui\nA3,L2,2026-10-02 10:00,call,outbound,no_answer,Eva\n',
  );
  db = await Db.open(join(dir, 'warehouse.duckdb'));
  const contract = contractSchema.parse({ timezone: 'America/Sao_Paulo' });
  await ingest(db, silentLogger, dir, contract, { now: new Date('2026-11-01T12:00:00Z') });
  await db.run('CHECKPOINT');
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function methods(table: string): Promise<Record<string, string>> {
  const rows = await db.all<{ column_name: string; compression: string }>(
    `SELECT DISTINCT column_name, compression FROM pragma_storage_info('${table}') WHERE segment_type = 'VARCHAR' ORDER BY column_name`,
  );
  return Object.fromEntries(rows.map((r) => [r.column_name, r.compression]));
}

describe('staged tables', () => {
  it('store enums as a dictionary and ids as FSST, and leave the other text to DuckDB', async () => {
    expect(await methods('stg_activities')).toMatchObject({
      activity_id: 'FSST',
      type: 'Dictionary',
      direction: 'Dictionary',
      outcome: 'Dictionary',
      lead_id: 'Uncompressed',
      owner: 'Uncompressed',
    });
  });

  it('store the leads’ id, email and name as FSST', async () => {
    expect(await methods('stg_leads')).toMatchObject({ lead_id: 'FSST', email: 'FSST', name: 'FSST', owner: 'Uncompressed' });
  });

  it('keep every row and value', async () => {
    const rows = await db.all<Record<string, string>>('SELECT activity_id, lead_id, "type", direction, outcome, "owner" FROM stg_activities ORDER BY activity_id');
    expect(rows).toEqual([
      { activity_id: 'A1', lead_id: 'L1', type: 'call', direction: 'outbound', outcome: 'connected', owner: 'Rui' },
      { activity_id: 'A2', lead_id: 'L1', type: 'email', direction: 'outbound', outcome: null, owner: 'Rui' },
      { activity_id: 'A3', lead_id: 'L2', type: 'call', direction: 'outbound', outcome: 'no_answer', owner: 'Eva' },
    ]);
  });
});
