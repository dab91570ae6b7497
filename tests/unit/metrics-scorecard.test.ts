import { describe, expect, it } from 'vitest';
import { parseContract } from '../../pipeline/contract/load.ts';
import { pctRow } from '../../pipeline/metrics/metric-rows.ts';
import { clauseStatus, scorecardFiles, scorecardMetrics } from '../../pipeline/metrics/scorecard.ts';
import type { MetricRow } from '../../pipeline/schemas/snapshot.ts';

function contract(yaml: string) {
  const parsed = parseContract(yaml);
  if ('problems' in parsed) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.contract;
}

// Seven measured clauses for 2026-10, written by hand, against the defaults (mql_volume 100/90,
// icp_fit 60/50, completeness 95/85, acceptance 90/80, rejection reasons 100/95) and a contract
// that moves speed to promised 95, at risk from 80.
const rows: MetricRow[] = [
  { ...pctRow('2026-10', 'mql.pacing_pct', 'all', 'all', 95, 100), value: 95 }, // 90 ≤ 95 < 100 → at risk
  pctRow('2026-10', 'quality.icp_fit_pct', 'all', 'all', 60, 100), // 60 ≥ 60 → met
  pctRow('2026-10', 'quality.complete_pct', 'all', 'all', 84, 100), // 84 < 85 → missed
  pctRow('2026-10', 'speed.within_sla_pct', 'all', 'all', 80, 100), // 80 = at-risk threshold → at risk
  pctRow('2026-10', 'acceptance.within_sla_pct', 'all', 'all', 0, 0), // nothing due → no data
  pctRow('2026-10', 'acceptance.rejection_reason_pct', 'all', 'all', 4, 4), // 100 → met
  pctRow('2026-10', 'speed.within_sla_pct', 'owner', 'Ana', 1, 100), // a breakdown row: ignored
];

describe('scorecard', () => {
  it('sets each clause against its promise and at-risk threshold', () => {
    const file = scorecardFiles(contract('scorecard:\n  speed_within_sla: {promised: 95, at_risk: 80}\n'), ['2026-10'], rows).get('2026-10')!;
    expect(file.clauses.map((c) => [c.id, c.side, c.promised, c.at_risk_from, c.measured, c.numerator, c.denominator, c.status])).toEqual([
      ['mql_volume', 'marketing', 100, 90, 95, 95, 100, 'at_risk'],
      ['icp_fit', 'marketing', 60, 50, 60, 60, 100, 'met'],
      ['completeness', 'marketing', 95, 85, 84, 84, 100, 'missed'],
      ['speed_within_sla', 'sales', 95, 80, 80, 80, 100, 'at_risk'],
      // attempts.adherent_pct has no row at all.
      ['attempt_adherence', 'sales', 80, 70, null, null, null, 'no_data'],
      ['acceptance_within_sla', 'sales', 90, 80, null, 0, 0, 'no_data'],
      ['rejection_reasons', 'sales', 100, 95, 100, 4, 4, 'met'],
    ]);
    const metricRows = scorecardMetrics(new Map([['2026-10', file]]));
    expect(metricRows.find((r) => r.metric === 'scorecard.completeness')).toEqual({
      period: '2026-10', metric: 'scorecard.completeness', segment_kind: 'all', segment: 'all', value: 84, numerator: 84, denominator: 100, unit: 'pct',
    });
  });

  it('compares at the boundaries: met at the promise, at risk at the threshold', () => {
    expect([clauseStatus(90, 90, 80), clauseStatus(89.99, 90, 80), clauseStatus(80, 90, 80), clauseStatus(79.99, 90, 80), clauseStatus(null, 90, 80)]).toEqual([
      'met',
      'at_risk',
      'at_risk',
      'missed',
      'no_data',
    ]);
  });

  it('refuses an at-risk threshold above the promise, naming the setting', () => {
    const parsed = parseContract('scorecard:\n  icp_fit: {promised: 50, at_risk: 70}\n');
    expect('problems' in parsed && parsed.problems).toEqual([
      { path: 'scorecard.icp_fit.at_risk', line: 2, message: 'found 70; expected an at-risk threshold at or below the promised level (50)' },
    ]);
  });
});
