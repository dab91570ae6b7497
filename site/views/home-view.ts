import type { TrendPeriod } from '../charts/mql-trend.ts';
import { HOME_PAGE, hrefTo, meetingPage, periodPage } from '../lib/paths.ts';
import { metricRow, neighbours, type PeriodSnapshot, type SiteData } from '../lib/snapshots.ts';
import { siteTable, type SiteTable } from '../lib/table.ts';
import { headlines, HEADLINE_METRICS, type Headline } from './headline.ts';
import { funnelFlowTable, hasFunnelFlow, metricCell, periodCells } from './metric-tables.ts';
import { pageContext, type PageContext } from './page-context.ts';
import { scorecardView, type ScorecardView } from './scorecard.ts';
import { metricLabel } from '../i18n/glossary.ts';
import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// The home page, as data: the latest period's scorecard of every clause (with a sparkline of its
// last periods), its headline numbers, its funnel, and every period with its headline metrics and
// links to its report and meeting view.

/** Everything the home page shows. */
export interface HomeView {
  ctx: PageContext;
  page: string;
  latest: PeriodSnapshot;
  previous: PeriodSnapshot | undefined;
  /** The latest period's scorecard; null when its snapshot has no scorecard.json. */
  scorecard: ScorecardView | null;
  headlines: Headline[];
  funnelFlow: SiteTable | null;
  /** The periods on the trend chart's axis, oldest first. */
  trendPeriods: TrendPeriod[];
  /** Every period, newest first: the trend chart's table too. */
  periods: SiteTable;
  tables: SiteTable[];
  terms: MetricId[];
}

/** The home page of the site. */
export function homeView(site: SiteData): HomeView {
  const ctx = pageContext(site);
  const { t, fmt } = ctx;
  const { latest } = site;
  const { previous } = neighbours(site.periods, latest.period);
  const funnelFlow = hasFunnelFlow(latest) ? funnelFlowTable(ctx, latest) : null;
  const shown = HEADLINE_METRICS.filter((metric) => site.periods.some((p) => metricRow(p, metric)));
  const periods = siteTable({
    id: 'periods',
    caption: t.home.periodsTitle,
    columns: [
      { key: 'period', label: t.table.period },
      { key: 'status', label: t.table.status },
      ...shown.map((metric) => ({ key: metric, label: metricLabel(metric, fmt.locale), numeric: true, metric })),
      { key: 'meeting_view', label: t.table.meeting },
    ],
    rows: [...site.periods].reverse().map((p) => ({
      key: p.period,
      cells: [
        ...periodCells(ctx, p, HOME_PAGE),
        ...shown.map((metric) => {
          const row = metricRow(p, metric);
          return metricCell(ctx, row?.value ?? null, row?.unit ?? 'count');
        }),
        {
          value: hrefTo(HOME_PAGE, meetingPage(p.period)),
          text: t.home.meetingLink(fmt.periodShort(p.period)),
          href: hrefTo(HOME_PAGE, meetingPage(p.period)),
        },
      ],
    })),
  });
  const cards = headlines(ctx, latest, previous);
  const scorecard = scorecardView(ctx, latest, site.periods, 'clauses', HOME_PAGE);
  return {
    ctx,
    page: HOME_PAGE,
    latest,
    previous,
    scorecard,
    headlines: cards,
    funnelFlow,
    trendPeriods: site.periods.map((p) => ({ period: p.period, label: fmt.periodShort(p.period), closed: p.manifest.closed, href: hrefTo(HOME_PAGE, periodPage(p.period)) })),
    periods,
    tables: [scorecard?.table ?? null, scorecard?.trend ?? null, periods, funnelFlow].filter((table): table is SiteTable => table !== null),
    terms: [...new Set([
      ...(scorecard?.lines.map((line) => (`scorecard.${line.clause.id}` as const)) ?? []),...cards.map((card) => card.metric), ...shown, ...(funnelFlow?.rows.map((row) => (`funnel.flow.${row.key}` as MetricId)) ?? [])])],
  };
}
