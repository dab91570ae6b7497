import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run.ts';
import { DETAIL_FILE_SCHEMAS } from '../../pipeline/schemas/detail-files.ts';
import { manifestSchema, metricsFileSchema } from '../../pipeline/schemas/snapshot.ts';
import { fixedClock, silentLogger } from '../../pipeline/steps.ts';

// The whole pipeline on tests/fixtures/metrics/acceptance (see metrics-acceptance.test.ts for its
// numbers) with --as-of "2018-11-07 10:00" (São Paulo, UTC−2 that day = 12:00Z).

/** Every metric id of SPEC section 4 for this fixture's contract (handoff_fields: name, phone). */
const SPEC_METRICS = [
  'mql.count', 'mql.target', 'mql.pacing_pct',
  'plan.avg_ticket', 'plan.rate.lead_mql', 'plan.rate.mql_sal', 'plan.rate.sal_sql', 'plan.rate.sql_won',
  'plan.deals_needed', 'plan.sqls_needed', 'plan.mqls_needed', 'plan.leads_needed',
  'speed.median_minutes', 'speed.p90_minutes', 'speed.within_sla_pct', 'speed.not_contacted_pct', 'speed.pending_count',
  'attempts.adherent_pct', 'attempts.gave_up_early_pct', 'attempts.too_aggressive_pct', 'attempts.mean',
  'acceptance.within_sla_pct', 'acceptance.rejected_pct',
  'funnel.cohort.sal_pct', 'funnel.cohort.sql_pct', 'funnel.cohort.opportunity_pct', 'funnel.cohort.won_pct',
  ...['lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost'].map((s) => `funnel.flow.${s}`),
  'funnel.velocity.mql_sal_days', 'funnel.velocity.sal_sql_days', 'funnel.velocity.sql_opportunity_days', 'funnel.velocity.opportunity_won_days',
  'quality.complete_pct', 'quality.missing_pct.name', 'quality.missing_pct.phone', 'quality.icp_fit_pct',
  'outcome.won_count', 'outcome.won_revenue', 'outcome.avg_ticket', 'outcome.lost_count',
  'outcome.recycled_count', 'outcome.disqualified_count', 'outcome.rejected_count', 'outcome.returned_count',
  ...['mql_volume', 'icp_fit', 'completeness', 'speed_within_sla', 'attempt_adherence', 'acceptance_within_sla', 'rejection_reasons'].map((c) => `scorecard.${c}`),
];

let work: string;
let out: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'handoff-metrics-'));
  cpSync('tests/fixtures/metrics/acceptance', join(work, 'input'), { recursive: true });
  out = join(work, 'out');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const run = () =>
  runPipeline(
    { input: join(work, 'input'), config: join(work, 'input', 'sla.yaml'), out, asOf: '2018-11-07 10:00' },
    { logger: silentLogger, clock: fixedClock('2018-11-08T12:00:00Z') },
  );

function snapshotFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const period of readdirSync(join(out, 'snapshots')).sort()) {
    for (const name of readdirSync(join(out, 'snapshots', period)).sort()) files[`${period}/${name}`] = readFileSync(join(out, 'snapshots', period, name), 'utf8');
  }
  return files;
}

describe('metric snapshots', () => {
  it('writes every SPEC metric and the detail files, each listed in the manifest with its sha256', async () => {
    const result = await run();
    expect(result.run.as_of).toBe('2018-11-07T12:00:00Z');
    for (const period of ['2018-10', '2018-11']) {
      const dir = join(out, 'snapshots', period);
      const metrics = metricsFileSchema.parse(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')));
      const ids = new Set<string>(metrics.filter((r) => r.segment_kind === 'all').map((r) => r.metric));
      expect(SPEC_METRICS.filter((id) => !ids.has(id))).toEqual([]);
      const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
      expect(Object.keys(manifest.files).sort()).toEqual(['contract.yaml', ...Object.keys(DETAIL_FILE_SCHEMAS), 'metrics.csv', 'metrics.json'].sort());
      for (const [name, sha] of Object.entries(manifest.files)) {
        const text = readFileSync(join(dir, name), 'utf8');
        expect(createHash('sha256').update(text).digest('hex')).toBe(sha);
        if (name in DETAIL_FILE_SCHEMAS) {
          DETAIL_FILE_SCHEMAS[name as keyof typeof DETAIL_FILE_SCHEMAS].parse(JSON.parse(text));
          // Aggregates only: no lead id, name or phone of the fixture appears in a detail file.
          expect(text).not.toMatch(/"C\d|Caio|Duda|Hugo/);
        }
      }
    }
    // October, by hand: 3 of 4 due handoffs accepted within 4 h; the scorecard clause says the same.
    const scorecard = JSON.parse(readFileSync(join(out, 'snapshots', '2018-10', 'scorecard.json'), 'utf8'));
    expect(scorecard.clauses.find((c: { id: string }) => c.id === 'acceptance_within_sla')).toMatchObject({
      side: 'sales', promised: 90, at_risk_from: 80, measured: 75, numerator: 3, denominator: 4, status: 'missed',
    });
  });

  it('gives byte-identical files when run twice on the same inputs', async () => {
    await run();
    const first = snapshotFiles();
    rmSync(join(out, 'snapshots'), { recursive: true });
    await run();
    expect(snapshotFiles()).toEqual(first);
    expect(Object.keys(first)).toContain('2018-11/distributions.json');
  });
});
