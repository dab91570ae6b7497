import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractSchema, type Contract } from '../../pipeline/contract/schema.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest, type IngestOptions } from '../../pipeline/ingest/ingest.ts';
import { startFromPrevious } from '../../pipeline/ingest/reuse.ts';
import { runPipeline, type RunOptions } from '../../pipeline/run.ts';
import { fixedClock, type Logger } from '../../pipeline/steps.ts';
import { scratchRuns } from './ingest-runs.ts';

// The warehouse of the last run is the cache of staged inputs: a file whose bytes and settings
// hash as they did is copied from it, not read again. Anything staging reads must invalidate
// that: the file, its mapping, the contract's zone, the tool version, and the run's clock where a
// row was judged to be in the future.

const LEADS = 'lead_id,created_at,mql_at\nL1,2026-10-01 09:00,2026-10-01 10:00\nL2,2026-10-02 09:00,\nL3,not a date,\n';
const ACTIVITIES = 'activity_id,lead_id,occurred_at,type\nA1,L1,2026-10-01 11:00,call\nA2,L1,2026-10-03 11:00,email\nA1,L1,2026-10-01 12:00,call\n';
const NOW = new Date('2026-11-01T12:00:00Z');

const runs = scratchRuns('handoff-reuse-');
const folder = (files: Record<string, string> = { 'leads.csv': LEADS, 'activities.csv': ACTIVITIES }) => runs.folder(files);

const contractOf = (extra: Record<string, unknown> = {}): Contract => contractSchema.parse({ timezone: 'America/Sao_Paulo', ...extra });

/**
 * Ingests into a new warehouse file, started as a copy of `from` (as a run starts from the last
 * run's) when given; returns the reused kinds and the staged rows.
 */
async function run(input: string, contract: Contract, options: IngestOptions & { from?: string } = {}) {
  return runs.ingest(input, contract, { now: NOW, ...options }, async (db, ingested, messages) => ({
    reused: messages.filter((m) => m.includes('staged tables were reused')).map((m) => /^ingest (\w+):/.exec(m)![1]),
    rows: {
      leads: await db.all(`SELECT * FROM stg_leads ORDER BY source_line`),
      activities: ingested.stats.activities ? await db.all(`SELECT * FROM stg_activities ORDER BY source_line`) : [],
      rejects: await db.all(`SELECT * FROM rejects_leads ORDER BY line`),
    },
    stats: ingested.stats,
    files: ingested.files,
    allReused: ingested.allReused,
  }));
}

describe('reusing staged inputs from the previous warehouse', () => {
  it('copies unchanged inputs with the same rows, stats and rejects as reading them', async () => {
    const input = folder();
    const first = await run(input, contractOf());
    expect(first.reused).toEqual([]);
    const second = await run(input, contractOf(), { from: first.path });
    expect(second.reused).toEqual(['leads', 'activities']);
    expect(second.rows).toEqual(first.rows);
    expect(second.stats).toEqual(first.stats);
    expect(second.files).toEqual(first.files);
    // Hand-worked: L3's date is quarantined, A1 twice keeps its last row.
    expect(second.stats.leads).toMatchObject({ rows_read: 3, rows_loaded: 2, rows_quarantined: 1 });
    expect(second.stats.activities).toMatchObject({ rows_read: 3, rows_loaded: 3, duplicates: 1 });
    expect(second.rows.activities.map((r) => r.source_line)).toEqual([3, 4]);
    expect(second.rows.rejects.map((r) => r.line)).toEqual([4]);
    // The second warehouse can serve a third run in turn.
    const third = await run(input, contractOf(), { from: second.path });
    expect(third.reused).toEqual(['leads', 'activities']);
    expect(third.allReused).toBe(true);
  });

  it('reads a changed file again and reuses the others', async () => {
    const input = folder();
    const first = await run(input, contractOf());
    writeFileSync(join(input, 'activities.csv'), `${ACTIVITIES}A3,L2,2026-10-04 11:00,call\n`);
    const second = await run(input, contractOf(), { from: first.path });
    expect(second.reused).toEqual(['leads']);
    expect(second.stats.activities).toMatchObject({ rows_read: 4, rows_loaded: 4 });
  });

  it('reads again when the mapping, the time zone or the tool version changed', async () => {
    const input = folder();
    const first = await run(input, contractOf());
    const mapped = await run(input, contractOf({ mapping: { files: { activities: { columns: { type: 'type' } } } } }), { from: first.path });
    expect(mapped.reused).toEqual(['leads']);
    const dates = await run(input, contractOf({ mapping: { date_format: 'dmy' } }), { from: first.path });
    expect(dates.reused).toEqual([]);
    const zone = await run(input, contractOf({ timezone: 'America/New_York' }), { from: first.path });
    expect(zone.reused).toEqual([]);
    expect(zone.rows.leads[0]!.created_at).not.toEqual(first.rows.leads[0]!.created_at);
    const version = await run(input, contractOf(), { from: first.path, toolVersion: '0.0.0-other' });
    expect(version.reused).toEqual([]);
  });

  it('reads again a file that had a row in the future once the clock has moved on', async () => {
    const input = folder({ 'leads.csv': `${LEADS}L4,2026-11-20 09:00,\n`, 'activities.csv': ACTIVITIES });
    const first = await run(input, contractOf());
    expect(first.stats.leads!.rows_quarantined).toBe(2);
    const same = await run(input, contractOf(), { from: first.path });
    expect(same.reused).toEqual(['activities']);
    const later = await run(input, contractOf(), { from: first.path, now: new Date('2026-11-25T12:00:00Z') });
    expect(later.reused).toEqual(['activities']);
    expect(later.stats.leads!.rows_quarantined).toBe(1);
  });

  it('drops the tables of an input that is gone, and reads everything when there is no previous warehouse', async () => {
    const input = folder();
    const first = await run(input, contractOf());
    rmSync(join(input, 'activities.csv'));
    const path = runs.path('gone.duckdb');
    startFromPrevious(first.path, path);
    const db = await Db.open(path);
    try {
      const ingested = await ingest(db, { info: () => {}, warn: () => {} }, input, contractOf(), { now: NOW, reusePrevious: true });
      expect(ingested.allReused).toBe(false);
      const tables = await db.all<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE table_name LIKE '%activities' ORDER BY t`);
      expect(tables).toEqual([]);
      expect(await db.all(`SELECT kind FROM ingest_inputs ORDER BY kind`)).toEqual([{ kind: 'leads' }]);
    } finally {
      db.close();
    }
    const missing = await run(input, contractOf(), { from: runs.path('none.duckdb') });
    expect(missing.reused).toEqual([]);
  });
});

describe('a run after a run', () => {
  const FIXTURE = 'tests/fixtures/skeleton';
  /** Every file under the snapshots folder with its bytes. */
  const snapshotFiles = (out: string) =>
    Object.fromEntries(
      (readdirSync(join(out, 'snapshots'), { recursive: true }) as string[]).sort().flatMap((f) => {
        const path = join(out, 'snapshots', f);
        return statSync(path).isFile() ? [[f, readFileSync(path, 'utf8')]] : [];
      }),
    );

  it('keeps the model when nothing changed, rebuilds it when as_of or an input did, and --full reads every file', async () => {
    const work = mkdtempSync(runs.path('pipeline-'));
    const input = join(work, 'input');
    cpSync(FIXTURE, input, { recursive: true });
    const runOnce = async (out: string, extra: Partial<RunOptions> = {}) => {
      const messages: string[] = [];
      const logger: Logger = { info: (m) => messages.push(m), warn: (m) => messages.push(m) };
      await runPipeline({ input, config: join(input, 'sla.yaml'), out, ...extra }, { logger, clock: fixedClock('2026-11-01T12:00:00Z') });
      return {
        reused: messages.filter((m) => m.includes('staged tables were reused')).length,
        modelKept: messages.some((m) => m.startsWith('model: inputs, contract and as_of unchanged')),
      };
    };
    const out = join(work, 'out');
    expect(await runOnce(out)).toEqual({ reused: 0, modelKept: false });
    const fresh = snapshotFiles(out);
    // Byte-identical snapshots whether the run read its inputs or reused them; the frozen periods are rewritten by a fresh folder.
    const again = join(work, 'again');
    cpSync(join(out, 'warehouse.duckdb'), join(again, 'warehouse.duckdb'), { recursive: true });
    expect(await runOnce(again)).toEqual({ reused: 4, modelKept: true });
    expect(snapshotFiles(again)).toEqual(fresh);
    expect(await runOnce(again, { asOf: '2026-10-19' })).toEqual({ reused: 4, modelKept: false });
    appendFileSync(join(input, 'activities.csv'), readFileSync(join(input, 'activities.csv'), 'utf8').trimEnd().split('\n').at(-1)!.replace(/^([^,]*)/, '$1-x') + '\n');
    expect(await runOnce(again, { asOf: '2026-10-19' })).toEqual({ reused: 3, modelKept: false });
    expect(await runOnce(again, { asOf: '2026-10-19', full: true })).toEqual({ reused: 0, modelKept: false });
  });
});

describe('each input written once', () => {
  it('keeps the typed rows and, for quarantined rows only, the raw fields: no copy of the file as read', async () => {
    const input = folder();
    const { path } = await run(input, contractOf());
    const db = await Db.open(path);
    try {
      const tables = await db.all<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE NOT temporary ORDER BY t`);
      expect(tables.map((x) => x.t)).toEqual(['ingest_inputs', 'rejects_activities', 'rejects_leads', 'stg_activities', 'stg_leads']);
      // L3's line 4 as read, all text, with its reason; the loaded rows keep their lines in stg_leads.
      expect(await db.all(`SELECT line, lead_id, created_at, mql_at FROM rejects_leads`)).toEqual([{ line: 4, lead_id: 'L3', created_at: 'not a date', mql_at: '' }]);
      expect(await db.all(`SELECT source_line, lead_id FROM stg_leads ORDER BY source_line`)).toEqual([
        { source_line: 2, lead_id: 'L1' },
        { source_line: 3, lead_id: 'L2' },
      ]);
    } finally {
      db.close();
    }
  });
});
