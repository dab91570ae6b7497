import { describe, expect, it } from 'vitest';
import { Db, memoryLimitProblem } from '../../pipeline/db.ts';

describe('DuckDB resource settings', () => {
  it('bounds memory at 1 GB unless told otherwise', async () => {
    const setting = async (options: Parameters<typeof Db.open>[1]) => {
      const db = await Db.open(':memory:', options);
      const { m } = await db.one<{ m: string }>(`SELECT current_setting('memory_limit') AS m`);
      db.close();
      return m;
    };
    // DuckDB shows 1 GB (10^9 bytes) in binary units.
    expect(await setting({})).toBe('953.6 MiB');
    expect(await setting({ memoryLimit: '2GiB' })).toBe('2.0 GiB');
  });

  it('accepts the amounts DuckDB takes and explains the rest in a sentence', () => {
    for (const ok of ['1GB', '2gb', '1.5GB', '512 MiB', '100MB', '1G', '1TB']) expect(memoryLimitProblem(ok), ok).toBeNull();
    expect(memoryLimitProblem('abc')).toBe('--memory-limit must be an amount such as 1GB, 512MB or 2GiB, not "abc".');
    expect(memoryLimitProblem('80%')).toMatch(/must be an amount/);
    expect(memoryLimitProblem('99MB')).toBe('--memory-limit 99MB is too small for DuckDB to run the pipeline; give it at least 100MB.');
    // 95 MiB is 99.6 MB: binary units count as such.
    expect(memoryLimitProblem('95MiB')).toMatch(/too small/);
    expect(memoryLimitProblem('96MiB')).toBeNull();
  });
});
