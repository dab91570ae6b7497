import type { PlotOptions } from '@observablehq/plot';
import type { ReasonCount } from '../../pipeline/schemas/reasons.ts';
import type { PlanResults } from '../../pipeline/schemas/plan.ts';
import { barsChart } from '../charts/bars.ts';
import { columnsChart } from '../charts/columns.ts';
import { speedEcdfChart } from '../charts/speed-ecdf.ts';
import { fieldLabel, metricLabel } from '../i18n/glossary.ts';
import { metricRow, type PeriodSnapshot } from '../lib/snapshots.ts';
import { siteTable, type SiteTable } from '../lib/table.ts';
import { countCell, metricCell, segmentText, type BreakdownKind } from './metric-tables.ts';
import { idPart, type PageContext } from './page-context.ts';
import { COHORT_STAGES, type MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// The metric sections of the period page, as data: each has facts (headline numbers of its
// family), notes, charts and tables. A section is built only from the files and rows the snapshot
// has: a folder from an older run without plan.json gets no plan section, never placeholders.

/** A labelled number of a section; `metric` links it to the glossary. */
export interface Fact {
  metric: MetricId;
  label: string;
  text: string;
  /** Its counts ("413 of 527"), when it has them. */
  hint: string | null;
}

/** A chart of a section; the numbers it draws are in one of the section's tables. */
export interface ChartBlock {
  id: string;
  title: string;
  unit: string;
  description: string;
  options: PlotOptions;
  /** What its shades mean, when it has more than one. */
  legend?: Array<{ label: string; shade: 'accent' | 'soft' | 'target' }>;
}

/** One metric section of the period page. */
export interface ReportSection {
  id: string;
  title: string;
  lead: string;
  /** Sentences a reader must not miss (immature cohort, pending handoffs). */
  notes: string[];
  facts: Fact[];
  charts: ChartBlock[];
  tables: SiteTable[];
  /** Metric ids shown, for the glossary. */
  terms: MetricId[];
  /** Sentences reconciling its counts with the same events counted another way (folded under the facts); empty when none differ. */
  reconcile?: string[];
}

/** A whole-period metric as a fact; null when the snapshot lacks it. */
export function fact(ctx: PageContext, snapshot: PeriodSnapshot, metric: MetricId): Fact | null {
  const row = metricRow(snapshot, metric);
  if (!row) return null;
  const { fmt, t } = ctx;
  return {
    metric,
    label: metricLabel(metric, fmt.locale),
    text: fmt.metric(row.value, row.unit),
    hint: row.unit === 'pct' && row.numerator !== null && row.denominator !== null ? t.report.fraction(fmt.number(row.numerator), fmt.number(row.denominator)) : null,
  };
}

function facts(ctx: PageContext, snapshot: PeriodSnapshot, metrics: readonly MetricId[]): Fact[] {
  return metrics.flatMap((metric) => fact(ctx, snapshot, metric) ?? []);
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : (100 * part) / whole);

/** A reasons list as a table with each reason's share; null when empty. */
function reasonsTable(ctx: PageContext, id: string, caption: string, reasons: readonly ReasonCount[]): SiteTable | null {
  if (reasons.length === 0) return null;
  const { t } = ctx;
  const total = reasons.reduce((n, r) => n + r.count, 0);
  return siteTable({
    id,
    caption,
    columns: [
      { key: 'reason', label: t.table.reason },
      { key: 'count', label: t.report.count, numeric: true },
      { key: 'share_pct', label: t.table.share, numeric: true },
    ],
    rows: reasons.map((r, i) => ({
      key: r.reason === null ? 'none' : `${i + 1}`,
      cells: [{ value: r.reason, text: r.reason ?? t.report.noReason }, countCell(ctx, r.count), metricCell(ctx, share(r.count, total), 'pct')],
    })),
  });
}

/** Horizontal bars of a table's label column against one of its numeric columns; `width` is the drawing's (340 beside a section's table). */
export function barsOf(ctx: PageContext, id: string, table: SiteTable, column: number, unit: string, format: (v: number) => string, width = 340): ChartBlock {
  const bars = table.rows.map((row) => ({ label: row.cells[0]?.text ?? row.key, value: typeof row.cells[column]?.value === 'number' ? row.cells[column].value : null }));
  return {
    id,
    title: table.caption,
    unit,
    description: ctx.t.charts.barsDescription(bars.map((b) => `${b.label} ${b.value === null ? ctx.t.notAvailable : format(b.value)}`).join(', ')),
    options: barsChart(bars, { format, width }),
  };
}

/** MQL target and pacing, shown inside the volume section; empty without them. */
export function volumeFacts(ctx: PageContext, snapshot: PeriodSnapshot): { facts: Fact[]; note: string | null } {
  const shown = facts(ctx, snapshot, ['mql.count', 'mql.target', 'mql.pacing_pct']);
  if (shown.length < 2) return { facts: [], note: null };
  const pacing = snapshot.details['plan.json']?.pacing;
  const note =
    pacing && pacing.period_business_minutes > 0 && pacing.elapsed_business_minutes < pacing.period_business_minutes
      ? ctx.t.report.pacingNote(ctx.fmt.pct((100 * pacing.elapsed_business_minutes) / pacing.period_business_minutes))
      : null;
  return { facts: shown, note };
}

const RESULT_KEYS = ['deals_needed', 'sqls_needed', 'mqls_needed', 'leads_needed'] as const satisfies readonly (keyof PlanResults)[];

/** The reverse-funnel plan: target, inputs with their source, what it needs, and the ±10% sensitivity. */
export function planSection(ctx: PageContext, snapshot: PeriodSnapshot): ReportSection | null {
  const plan = snapshot.details['plan.json'];
  if (!plan) return null;
  const { t, fmt } = ctx;
  const r = t.report;
  const target = plan.revenue_target.value;
  const ticket = plan.inputs.avg_ticket;
  const inputs = siteTable({
    id: 'plan-inputs',
    caption: r.planInputsCaption,
    columns: [
      { key: 'input', label: r.input },
      { key: 'value', label: r.value, numeric: true },
      { key: 'source', label: r.source },
      { key: 'basis', label: r.basis },
    ],
    rows: [
      {
        key: 'avg_ticket',
        cells: [
          { value: 'avg_ticket', text: r.inputNames.avg_ticket ?? 'avg_ticket' },
          { value: ticket.value, text: fmt.currency(ticket.value) },
          { value: ticket.source, text: r.sources[ticket.source] ?? ticket.source },
          {
            value: ticket.won_deals === null ? null : `${ticket.won_deals}`,
            text: ticket.won_deals === null ? '' : r.wonDeals(fmt.number(ticket.won_deals), fmt.currency(ticket.revenue)),
          },
        ],
      },
      ...(['lead_mql', 'mql_sal', 'sal_sql', 'sql_won'] as const).map((key) => {
        const rate = plan.inputs.rates[key];
        return {
          key,
          cells: [
            { value: key, text: r.inputNames[key] ?? key },
            { value: rate.value, text: fmt.pct(rate.value === null ? null : 100 * rate.value) },
            { value: rate.source, text: r.sources[rate.source] ?? rate.source },
            {
              value: rate.numerator === null || rate.denominator === null ? null : `${rate.numerator}/${rate.denominator}`,
              text: rate.numerator === null || rate.denominator === null ? '' : r.fraction(fmt.number(rate.numerator), fmt.number(rate.denominator)),
            },
          ],
        };
      }),
    ],
  });
  const results = siteTable({
    id: 'plan-results',
    caption: r.planResultsCaption,
    columns: [
      { key: 'stage', label: t.table.stage },
      { key: 'needed', label: r.needed, numeric: true },
    ],
    rows: [...RESULT_KEYS].reverse().map((key) => ({ key, cells: [{ value: key, text: r.resultNames[key] ?? key }, countCell(ctx, plan.results[key])] })),
  });
  const sensitivity = siteTable({
    id: 'plan-sensitivity',
    caption: r.planSensitivityCaption,
    columns: [
      { key: 'input', label: r.input },
      { key: 'change_pct', label: r.change, numeric: true },
      { key: 'value', label: r.value, numeric: true },
      ...RESULT_KEYS.map((key) => ({ key, label: r.resultNames[key] ?? key, numeric: true })),
    ],
    rows: plan.sensitivity.map((row) => ({
      key: `${row.input}-${row.change_pct}`,
      cells: [
        { value: row.input, text: r.inputNames[row.input] ?? row.input },
        { value: row.change_pct, text: `${row.change_pct > 0 ? '+' : ''}${fmt.number(row.change_pct)}%` },
        { value: row.value, text: row.input === 'avg_ticket' ? fmt.currency(row.value) : fmt.pct(row.value === null ? null : 100 * row.value) },
        ...RESULT_KEYS.map((key) => countCell(ctx, row.results[key])),
      ],
    })),
  });
  const window = plan.window.periods.length === 0 ? [] : [r.window(plan.window.periods.map((p) => fmt.periodShort(p)).join(', '), plan.window.mature_periods.map((p) => fmt.periodShort(p)).join(', ') || t.notAvailable)];
  return {
    id: 'plan',
    title: r.planTitle,
    // The window is context, not a warning: it follows the lead instead of a note.
    lead: [target === null ? r.planNoTarget : r.planLead(fmt.currency(target)), ...window].join(' '),
    notes: [],
    facts: facts(ctx, snapshot, ['plan.revenue_target', 'plan.avg_ticket', 'plan.deals_needed', 'plan.mqls_needed']),
    charts: [barsOf(ctx, 'plan-results-chart', results, 1, r.needed.toLocaleLowerCase(fmt.locale), (v) => fmt.number(v))],
    tables: [results, inputs, sensitivity],
    terms: ['plan.revenue_target', 'plan.avg_ticket', 'plan.rate.lead_mql', 'plan.rate.mql_sal', 'plan.rate.sal_sql', 'plan.rate.sql_won', 'plan.deals_needed', 'plan.sqls_needed', 'plan.mqls_needed', 'plan.leads_needed'],
  };
}

/** The period's cohort (stages reached by its handoffs, maturity) and the velocity between stages, shown inside the funnel section. */
export function cohortSection(ctx: PageContext, snapshot: PeriodSnapshot): ReportSection | null {
  const funnel = snapshot.details['funnel.json'];
  if (!funnel) return null;
  const { t, fmt } = ctx;
  const r = t.report;
  const { cohort } = funnel;
  const reached = siteTable({
    id: 'funnel-cohort',
    caption: r.cohortCaption,
    columns: [
      { key: 'stage', label: t.table.stage },
      { key: 'handoffs', label: r.reached, numeric: true },
      { key: 'pct', label: r.ofHandoffs, numeric: true, metric: undefined },
    ],
    rows: [
      { key: 'mql', cells: [{ value: 'mql', text: t.stages.mql }, countCell(ctx, cohort.handoffs), metricCell(ctx, share(cohort.handoffs, cohort.handoffs), 'pct')] },
      ...COHORT_STAGES.map((stage) => ({
        key: stage,
        cells: [{ value: stage, text: t.stages[stage] }, countCell(ctx, cohort.reached[stage]), metricCell(ctx, share(cohort.reached[stage], cohort.handoffs), 'pct')],
      })),
    ],
  });
  const velocity = siteTable({
    id: 'funnel-velocity',
    caption: r.velocityCaption,
    columns: [
      { key: 'from', label: r.from },
      { key: 'to', label: r.to },
      { key: 'handoffs', label: r.handoffs, numeric: true },
      { key: 'median_days', label: r.medianDays, numeric: true },
    ],
    rows: funnel.velocity.map((v) => ({
      key: `${v.from}-${v.to}`,
      cells: [
        { value: v.from, text: t.stages[v.from as keyof typeof t.stages] ?? v.from },
        { value: v.to, text: t.stages[v.to as keyof typeof t.stages] ?? v.to },
        countCell(ctx, v.handoffs),
        { value: v.median_days, text: fmt.days(v.median_days) },
      ],
    })),
  });
  const age = fmt.days(cohort.age_days);
  return {
    id: 'cohort',
    title: r.cohortTitle,
    lead: r.cohortLead(fmt.number(cohort.handoffs)),
    notes: [cohort.mature ? r.mature(age) : r.immature(age, fmt.days(cohort.maturity_days))],
    facts: [],
    charts: [barsOf(ctx, 'funnel-cohort-chart', reached, 1, t.unitNames.handoffs, (v) => fmt.number(v))],
    tables: [reached, velocity],
    terms: [...COHORT_STAGES.map((s) => `funnel.cohort.${s}_pct` as const), ...funnel.velocity.map((v) => `funnel.velocity.${v.from}_${v.to}_days` as MetricId)],
  };
}

/** The `pct` rows of one metric by one breakdown, with their counts, largest denominator first; null without rows. */
function pctByTable(ctx: PageContext, snapshot: PeriodSnapshot, metric: MetricId, kind: BreakdownKind, id: string, caption: string): SiteTable | null {
  const { t } = ctx;
  const tierOrder = new Map(snapshot.contract.tiers.map((tier, i) => [tier.name, i]));
  const rows = snapshot.metrics
    .filter((row) => row.metric === metric && row.segment_kind === kind)
    .sort((a, b) => (kind === 'tier' ? (tierOrder.get(a.segment) ?? 99) - (tierOrder.get(b.segment) ?? 99) : 0) || (b.denominator ?? 0) - (a.denominator ?? 0) || (a.segment < b.segment ? -1 : 1));
  if (rows.length === 0) return null;
  return siteTable({
    id,
    caption,
    columns: [
      { key: kind, label: t.breakdowns.kinds[kind] },
      { key: 'due', label: t.report.due, numeric: true },
      { key: 'within', label: t.report.withinSla, numeric: true },
      { key: metric, label: metricLabel(metric, ctx.fmt.locale), numeric: true, metric },
    ],
    rows: rows.map((row) => ({
      key: row.segment,
      cells: [{ value: row.segment, text: segmentText(ctx, row.segment, kind) }, countCell(ctx, row.denominator), countCell(ctx, row.numerator), metricCell(ctx, row.value, row.unit)],
    })),
  });
}

/** A quantile of a 0, 1, …, 100 % quantile list; null when there is none. */
function quantile(quantiles: readonly number[], p: number): number | null {
  if (quantiles.length < 2) return null;
  return quantiles[Math.round(p * (quantiles.length - 1))] ?? null;
}

/** Speed to lead: each tier's distribution against its window, % within SLA by tier, source and owner, pending apart. */
export function speedSection(ctx: PageContext, snapshot: PeriodSnapshot): ReportSection | null {
  const dist = snapshot.details['distributions.json'];
  if (!dist) return null;
  const { t, fmt } = ctx;
  const r = t.report;
  const name = (tier: string) => (tier === 'all' ? r.allTiers : r.tierLabel(tier));
  const groups = dist.speed.groups;
  const tiers = siteTable({
    id: 'speed-tiers',
    caption: r.speedTierCaption,
    columns: [
      { key: 'tier', label: r.tier },
      { key: 'window_minutes', label: r.windowCol, numeric: true },
      { key: 'due', label: r.due, numeric: true },
      { key: 'within_sla', label: r.withinSla, numeric: true },
      { key: 'within_sla_pct', label: metricLabel('speed.within_sla_pct', fmt.locale), numeric: true, metric: 'speed.within_sla_pct' },
      { key: 'contacted', label: r.contacted, numeric: true },
      { key: 'median_minutes', label: r.median, numeric: true },
      { key: 'p90_minutes', label: r.p90, numeric: true },
    ],
    rows: groups.map((g) => ({
      key: g.tier,
      cells: [
        { value: g.tier, text: name(g.tier) },
        { value: g.response_within_minutes, text: g.response_within_minutes === null ? '' : fmt.minutes(g.response_within_minutes) },
        countCell(ctx, g.due),
        countCell(ctx, g.within_sla),
        metricCell(ctx, share(g.within_sla, g.due), 'pct'),
        countCell(ctx, g.contacted),
        { value: quantile(g.quantiles, 0.5), text: fmt.minutes(quantile(g.quantiles, 0.5)) },
        { value: quantile(g.quantiles, 0.9), text: fmt.minutes(quantile(g.quantiles, 0.9)) },
      ],
    })),
  });
  const edges = dist.speed.bins_minutes;
  const histogram = siteTable({
    id: 'speed-histogram',
    caption: r.histogramCaption,
    columns: [{ key: 'from_minutes', label: r.bin }, ...groups.map((g) => ({ key: g.tier === 'all' ? 'all' : `tier_${g.tier}`, label: name(g.tier), numeric: true }))],
    rows: edges.map((lo, i) => {
      const hi = edges[i + 1];
      return {
        key: `${lo}`,
        cells: [{ value: lo, text: hi === undefined ? `≥ ${fmt.minutes(lo)}` : `${fmt.minutes(lo)} – ${fmt.minutes(hi)}` }, ...groups.map((g) => countCell(ctx, g.histogram[i] ?? 0))],
      };
    }),
  });
  const charts = groups
    // One chart per tier, each against its own window; all tiers together have no window to read against (their row is in the table).
    .filter((g) => g.quantiles.length > 1 && g.response_within_minutes !== null)
    .map((g): ChartBlock => {
      const within = share(g.within_sla, g.due);
      return {
        id: `speed-ecdf-${idPart(g.tier)}`,
        title: r.ecdfTitle(name(g.tier)),
        unit: r.ecdfUnit,
        description: r.ecdfDescription(
          name(g.tier),
          g.response_within_minutes === null ? t.notAvailable : fmt.minutes(g.response_within_minutes),
          fmt.minutes(quantile(g.quantiles, 0.5)),
          fmt.minutes(quantile(g.quantiles, 0.9)),
          fmt.pct(within),
        ),
        options: speedEcdfChart(g.quantiles, { windowMinutes: g.response_within_minutes, formatMinutes: (m) => fmt.minutes(m) }),
      };
    });
  const bySource = pctByTable(ctx, snapshot, 'speed.within_sla_pct', 'source', 'speed-by-source', r.speedByCaption(t.breakdowns.kinds.source.toLocaleLowerCase(fmt.locale)));
  const byOwner = pctByTable(ctx, snapshot, 'speed.within_sla_pct', 'owner', 'speed-by-owner', r.speedByCaption(t.breakdowns.kinds.owner.toLocaleLowerCase(fmt.locale)));
  const pending = metricRow(snapshot, 'speed.pending_count')?.value ?? 0;
  return {
    id: 'speed',
    title: r.speedTitle,
    lead: r.speedLead,
    notes: pending > 0 ? [r.pending(fmt.number(pending))] : [],
    facts: facts(ctx, snapshot, ['speed.within_sla_pct', 'speed.median_minutes', 'speed.p90_minutes', 'speed.not_contacted_pct', 'speed.pending_count']),
    charts,
    tables: [tiers, ...(bySource ? [bySource] : []), ...(byOwner ? [byOwner] : []), histogram],
    terms: ['speed.within_sla_pct', 'speed.median_minutes', 'speed.p90_minutes', 'speed.not_contacted_pct', 'speed.pending_count'],
  };
}

/** Attempts: the attempts-per-handoff distribution against the cadence, adherence, gave up early, too aggressive, first-touch channels. */
export function attemptsSection(ctx: PageContext, snapshot: PeriodSnapshot): ReportSection | null {
  const dist = snapshot.details['distributions.json'];
  if (!dist) return null;
  const { t, fmt } = ctx;
  const r = t.report;
  const cadence = snapshot.contract.cadence;
  const per = siteTable({
    id: 'attempts-per-handoff',
    caption: r.attemptsCaption,
    columns: [
      { key: 'attempts', label: r.attempts, numeric: true },
      { key: 'handoffs', label: r.handoffs, numeric: true },
      { key: 'share_pct', label: t.table.share, numeric: true },
    ],
    rows: (() => {
      const total = dist.attempts.per_handoff.reduce((n, row) => n + row.handoffs, 0);
      return dist.attempts.per_handoff.map((row) => ({ key: `${row.attempts}`, cells: [countCell(ctx, row.attempts), countCell(ctx, row.handoffs), metricCell(ctx, share(row.handoffs, total), 'pct')] }));
    })(),
  });
  const kinds = t.agreement.activityTypes as Record<string, string>;
  const firstTouch = siteTable({
    id: 'first-touch',
    caption: r.channelCaption,
    columns: [
      { key: 'type', label: r.channel },
      { key: 'handoffs', label: r.handoffs, numeric: true },
      { key: 'share_pct', label: t.table.share, numeric: true },
    ],
    rows: (() => {
      const total = dist.attempts.first_touch.reduce((n, row) => n + row.handoffs, 0);
      return dist.attempts.first_touch.map((row) => ({ key: row.type, cells: [{ value: row.type, text: kinds[row.type] ?? row.type }, countCell(ctx, row.handoffs), metricCell(ctx, share(row.handoffs, total), 'pct')] }));
    })(),
  });
  const columns = dist.attempts.per_handoff.map((row) => ({ label: fmt.number(row.attempts), value: row.handoffs, highlight: row.attempts >= cadence.min_attempts }));
  const charts: ChartBlock[] = [];
  if (columns.length > 0)
    charts.push({
      id: 'attempts-chart',
      title: r.attemptsCaption,
      unit: t.unitNames.handoffs,
      description: r.attemptsChartDescription(columns.map((c) => `${c.label}: ${fmt.number(c.value)}`).join(', ')),
      options: columnsChart(columns, { format: (v) => fmt.number(v) }),
      legend: [
        { label: t.drill.attemptsAtLeast(fmt.number(cadence.min_attempts)), shade: 'accent' },
        { label: t.drill.attemptsFewer(fmt.number(cadence.min_attempts)), shade: 'soft' },
      ],
    });
  if (firstTouch.rows.length > 0) charts.push(barsOf(ctx, 'first-touch-chart', firstTouch, 1, t.unitNames.handoffs, (v) => fmt.number(v)));
  const metrics: MetricId[] = ['attempts.adherent_pct', 'attempts.mean', 'attempts.gave_up_early_pct', 'attempts.too_aggressive_pct'];
  return {
    id: 'attempts',
    title: r.attemptsTitle,
    lead: r.attemptsLead(fmt.number(cadence.min_attempts), fmt.number(cadence.window_days)),
    notes: [],
    facts: facts(ctx, snapshot, metrics),
    charts,
    tables: [per, firstTouch],
    terms: metrics,
  };
}

/** Acceptance: decisions within the window, rejections and their reasons. */
export function acceptanceSection(ctx: PageContext, snapshot: PeriodSnapshot): ReportSection | null {
  const metrics: MetricId[] = ['acceptance.within_sla_pct', 'acceptance.rejected_pct', 'acceptance.rejection_reason_pct', 'acceptance.pending_count'];
  const shown = facts(ctx, snapshot, metrics);
  const reasons = snapshot.details['reasons.json'];
  if (shown.length === 0 && !reasons) return null;
  const { t, fmt } = ctx;
  const rejected = reasons ? reasonsTable(ctx, 'rejection-reasons', t.report.rejectedCaption, reasons.rejected) : null;
  return {
    id: 'acceptance',
    title: t.report.acceptanceTitle,
    lead: t.report.acceptanceLead,
    notes: [],
    facts: shown,
    charts: rejected ? [barsOf(ctx, 'rejection-reasons-chart', rejected, 1, t.report.count.toLocaleLowerCase(fmt.locale), (v) => fmt.number(v))] : [],
    tables: rejected ? [rejected] : [],
    terms: shown.map((f) => f.metric),
  };
}

/** Handoff quality: complete handoffs, the missing rate of each required field, ICP fit. */
export function qualitySection(ctx: PageContext, snapshot: PeriodSnapshot): ReportSection | null {
  const shown = facts(ctx, snapshot, ['quality.complete_pct', 'quality.icp_fit_pct']);
  const { t, fmt } = ctx;
  const fields = snapshot.contract.handoff_fields.flatMap((field) => {
    const row = metricRow(snapshot, `quality.missing_pct.${field}`);
    return row ? [{ field, row }] : [];
  });
  if (shown.length === 0 && fields.length === 0) return null;
  const missing =
    fields.length === 0
      ? null
      : siteTable({
          id: 'missing-fields',
          caption: t.report.missingCaption,
          columns: [
            { key: 'field', label: t.report.field },
            { key: 'missing', label: t.report.missing, numeric: true },
            { key: 'missing_pct', label: t.table.share, numeric: true },
          ],
          rows: fields.map(({ field, row }) => ({ key: field, cells: [{ value: field, text: fieldLabel(field, fmt.locale) }, countCell(ctx, row.numerator), metricCell(ctx, row.value, row.unit)] })),
        });
  return {
    id: 'quality',
    title: t.report.qualityTitle,
    lead: t.report.qualityLead,
    notes: [],
    facts: shown,
    charts: missing ? [barsOf(ctx, 'missing-fields-chart', missing, 2, t.unitNames.pct, (v) => fmt.pct(v))] : [],
    tables: missing ? [missing] : [],
    terms: [...shown.map((f) => f.metric), ...fields.map(({ field }) => `quality.missing_pct.${field}` as const)],
  };
}

/** Outcomes: won revenue, lost deals, recycled, disqualified and returned leads, with the reasons given. */
export function outcomesSection(ctx: PageContext, snapshot: PeriodSnapshot): ReportSection | null {
  const metrics: MetricId[] = ['outcome.won_revenue', 'outcome.won_count', 'outcome.avg_ticket', 'outcome.lost_count', 'outcome.rejected_count', 'outcome.recycled_count', 'outcome.disqualified_count', 'outcome.returned_count'];
  const shown = facts(ctx, snapshot, metrics);
  const reasons = snapshot.details['reasons.json'];
  if (shown.length === 0 && !reasons) return null;
  const { t, fmt } = ctx;
  const r = t.report;
  const tables = reasons
    ? [reasonsTable(ctx, 'lost-reasons', r.lostCaption, reasons.lost), reasonsTable(ctx, 'recycled-reasons', r.recycledCaption, reasons.recycled), reasonsTable(ctx, 'disqualified-reasons', r.disqualifiedCaption, reasons.disqualified)].filter(
        (table): table is SiteTable => table !== null,
      )
    : [];
  const lost = tables.find((table) => table.id === 'lost-reasons');
  const label = fmt.period(snapshot.period);
  // Each count says what it counts: deals by their close date, lead events by their date.
  const hints: Record<string, string> = {
    'outcome.won_count': t.drill.closedIn(label),
    'outcome.lost_count': t.drill.closedIn(label),
    'outcome.rejected_count': t.drill.recordedIn(label),
  };
  return {
    id: 'outcomes',
    title: r.outcomesTitle,
    lead: r.outcomesLead,
    notes: [],
    facts: shown.map((f) => (f.hint === null && hints[f.metric] ? { ...f, hint: hints[f.metric]! } : f)),
    reconcile: outcomeReconciliation(ctx, snapshot),
    charts: lost ? [barsOf(ctx, 'lost-reasons-chart', lost, 1, r.count.toLocaleLowerCase(fmt.locale), (v) => fmt.number(v))] : [],
    tables,
    terms: shown.map((f) => f.metric),
  };
}

/**
 * The outcome counts beside the same events counted the funnel's and the cohort's way, one
 * sentence per count that differs (won, lost, rejections): a reader who sees 49 and 47 won on one
 * page finds why one click away.
 */
export function outcomeReconciliation(ctx: PageContext, snapshot: PeriodSnapshot): string[] {
  const { t, fmt } = ctx;
  const period = fmt.period(snapshot.period);
  const value = (metric: MetricId) => metricRow(snapshot, metric)?.value ?? null;
  const sentences: string[] = [];
  const won = value('outcome.won_count');
  const flowWon = value('funnel.flow.won');
  const cohortWon = metricRow(snapshot, 'funnel.cohort.won_pct')?.numerator ?? null;
  if (won !== null && flowWon !== null && (won !== flowWon || (cohortWon !== null && cohortWon !== won)))
    sentences.push(t.drill.wonReconcile(fmt.number(won), fmt.number(flowWon), cohortWon === null ? null : fmt.number(cohortWon), period));
  const lost = value('outcome.lost_count');
  const flowLost = value('funnel.flow.lost');
  if (lost !== null && flowLost !== null && lost !== flowLost) sentences.push(t.drill.lostReconcile(fmt.number(lost), fmt.number(flowLost), period));
  const rejected = value('outcome.rejected_count');
  const cohortRejected = metricRow(snapshot, 'acceptance.rejected_pct');
  if (rejected !== null && cohortRejected?.numerator != null && cohortRejected.denominator != null && cohortRejected.numerator !== rejected)
    sentences.push(t.drill.rejectedReconcile(fmt.number(rejected), fmt.number(cohortRejected.numerator), fmt.number(cohortRejected.denominator), period));
  return sentences;
}

/** Why the flow shows more opportunities than SQLs, when it does; null otherwise. */
export function opportunityReconciliation(ctx: Pick<PageContext, 't' | 'fmt'>, snapshot: PeriodSnapshot): string | null {
  const opportunities = metricRow(snapshot, 'funnel.flow.opportunity')?.value ?? null;
  const sqls = metricRow(snapshot, 'funnel.flow.sql')?.value ?? null;
  if (opportunities === null || sqls === null || opportunities <= sqls) return null;
  return ctx.t.drill.opportunityReconcile(ctx.fmt.number(opportunities), ctx.fmt.number(sqls));
}
