import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../pipeline/errors.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { metricsFileSchema } from '../../pipeline/schemas/snapshot.ts';
import { fixedClock, silentLogger } from '../../pipeline/steps.ts';

// `mql.when` + `mql.at` on exports that carry no MQL date, over the fixture forms of
// tests/fixtures/presets/forms (time zone America/Sao_Paulo, clock 2026-11-01T12:00Z).

const ROOT = 'tests/fixtures/presets/forms';
const NOW = '2026-11-01T12:00:00Z';
const work = mkdtempSync(join(tmpdir(), 'handoff-mql-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the pipeline on a copy of a fixture form with the given sla.yaml; returns mql.count per period. */
async function mqlCounts(form: string, yaml: string): Promise<Record<string, number | undefined>> {
  const dir = join(work, `${form}-${Math.random().toString(36).slice(2)}`);
  cpSync(join(ROOT, form), dir, { recursive: true });
  writeFileSync(join(dir, 'sla.yaml'), yaml);
  const out = join(dir, 'out');
  const result = await runPipeline({ input: dir, config: join(dir, 'sla.yaml'), out }, { logger: silentLogger, clock: fixedClock(NOW) });
  return Object.fromEntries(
    result.periods.map((p) => {
      const rows = metricsFileSchema.parse(JSON.parse(readFileSync(join(out, 'snapshots', p.key, 'metrics.json'), 'utf8')));
      return [p.key, rows.find((r) => r.metric === 'mql.count' && r.segment_kind === 'all')?.value ?? undefined];
    }),
  );
}

const salesforce = `timezone: America/Sao_Paulo
mapping:
  preset: salesforce
  files: {leads: {path: leads-report.csv}, deals: {path: opportunities-report.csv}}
`;

describe('mql.when and mql.at', () => {
  it('makes MQLs of the leads the rule selects, dated by mql.at', async () => {
    // Ana (Marketing Qualified, created 9/28/2026, last modified 10/2/2026 10:00 AM) and Davi
    // (Marketing Qualified, last modified 10/23/2026 9:30 AM): both MQLs in October (periods start
    // at the first MQL; by created_at Ana would open September with one); Bruno and Carla are not.
    const counts = await mqlCounts('salesforce-en', `${salesforce}mql:\n  when: {field: Lead Status, in: [Marketing Qualified]}\n  at: Last Modified Date\n`);
    expect(counts).toEqual({ '2026-10': 2 });
  });

  it('dates MQLs by created_at when mql.at is left out', async () => {
    // Lifecycle Stage Marketing Qualified Lead (101, created Oct 1) or Sales Qualified Lead (103, Oct 6): 2.
    const counts = await mqlCounts(
      'hubspot-deals-view',
      `timezone: America/Sao_Paulo\nmapping: {preset: hubspot}\nmql:\n  when: {field: Lifecycle Stage, in: [Marketing Qualified Lead, Sales Qualified Lead]}\n`,
    );
    expect(counts['2026-10']).toBe(2);
  });

  it('stops when no lead is an MQL, naming the settings and the status-like columns with their values', async () => {
    const run = mqlCounts('salesforce-en', salesforce);
    await expect(run).rejects.toBeInstanceOf(UserError);
    await expect(run).rejects.toThrow(/mql\.when.*mql\.at/s);
    // Lead Status: Marketing Qualified ×2, then the others once each, alphabetically.
    await expect(run).rejects.toThrow('Lead Status: Marketing Qualified (2), Open - Not Contacted (1), Working - Contacted (1)');
  });

  it('stops when the rule matches no lead', async () => {
    const run = mqlCounts('salesforce-en', `${salesforce}mql:\n  when: {field: Lead Status, in: [Qualified]}\n`);
    await expect(run).rejects.toThrow("sla.yaml's mql.when matches no lead");
  });

  it('names a missing mql.at column', async () => {
    const run = mqlCounts('salesforce-en', `${salesforce}mql:\n  when: {field: Lead Status, in: [Marketing Qualified]}\n  at: Qualified On\n`);
    await expect(run).rejects.toThrow('sla.yaml sets mql.at to "Qualified On", but the leads export has no such column');
  });
});
