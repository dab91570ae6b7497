import type { ClauseId, MetricId } from '../../pipeline/metrics/catalogue/index.ts';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ContributorsFile } from '../../pipeline/schemas/contributors.ts';
import type { PlanActualFile } from '../../pipeline/schemas/plan-actual.ts';
import type { ScorecardClause } from '../../pipeline/schemas/scorecard.ts';
import { loadSite, type PeriodSnapshot } from '../../site/lib/snapshots.ts';
import { discussionPoints } from '../../site/views/meeting-view.ts';
import { pageContext } from '../../site/views/page-context.ts';
import { missDrivers, planActualView } from '../../site/views/plan-actual.ts';

// Plan against actual and who drove each miss as the pages show them, on the fixture site's open
// October 2026 (pt-BR) with hand-made detail files.

const site = loadSite(fileURLToPath(new URL('../fixtures/snapshots', import.meta.url)));
const october = site.periods.find((p) => p.period === '2026-10')!;

const line = (stage: PlanActualFile['stages'][number]['stage'], target: number | null, actual: number, expected: number | null, pacing: number | null) => ({
  stage,
  metric: 'm',
  target,
  actual,
  pct_of_target: target === null ? null : (100 * actual) / target,
  expected_to_date: expected,
  pacing_pct: pacing,
});
// A quarter of the business time gone: revenue 200 000 of 600 000 (33,3%), expected 150 000 by now, pace 133,3%.
const plan: PlanActualFile = {
  period: '2026-10',
  elapsed_business_minutes: 2500,
  period_business_minutes: 10000,
  stages: [line('revenue', 600000, 200000, 150000, 400 / 3), line('deals_won', null, 7, null, null), line('sqls', 40, 10, 10, 100), line('mqls', 100, 20, 25, 80), line('leads', 300, 90, 75, 120)],
};

const clause = (id: ClauseId, metric: MetricId, status: ScorecardClause['status'], measured: number, promised: number): ScorecardClause => ({
  id,
  side: 'sales',
  metric,
  promised,
  at_risk_from: promised - 10,
  measured,
  unit: 'pct',
  numerator: null,
  denominator: null,
  status,
});
const drivers: ContributorsFile = {
  period: '2026-10',
  clauses: [
    {
      id: 'speed_within_sla',
      metric: 'speed.within_sla_pct',
      status: 'missed',
      promised: 90,
      shortfall: 40,
      contributors: [
        { segment_kind: 'source', segment: 'paid', numerator: 30, denominator: 50, value: 60, shortfall: 15, share_pct: 30 },
        { segment_kind: 'source', segment: '(none)', numerator: 1, denominator: 10, value: 10, shortfall: 8, share_pct: 16 },
        { segment_kind: 'owner', segment: 'D.M.', numerator: 10, denominator: 50, value: 20, shortfall: 35, share_pct: 70 },
      ],
    },
  ],
};
const snapshot: PeriodSnapshot = {
  ...october,
  details: {
    ...october.details,
    'plan-actual.json': plan,
    'contributors.json': drivers,
    'scorecard.json': {
      period: '2026-10',
      clauses: [clause('mql_volume', 'mql.pacing_pct', 'at_risk', 95, 100), clause('speed_within_sla', 'speed.within_sla_pct', 'missed', 72, 90), clause('icp_fit', 'quality.icp_fit_pct', 'met', 70, 60)],
    },
  },
};
const ctx = pageContext(site, snapshot);

describe('plan against actual on the page', () => {
  it('writes target, actual, % of target and, the period being open, the pace and what was expected by now', () => {
    const view = planActualView(ctx, snapshot)!;
    expect(view.open).toBe(true);
    expect(view.rows.map((r) => [r.name, r.target, r.actual, r.pct, r.pace, r.expected])).toEqual([
      ['Receita', 'R$\u00a0600.000', 'R$\u00a0200.000', '33,3%', '133,3%', 'esperado até agora R$\u00a0150.000'],
      ['Negócios ganhos', 'sem meta', '7', 'n/d', null, null],
      ['SQLs', '40', '10', '25%', '100%', 'esperado até agora 10'],
      ['MQLs', '100', '20', '20%', '80%', 'esperado até agora 25'],
      ['Leads', '300', '90', '30%', '120%', 'esperado até agora 75'],
    ]);
    expect(view.rows[0]!.counts).toBe('negócios ganhos fechados no período');
    expect(view.paceNote).toContain('25%');
    // The chart leaves out the stage without a target and says every value it draws.
    expect(view.chart!.description).toBe('Barras horizontais, realizado como parte da meta, a linha em 100%: Receita 33,3%, SQLs 25%, MQLs 20%, Leads 30%.');
  });

  it('shows no pace once the period is over', () => {
    const closed = { ...snapshot, manifest: { ...snapshot.manifest, closed: true } };
    const view = planActualView(ctx, closed)!;
    expect([view.open, view.paceNote, view.rows[0]!.pace]).toEqual([false, null, null]);
  });
});

describe('who drove each miss on the page', () => {
  it('lists missed clauses first, each with the largest contributor of each kind, largest share first', () => {
    const view = missDrivers(ctx, snapshot);
    expect(view.map((c) => [c.id, c.status])).toEqual([
      ['speed_within_sla', 'missed'],
      ['mql_volume', 'at_risk'],
    ]);
    expect(view[0]!.drivers.map((d) => d.text)).toEqual([
      'Responsável D.M.: 70% do que faltou — 20% (10 de 50)',
      'Origem Paid: 30% do que faltou — 60% (30 de 50)',
    ]);
    expect(view[0]!.shortfall).toBe('faltaram 40 para a promessa');
    // The volume clause names no segment, and says why.
    expect([view[1]!.drivers, view[1]!.note]).toEqual([[], 'O plano fixa uma só meta de MQLs para o período e nenhuma por origem, então nenhum segmento é apontado no volume.']);
  });

  it('says nothing for a snapshot written before contributors.json', () => {
    const { 'contributors.json': _, ...older } = snapshot.details;
    expect(missDrivers(ctx, { ...snapshot, details: older })).toEqual([]);
  });

  it('names the top contributor of each clause in the meeting’s discussion points', () => {
    expect(discussionPoints(ctx, snapshot)).toContain('Onde mais faltou em cada cláusula: Tempo de resposta, responsável D.M. (70%).');
  });
});
