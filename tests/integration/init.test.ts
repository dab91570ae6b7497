import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InitError, initContract } from '../../pipeline/init.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { manifestSchema, metricsFileSchema, runSchema } from '../../pipeline/schemas/snapshot.ts';
import { fixedClock, memoryLogger, silentLogger } from '../../pipeline/steps.ts';

// `init` then the pipeline, with no hand edit of the written sla.yaml, on every real export form
// of tests/fixtures/presets/forms: run.json holds the counts of expected.json and the MQL rule
// init proposes finds the MQLs worked out by hand (expected.json `mql`).

const ROOT = 'tests/fixtures/presets/forms';
const NOW = '2026-11-01T12:00:00Z';
const work = mkdtempSync(join(tmpdir(), 'handoff-init-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('init writes a contract the pipeline runs with', () => {
  it.each(readdirSync(ROOT).sort())('%s', async (form) => {
    const expected = JSON.parse(readFileSync(join(ROOT, form, 'expected.json'), 'utf8'));
    const dir = join(work, form);
    cpSync(join(ROOT, form), dir, { recursive: true });
    rmSync(join(dir, 'expected.json'));
    const config = join(dir, 'sla.yaml');
    const init = await initContract({ input: dir, out: config, force: false }, silentLogger);
    expect(init.files.map((f) => [f.kind, f.file]).sort()).toEqual(Object.entries(expected.files).sort());
    expect(init.files.every((f) => f.preset === expected.preset)).toBe(true);
    const out = join(dir, 'out');
    const result = await runPipeline({ input: dir, config, out }, { logger: silentLogger, clock: fixedClock(NOW) });
    const run = runSchema.parse(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')));
    for (const [kind, want] of Object.entries(expected.inputs as Record<string, Record<string, number>>)) {
      const got = run.inputs[kind as keyof typeof run.inputs]!;
      expect(Object.fromEntries(Object.keys(want).map((k) => [k, got[k as keyof typeof got]])), kind).toEqual(want);
    }
    // Won and lost deals count by their close date, with or without a creation date (hubspot-deals-view has none).
    const total = { mql: 0, won: 0, lost: 0 };
    for (const p of result.periods) {
      const rows = metricsFileSchema.parse(JSON.parse(readFileSync(join(out, 'snapshots', p.key, 'metrics.json'), 'utf8')));
      const all = (metric: string) => Number(rows.find((r) => r.metric === metric && r.segment_kind === 'all')?.value ?? 0);
      total.mql += all('mql.count');
      total.won += all('outcome.won_count');
      total.lost += all('outcome.lost_count');
    }
    expect([total.mql, total.won, total.lost]).toEqual([expected.mql, ...expected.won_lost]);
  });

  it('proposes the Salesforce rule over Lead Status dated by Last Modified Date, and says what it mapped', async () => {
    const dir = join(work, 'sf-words');
    cpSync(join(ROOT, 'salesforce-en'), dir, { recursive: true });
    const logger = memoryLogger();
    const init = await initContract({ input: dir, out: join(dir, 'sla.yaml'), force: false }, logger);
    expect(init.yaml).toContain('  when: {field: Lead Status, in: [Marketing Qualified]}\n  at: Last Modified Date');
    expect(init.yaml).toContain('date_format: mdy');
    expect(logger.lines).toContain('  unmapped: Lead Status, Last Modified Date');
    expect(logger.lines.at(-1)).toMatch(/^wrote .*sla\.yaml\. Next: npm run pipeline -- --input /);
  });

  it('never overwrites an existing contract without --force', async () => {
    const dir = join(work, 'force');
    cpSync(join(ROOT, 'pipedrive-en'), dir, { recursive: true });
    const out = join(dir, 'sla.yaml');
    writeFileSync(out, 'name: mine\n');
    await expect(initContract({ input: dir, out, force: false }, silentLogger)).rejects.toBeInstanceOf(InitError);
    expect(readFileSync(out, 'utf8')).toBe('name: mine\n');
    await initContract({ input: dir, out, force: true }, silentLogger);
    expect(readFileSync(out, 'utf8')).toContain('preset: pipedrive');
  });

  it('records in each snapshot manifest what was read, so the data page can list the missing columns', async () => {
    const dir = join(work, 'manifest-columns');
    cpSync(join(ROOT, 'hubspot-all-properties'), dir, { recursive: true });
    const config = join(dir, 'sla.yaml');
    await initContract({ input: dir, out: config, force: false }, silentLogger);
    const out = join(dir, 'out');
    const result = await runPipeline({ input: dir, config, out }, { logger: silentLogger, clock: fixedClock(NOW) });
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(out, 'snapshots', result.periods[0]!.key, 'manifest.json'), 'utf8')));
    // The deals export has no Currency and no Closed Lost Reason; Deal Stage decides status and closed_at.
    expect(manifest.columns?.deals?.missing).toEqual(['currency', 'lost_reason']);
    expect(manifest.columns?.deals?.mapped.status).toBe('Deal Stage');
    expect(manifest.columns?.deals?.unused).toEqual(['Deal Name', 'Pipeline', 'Associated Contact']);
  });
});
