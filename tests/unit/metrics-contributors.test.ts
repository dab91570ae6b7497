import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributorsFiles } from '../../pipeline/metrics/contributors.ts';
import type { ScorecardClause } from '../../pipeline/schemas/scorecard.ts';
import type { MetricRow } from '../../pipeline/schemas/snapshot.ts';
import { measure, type Measured } from '../fixtures/metrics/harness.ts';

// Who drove each miss, on tests/fixtures/metrics/quality (the six handoffs of metrics-quality.test.ts):
//
//   lead  owner  source   tier  complete  ICP
//   Q1    Ana    organic  A     yes       yes
//   Q2    Ana    paid     B     no        no
//   Q3    Bia    paid     B     no        no
//   Q4    Bia    organic  B     no        no
//   Q5    Bia    organic  A     yes       yes
//   Q6    Ana    paid     B     yes       no
//
// Completeness, promised 95%: 3 of 6, shortfall 0.95 × 6 − 3 = 2.7 handoffs (missed).
//   owners: Ana 2/3 → 2.85 − 2 = 0.85; Bia 1/3 → 2.85 − 1 = 1.85; sum 2.7 → Bia 1.85/2.7 = 68.5%, Ana 31.5%
//   sources: organic (Q1 Q4 Q5) 2/3 → 0.85; paid (Q2 Q3 Q6) 1/3 → 1.85
//   tiers: A 2/2 is above the promise (0.95 × 2 − 2 = −0.1) and offsets nobody: B 1/4 → 3.8 − 1 = 2.8 = 100%
// ICP fit, promised 60%: 2 of 6, shortfall 3.6 − 2 = 1.6. Tier A 2/2 above; B 0/4 → 2.4 = 100%.
//   owners: Ana 1/3 → 1.8 − 1 = 0.8, Bia 1/3 → 0.8: 50% each.

let m: Measured;
beforeAll(async () => {
  m = await measure('quality', '2018-11-07T12:00:00Z');
});
afterAll(() => m.db.close());

const clause = (id: string) => m.details.get('2018-10')!['contributors.json'].clauses.find((c) => c.id === id)!;

describe('who drove each miss', () => {
  it('splits a missed ratio clause’s shortfall among the segments below the promise', () => {
    const completeness = clause('completeness');
    expect([completeness.status, completeness.promised, completeness.shortfall]).toEqual(['missed', 95, 2.7]);
    const of = (kind: string) =>
      completeness.contributors.filter((c) => c.segment_kind === kind).map((c) => [c.segment, c.numerator, c.denominator, c.shortfall, c.share_pct]);
    expect(of('owner')).toEqual([
      ['Bia', 1, 3, 1.85, (100 * 1.85) / 2.7],
      ['Ana', 2, 3, 0.85, (100 * 0.85) / 2.7],
    ]);
    expect(of('source').map((c) => c.slice(0, 4))).toEqual([
      ['paid', 1, 3, 1.85],
      ['organic', 2, 3, 0.85],
    ]);
    expect(of('tier')).toEqual([['B', 1, 4, 2.8, 100]]);
    expect(completeness.contributors[0]!.value).toBe(100 / 3);
  });

  it('lists every missed or at-risk ratio clause, kinds in breakdown order', () => {
    expect(m.details.get('2018-10')!['contributors.json'].clauses.map((c) => c.id)).toEqual([
      'icp_fit',
      'completeness',
      'speed_within_sla',
      'attempt_adherence',
      'acceptance_within_sla',
    ]);
    const icp = clause('icp_fit');
    expect(icp.shortfall).toBe(1.6);
    const kinds = icp.contributors.map((c) => c.segment_kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => ['source', 'tier', 'segment', 'owner'].indexOf(a) - ['source', 'tier', 'segment', 'owner'].indexOf(b)));
    expect(new Set(kinds)).toEqual(new Set(['source', 'tier', 'segment', 'owner']));
    expect(icp.contributors.filter((c) => c.segment_kind === 'owner').map((c) => [c.segment, c.shortfall, c.share_pct])).toEqual([
      ['Ana', 0.8, 50],
      ['Bia', 0.8, 50],
    ]);
    // November has no handoff: nothing to explain.
    expect(m.details.get('2018-11')!['contributors.json'].clauses).toEqual([]);
  });

  it('leaves out met clauses and the volume clause, which has no target per segment', () => {
    const base = { side: 'marketing', unit: 'pct', at_risk_from: 80 } as const;
    const clauses: ScorecardClause[] = [
      { ...base, id: 'mql_volume', metric: 'mql.pacing_pct', promised: 100, measured: 50, numerator: 5, denominator: 10, status: 'missed' },
      { ...base, id: 'icp_fit', metric: 'quality.icp_fit_pct', promised: 60, measured: 70, numerator: 7, denominator: 10, status: 'met' },
    ];
    const row = (metric: MetricId, segment: string, numerator: number, denominator: number): MetricRow => ({
      period: 'p',
      metric,
      segment_kind: 'source',
      segment,
      value: (100 * numerator) / denominator,
      numerator,
      denominator,
      unit: 'pct',
    });
    const files = contributorsFiles(new Map([['p', { period: 'p', clauses }]]), [row('mql.pacing_pct', 'paid', 1, 5), row('quality.icp_fit_pct', 'paid', 1, 5)]);
    expect(files.get('p')).toEqual({ period: 'p', clauses: [] });
  });
});
