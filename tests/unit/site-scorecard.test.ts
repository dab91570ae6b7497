import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScorecardClause } from '../../pipeline/schemas/scorecard.ts';
import { loadSnapshots, publishSnapshots, SnapshotError, type SiteData } from '../../site/lib/snapshots.ts';
import { discussionPoints } from '../../site/views/meeting-view.ts';
import { pageContext } from '../../site/views/page-context.ts';
import { opportunityReconciliation, outcomeReconciliation, speedSection } from '../../site/views/period-sections.ts';
import { dictionary, formatter } from '../../site/i18n/index.ts';
import type { MetricRow } from '../../pipeline/schemas/snapshot.ts';
import type { PeriodSnapshot } from '../../site/lib/snapshots.ts';
import { scorecardView, statusChanges } from '../../site/views/scorecard.ts';
import type { ClauseId, MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// The detail files of a snapshot as the site reads them: scorecard.json, owners.json,
// reasons.json and distributions.json written by hand into a copy of the fixture snapshots
// (which have none, like a folder from an older run).

const fixtures = fileURLToPath(new URL('../fixtures/snapshots', import.meta.url));
const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const clause = (id: ClauseId, side: 'marketing' | 'sales', status: ScorecardClause['status'], measured: number | null, n: number | null, d: number | null): ScorecardClause => ({
  id,
  side,
  metric: id === 'icp_fit' ? 'quality.icp_fit_pct' : 'speed.within_sla_pct',
  promised: id === 'icp_fit' ? 60 : 90,
  at_risk_from: id === 'icp_fit' ? 50 : 80,
  measured,
  unit: 'pct',
  numerator: n,
  denominator: d,
  status,
});

function write(dir: string, period: string, name: string, content: unknown): void {
  writeFileSync(join(dir, period, name), `${JSON.stringify(content, null, 2)}\n`);
}

/** The fixtures with detail files in 2026-09 and 2026-10 (2026-08 keeps none). */
function withDetails(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-details-'));
  scratch.push(dir);
  cpSync(fixtures, dir, { recursive: true });
  // 2026-09: ICP 31 of 50 = 62 % ≥ 60 → met; speed 85 of 100 = 85 %, between 80 and 90 → at risk.
  write(dir, '2026-09', 'scorecard.json', { period: '2026-09', clauses: [clause('icp_fit', 'marketing', 'met', 62, 31, 50), clause('speed_within_sla', 'sales', 'at_risk', 85, 85, 100)] });
  // 2026-10: ICP 24 of 60 = 40 % < 50 → missed; speed 81 of 90 = 90 % → met.
  write(dir, '2026-10', 'scorecard.json', { period: '2026-10', clauses: [clause('icp_fit', 'marketing', 'missed', 40, 24, 60), clause('speed_within_sla', 'sales', 'met', 90, 81, 90)] });
  write(dir, '2026-10', 'reasons.json', {
    period: '2026-10',
    rejected: [
      { reason: 'Fora do perfil', count: 5 },
      { reason: 'Duplicado', count: 3 },
      { reason: 'Sem orçamento', count: 2 },
      { reason: 'Concorrente', count: 1 },
      { reason: null, count: 4 },
    ],
    lost: [],
    recycled: [],
    disqualified: [],
  });
  write(dir, '2026-10', 'owners.json', {
    period: '2026-10',
    metrics: ['mql.count'],
    owners: [
      { owner: 'Ana Beatriz Costa', values: { 'mql.count': { value: 500, numerator: null, denominator: null } } },
      { owner: 'Bruno Lima', values: { 'mql.count': { value: 300, numerator: null, denominator: null } } },
    ],
  });
  write(dir, '2026-10', 'distributions.json', {
    period: '2026-10',
    speed: {
      bins_minutes: [0, 15, 60],
      groups: [
        // Tier A: 4 due, 3 within → 75 %; quantiles 0 %, 50 %, 100 % are 2, 10 and 30 minutes.
        { tier: 'A', response_within_minutes: 15, due: 4, within_sla: 3, contacted: 4, histogram: [3, 0, 1], quantiles: [2, 10, 30] },
        // Tier C: 5 due, none contacted → 0 of 5 = 0 %; no quantiles, so no chart.
        { tier: 'C', response_within_minutes: 240, due: 5, within_sla: 0, contacted: 0, histogram: [0, 0, 0], quantiles: [] },
      ],
    },
    attempts: { per_handoff: [], first_touch: [] },
  });
  return dir;
}

function siteOf(dir: string, mode: 'names' | 'initials' | 'hidden' = 'initials'): SiteData {
  const periods = publishSnapshots(loadSnapshots(dir), mode);
  return { periods, latest: periods.at(-1)!, locale: 'pt-BR', owners: mode, meetings: [] };
}

describe('detail files', () => {
  it('loads the detail files a folder has and leaves out those it lacks', () => {
    const site = siteOf(withDetails());
    const [aug, sep, oct] = site.periods;
    expect(aug!.details).toEqual({});
    expect(Object.keys(sep!.details)).toEqual(['scorecard.json']);
    expect(Object.keys(oct!.details).sort()).toEqual(['distributions.json', 'owners.json', 'reasons.json', 'scorecard.json']);
  });

  it('refuses a detail file of another period', () => {
    const dir = withDetails();
    write(dir, '2026-09', 'reasons.json', { period: '2026-10', rejected: [], lost: [], recycled: [], disqualified: [] });
    expect(() => loadSnapshots(dir)).toThrow(SnapshotError);
  });

  it('publishes owners.json as publish.owners says, with the same labels as the owner rows', () => {
    const dir = withDetails();
    // Initials across the fixture's owners: Ana Beatriz Costa → A.B.C.; Beatriz Lopes and Bruno Lima share B.L., numbered in name order → Bruno is B.L. 2.
    expect(siteOf(dir, 'initials').latest.details['owners.json']?.owners.map((o) => o.owner)).toEqual(['A.B.C.', 'B.L. 2']);
    expect(siteOf(dir, 'hidden').latest.details['owners.json']?.owners).toEqual([]);
    expect(siteOf(dir, 'names').latest.details['owners.json']?.owners.map((o) => o.owner)).toEqual(['Ana Beatriz Costa', 'Bruno Lima']);
  });
});

describe('the scorecard', () => {
  it('shows each clause with its side, promise, measure, counts and status badge', () => {
    const site = siteOf(withDetails());
    const view = scorecardView(pageContext(site), site.latest, site.periods, 'scorecard', '')!;
    expect(view.lines.map((l) => [l.side, l.promised, l.measured, l.fraction, l.status, l.badge])).toEqual([
      ['Marketing', '≥ 60%', '40%', '24 de 60', 'Descumprida', 'missed'],
      ['Vendas', '≥ 90%', '90%', '81 de 90', 'Cumprida', 'met'],
    ]);
    expect(view.counts).toEqual({ met: 1, at_risk: 0, missed: 1, no_data: 0 });
    // Two periods have the clause (2026-09 and 2026-10): enough for a sparkline, and its numbers in the trend table.
    expect(view.lines[0]!.spark?.description).toContain('Set 2026 62%, Out 2026 40%');
    expect(view.trend?.rows[0]?.cells.map((c) => c.value)).toEqual(['icp_fit', null, 62, 40]);
  });

  it('links each clause to its section of the period page and to its chart on the trends page, from the page showing it', () => {
    const site = siteOf(withDetails());
    const fromHome = scorecardView(pageContext(site), site.latest, site.periods, 'clauses', '')!;
    expect(fromHome.lines.map((l) => [l.clause.id, l.sectionHref, l.trendHref])).toEqual([
      ['icp_fit', 'periods/2026-10/index.html#quality', 'trends/index.html#chart-scorecard-icp-fit'],
      ['speed_within_sla', 'periods/2026-10/index.html#speed', 'trends/index.html#chart-scorecard-speed-within-sla'],
    ]);
    // On its own period page the link stays on the page; the sparkline's points lead to their periods.
    const onPeriod = scorecardView(pageContext(site), site.latest, site.periods, 'scorecard', 'periods/2026-10/')!;
    expect(onPeriod.lines.map((l) => l.sectionHref)).toEqual(['#quality', '#speed']);
    expect(onPeriod.lines[0]!.trendHref).toBe('../../trends/index.html#chart-scorecard-icp-fit');
    const meeting = scorecardView(pageContext(site), site.latest, site.periods, 'meeting-scorecard', 'periods/2026-10/meeting/')!;
    expect(meeting.lines[1]!.sectionHref).toBe('../index.html#speed');
    expect(fromHome.lines[0]!.spark?.options.marks?.length).toBe(4);
  });

  it('has no scorecard for a period without scorecard.json', () => {
    const site = siteOf(withDetails());
    expect(scorecardView(pageContext(site), site.periods[0]!, site.periods, 'scorecard', '')).toBeNull();
  });

  it('lists the clauses whose status changed since the previous period', () => {
    const site = siteOf(withDetails());
    const [aug, sep, oct] = site.periods;
    const table = statusChanges(pageContext(site), oct!, sep!)!;
    // ICP met → missed, 62 → 40 = -22 points; speed at risk → met, 85 → 90 = +5 points.
    expect(table.rows.map((r) => r.cells.map((c) => c.value))).toEqual([
      ['icp_fit', 'met', 'missed', 40],
      ['speed_within_sla', 'at_risk', 'met', 90],
    ]);
    expect(statusChanges(pageContext(site), sep!, aug!)).toBeNull();
  });

  it('raises the missed clauses and the top three rejection reasons for the meeting', () => {
    const site = siteOf(withDetails());
    // Rejections: 5 + 3 + 2 + 1 + 4 without reason = 15; the reasonless ones are not a reason to discuss.
    expect(discussionPoints(pageContext(site), site.latest)).toEqual([
      'Aderência ao ICP (Marketing): 40% contra 60% prometido.',
      'Principais motivos de rejeição: Fora do perfil (5), Duplicado (3), Sem orçamento (2) (de 15 rejeições).',
    ]);
  });
});

describe('speed to lead', () => {
  it('reads each tier against its window, with median and 90th percentile from the quantiles', () => {
    const site = siteOf(withDetails());
    const section = speedSection(pageContext(site), site.latest)!;
    const tiers = section.tables.find((t) => t.id === 'speed-tiers')!;
    // Quantiles [2, 10, 30] are 0 %, 50 %, 100 %: the median is 10, the 90th percentile the nearest listed one, 30.
    expect(tiers.rows.map((r) => r.cells.map((c) => c.value))).toEqual([
      ['A', 15, 4, 3, 75, 4, 10, 30],
      ['C', 240, 5, 0, 0, 0, null, null],
    ]);
    // Only tier A has a distribution to draw.
    expect(section.charts.map((c) => c.id)).toEqual(['speed-ecdf-a']);
    const histogram = section.tables.find((t) => t.id === 'speed-histogram')!;
    expect(histogram.rows.map((r) => r.cells[0]?.text)).toEqual(['0 min – 15 min', '15 min – 1 h', '≥ 1 h']);
  });
});

describe('counts that reconcile', () => {
  const row = (metric: MetricId, value: number | null, numerator: number | null = null, denominator: number | null = null): MetricRow => ({
    period: '2026-10', metric, segment_kind: 'all', segment: 'all', value, numerator, denominator, unit: metric.endsWith('_pct') ? 'pct' : 'count',
  });
  const snapshotOf = (rows: MetricRow[]) => ({ period: '2026-10', metrics: rows }) as unknown as PeriodSnapshot;
  const ctx = { t: dictionary('en'), fmt: formatter('en', 'America/Sao_Paulo', 'BRL') };

  it('explains won, lost and rejections counted by close date, by lead event and by cohort, with both numbers', () => {
    const rows = [
      row('outcome.won_count', 49), row('funnel.flow.won', 47), row('funnel.cohort.won_pct', 0, 0, 538),
      row('outcome.lost_count', 119), row('funnel.flow.lost', 118),
      row('outcome.rejected_count', 116), row('acceptance.rejected_pct', 23.03, 111, 482),
    ];
    const sentences = outcomeReconciliation(ctx as never, snapshotOf(rows));
    expect(sentences).toHaveLength(3);
    expect(sentences[0]).toMatch(/^49 deals won with their close date in October 2026 \(outcomes\).*; 47 leads reached won in October 2026 .*; 0 of October 2026's own handoffs have been won so far/);
    expect(sentences[1]).toBe('119 deals lost with their close date in October 2026 (outcomes); 118 leads reached lost in October 2026 (funnel flow, lead events only).');
    expect(sentences[2]).toBe('116 rejections recorded in October 2026, whichever period the handoff came from (outcomes); 111 of the 482 handoffs of October 2026 already decided were rejected (acceptance).');
    // Counts that agree need no explanation.
    expect(outcomeReconciliation(ctx as never, snapshotOf([row('outcome.lost_count', 5), row('funnel.flow.lost', 5)]))).toEqual([]);
  });

  it('explains Opportunity above SQL in the flow, and only then', () => {
    expect(opportunityReconciliation(ctx, snapshotOf([row('funnel.flow.opportunity', 242), row('funnel.flow.sql', 216)]))).toMatch(/^Opportunity \(242\) above SQL \(216\) is expected: .*created without an SQL event/);
    expect(opportunityReconciliation(ctx, snapshotOf([row('funnel.flow.opportunity', 200), row('funnel.flow.sql', 216)]))).toBeNull();
  });
});
