import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORECARD_DEFAULTS } from '../../pipeline/contract/schema.ts';
import { catalogueMetrics } from '../../pipeline/metrics/catalogue-runner.ts';
import { CATALOGUE, isMetricId, metricIdSchema, resolveMetric, resolvedMetrics, SCORECARD, type MetricId } from '../../pipeline/metrics/catalogue/index.ts';
import { withMetricTable } from '../../pipeline/metrics/catalogue/markdown.ts';
import { reportingPeriods } from '../../pipeline/model/build-model.ts';
import { metricsFileSchema } from '../../pipeline/schemas/snapshot.ts';
import { measure, type Measured } from '../fixtures/metrics/harness.ts';

// Metric ids are a type: these lines must not compile (tsc --noEmit checks the tests too).
// @ts-expect-error the id is `attempts.adherent_pct`
const misspelt: MetricId = 'attempts.adherence_pct';
// @ts-expect-error a stage the funnel does not have
const unknownStage: MetricId = 'funnel.flow.churned';
// @ts-expect-error no clause of that name
const unknownClause: MetricId = 'scorecard.speed.within_sla_pct';
// A field-dependent id takes any field of the contract.
const field: MetricId = 'quality.missing_pct.cnpj';

const repoRoot = join(import.meta.dirname, '../..');

let m: Measured;
beforeAll(async () => {
  // tests/fixtures/metrics/speed (see metrics-speed.test.ts): November 2018 has 5 handoffs, 4 of
  // them due (S3, S4, S7, S8#2), and only S4 answered within its tier's time.
  m = await measure('speed', '2018-11-07T12:00:00Z');
});
afterAll(() => m.db.close());

describe('the metric catalogue', () => {
  it('rejects a wrong id when a snapshot is written or read', () => {
    expect([misspelt, unknownStage, unknownClause].map(isMetricId)).toEqual([false, false, false]);
    expect(isMetricId(field)).toBe(true);
    expect(metricIdSchema.safeParse('attempts.adherent_pct').success).toBe(true);
    const row = { period: '2026-10', metric: 'attempts.adherence_pct', segment_kind: 'all', segment: 'all', value: 1, numerator: null, denominator: null, unit: 'count' };
    const parsed = metricsFileSchema.safeParse([row]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('"attempts.adherence_pct" is not a metric id of the catalogue (pipeline/metrics/catalogue)');
  });

  it('has one entry per id, a clause per promise of the contract, each measured in percent', () => {
    const ids = CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(SCORECARD.map((c) => c.clause)).toEqual(Object.keys(SCORECARD_DEFAULTS));
    expect(SCORECARD.map((c) => resolveMetric(c.measures)?.entry.unit)).toEqual(SCORECARD.map(() => 'pct'));
  });

  it('says what each clause measures, in both languages', () => {
    const speed = resolveMetric('scorecard.speed_within_sla')!;
    expect(speed.definition.en).toContain('handoffs due');
    expect(speed.definition['pt-BR']).toContain('passagens vencidas');
    const definitions = SCORECARD.flatMap((c) => [c.definition.en, c.definition['pt-BR']]);
    expect(new Set(definitions).size).toBe(definitions.length);
  });

  it('is exactly what the pipeline writes: every entry has rows, every row has an entry', () => {
    const written = new Set(m.rows.map((r) => r.metric));
    expect([...written].sort()).toEqual(resolvedMetrics(m.contract.handoff_fields).map((r) => r.id).sort());
  });

  it('computes a redefined entry with the same runner, and nothing else changes', async () => {
    // Speed within SLA over every handoff instead of the due ones: November 1 of 5 = 20%.
    const entry = resolveMetric('speed.within_sla_pct')!;
    const redefined = { ...entry, measure: { kind: 'pct' as const, numerator: 'count(*) FILTER (WHERE speed_within_sla)', denominator: 'count(*)' } };
    const periods = await reportingPeriods(m.db, m.contract, '2018-11-07T12:00:00Z');
    const rows = await catalogueMetrics(m.db, { contract: m.contract, periods, asOf: '2018-11-07T12:00:00Z' }, [redefined]);
    const all = rows.filter((r) => r.segment_kind === 'all').map((r) => [r.period, r.metric, r.numerator, r.denominator, r.value]);
    expect(all).toEqual([
      ['2018-10', 'speed.within_sla_pct', 4, 4, 100],
      ['2018-11', 'speed.within_sla_pct', 1, 5, 20],
    ]);
    expect(m.ratio('2018-11', 'speed.within_sla_pct')).toEqual([1, 4, 25]);
  });

  it('is the README’s metric table (run `npm run docs` after changing an entry)', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(withMetricTable(readme)).toBe(readme);
  });
});
