import { meetingPage, periodPage } from '../lib/paths.ts';
import { neighbours, type PeriodSnapshot } from '../lib/snapshots.ts';
import type { SiteTable } from '../lib/table.ts';
import { agreementVersionLine, type AgreementVersionLine } from './agreement-version.ts';
import { headlines, type Headline } from './headline.ts';
import { scorecardView, type ScorecardView } from './scorecard.ts';
import { breakdownTables, funnelFlowTable, hasFunnelFlow, inputsTable, reasonsTable, shareTable, type BreakdownKind } from './metric-tables.ts';
import { lastDayOf, pageContext, type PageContext } from './page-context.ts';
import {
  acceptanceSection,
  attemptsSection,
  barsOf,
  cohortSection,
  outcomesSection,
  planSection,
  qualitySection,
  speedSection,
  volumeFacts,
  type ChartBlock,
  type Fact,
  type ReportSection,
} from './period-sections.ts';
import type { SiteData } from '../lib/snapshots.ts';
import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// The period page, as data: which sections it has (only those whose numbers exist), their tables,
// and the metric ids it shows (for its glossary), in this order: volume (target, pacing) → plan →
// funnel (flow, cohort, velocity) → speed → attempts → acceptance → quality → outcomes →
// breakdowns → data quality.

/** A section of the period page, for its table of contents. */
export interface PageSection {
  id: string;
  title: string;
}

/** Everything the period page of `snapshot` shows. */
export interface PeriodView {
  ctx: PageContext;
  snapshot: PeriodSnapshot;
  page: string;
  meeting: string;
  label: string;
  lastDay: string;
  previous: PeriodSnapshot | undefined;
  next: PeriodSnapshot | undefined;
  /** The agreement version the period was measured under, and the promises changed since the period before. */
  agreement: AgreementVersionLine;
  headlines: Headline[];
  /** The period's scorecard, as on the home page; null without scorecard.json. */
  scorecard: ScorecardView | null;
  sections: PageSection[];
  /** MQLs by source, the volume section's chart table. */
  volumeBySource: SiteTable | null;
  /** Its bars, drawn wider than a section's chart; null exactly when `volumeBySource` is. */
  volumeChart: ChartBlock | null;
  /** MQL target and pacing beside the volume chart, and the share of the period elapsed. */
  volume: { facts: Fact[]; note: string | null };
  plan: ReportSection | null;
  funnelFlow: SiteTable | null;
  /** The period's cohort and velocity, inside the funnel section. */
  cohort: ReportSection | null;
  /** Speed, attempts, acceptance, quality and outcomes, in page order, those with data. */
  metricSections: ReportSection[];
  breakdowns: Array<{ kind: BreakdownKind; table: SiteTable }>;
  inputs: SiteTable;
  reasons: SiteTable | null;
  /** Every table of the page, each also written as `<id>.csv` beside it. */
  tables: SiteTable[];
  /** Metric ids the page shows, in order of appearance, for its glossary. */
  terms: MetricId[];
}

/** The period page of `snapshot`. */
export function periodView(site: SiteData, snapshot: PeriodSnapshot): PeriodView {
  const ctx = pageContext(site, snapshot);
  const { t, fmt } = ctx;
  const { previous, next } = neighbours(site.periods, snapshot.period);
  const cards = headlines(ctx, snapshot, previous);
  const scorecard = scorecardView(ctx, snapshot, site.periods, 'scorecard', periodPage(snapshot.period));
  const volumeBySource = shareTable(ctx, snapshot, 'mql.count', 'source', 'mqls-by-source');
  const volumeChart = volumeBySource && barsOf(ctx, 'mqls-by-source-chart', volumeBySource, 1, t.unitNames.handoffs, (v) => fmt.number(v));
  const funnelFlow = hasFunnelFlow(snapshot) ? funnelFlowTable(ctx, snapshot) : null;
  // A breakdown table that would only repeat the volume chart's table is left out.
  const breakdowns = breakdownTables(ctx, snapshot).filter(
    ({ kind, table }) =>
      !(volumeBySource && kind === 'source' && table.columns.every((column) => column.metric === undefined || column.metric === 'mql.count')),
  );
  const inputs = inputsTable(ctx, snapshot.manifest.inputs);
  const reasons = reasonsTable(ctx, snapshot.manifest.inputs);
  const volume = volumeFacts(ctx, snapshot);
  const plan = planSection(ctx, snapshot);
  const cohort = cohortSection(ctx, snapshot);
  const metricSections = [speedSection, attemptsSection, acceptanceSection, qualitySection, outcomesSection].flatMap((build) => build(ctx, snapshot) ?? []);

  const sections: PageSection[] = [];
  if (volumeBySource) sections.push({ id: 'volume', title: t.period.volumeTitle });
  if (plan) sections.push({ id: plan.id, title: plan.title });
  if (funnelFlow || cohort) sections.push({ id: 'funnel', title: t.period.funnelTitle });
  for (const section of metricSections) sections.push({ id: section.id, title: section.title });
  if (breakdowns.length > 0) sections.push({ id: 'breakdowns', title: t.period.breakdownsTitle });
  sections.push({ id: 'data-quality', title: t.period.inputsTitle });

  const ownSections = [plan, cohort, ...metricSections].filter((s): s is ReportSection => s !== null);
  const tables = [scorecard?.table ?? null, volumeBySource, ...(plan?.tables ?? []), funnelFlow, ...(cohort?.tables ?? []), ...metricSections.flatMap((s) => s.tables), ...breakdowns.map((b) => b.table), inputs, reasons].filter(
    (table): table is SiteTable => table !== null,
  );
  // The scorecard's clauses are not repeated in the glossary: each links to its section, whose
  // metric the glossary defines (and the page stays within its size budget).
  const terms = [
    ...cards.map((card) => card.metric),
    ...volume.facts.map((f) => f.metric),
    ...(funnelFlow ? funnelFlow.rows.map((row) => (`funnel.flow.${row.key}` as MetricId)) : []),
    ...ownSections.flatMap((s) => s.terms),
    ...breakdowns.flatMap((b) => b.table.columns.flatMap((column) => (column.metric && !column.downloadOnly ? [column.metric] : []))),
  ];

  return {
    ctx,
    snapshot,
    page: periodPage(snapshot.period),
    meeting: meetingPage(snapshot.period),
    label: fmt.period(snapshot.period),
    lastDay: lastDayOf(snapshot.manifest.ends_before),
    previous,
    next,
    agreement: agreementVersionLine(site, snapshot, periodPage(snapshot.period)),
    headlines: cards,
    scorecard,
    sections,
    volumeBySource,
    volumeChart,
    volume,
    plan,
    funnelFlow,
    cohort,
    metricSections,
    breakdowns,
    inputs,
    reasons,
    tables,
    terms: [...new Set(terms)],
  };
}
