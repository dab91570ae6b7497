import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipeline/db.ts';
import { DATABASE_TS, generateWarehouseTypes } from '../../pipeline/warehouse/generate.ts';
import { tsTypeOf } from '../../pipeline/warehouse/values.ts';

describe('pipeline/warehouse/database.ts', () => {
  it('is what npm run warehouse-types writes from the fixture warehouse (run it after changing a model or staging)', async () => {
    expect(readFileSync(DATABASE_TS, 'utf8')).toBe(await generateWarehouseTypes());
  });
});

describe('warehouse values, mapped once', () => {
  let db: Db;
  beforeAll(async () => {
    db = await Db.open(':memory:');
  });
  afterAll(() => db.close());

  it('types every column type the warehouse uses, and refuses one not mapped yet', () => {
    expect(['BIGINT', 'HUGEINT', 'INTEGER', 'DOUBLE', 'DECIMAL(18,2)'].map(tsTypeOf)).toEqual(['number', 'number', 'number', 'number', 'number']);
    expect(['VARCHAR', 'JSON', 'DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'BOOLEAN', 'VARCHAR[]'].map(tsTypeOf)).toEqual([
      'string', 'string', 'string', 'string', 'string', 'boolean', 'string[]',
    ]);
    expect(() => tsTypeOf('INTERVAL')).toThrow(/no TypeScript type for the DuckDB type INTERVAL/);
  });

  it('reads BIGINT, HUGEINT and DECIMAL as numbers, TIMESTAMP as a UTC ISO string and DATE as yyyy-mm-dd', async () => {
    const q = db.query.selectNoFrom([
      sql<number>`7::BIGINT`.as('big'),
      sql<number>`123456789012::HUGEINT`.as('huge'),
      sql<number>`12.35::DECIMAL(18, 2)`.as('dec'),
      sql<string>`TIMESTAMP '2026-10-14 12:00:00.25'`.as('ts'),
      sql<string>`TIMESTAMP '2026-10-14 12:00:00.000007'`.as('micro'),
      sql<string>`TIMESTAMP '1969-12-31 23:59:59.999999'`.as('before_epoch'),
      sql<string>`DATE '2026-10-14'`.as('day'),
    ]);
    expect(await db.rows(q)).toEqual([
      { big: 7, huge: 123456789012, dec: 12.35, ts: '2026-10-14T12:00:00.250Z', micro: '2026-10-14T12:00:00.000007Z', before_epoch: '1969-12-31T23:59:59.999999Z', day: '2026-10-14' },
    ]);
  });

  it('refuses an integer past 2^53 rather than rounding it', async () => {
    const q = db.query.selectNoFrom(sql<number>`9007199254740993::BIGINT`.as('n'));
    await expect(db.rows(q)).rejects.toThrow(/integer 9007199254740993 is past 2\^53/);
  });
});
