import type { Unit } from '../../pipeline/schemas/snapshot.ts';
import type { TrendPoint } from '../charts/metric-trend.ts';
import { describeMetric, glossaryRank, METRIC_FAMILIES, metricFamily, metricLabel, type MetricFamily } from '../i18n/glossary.ts';
import { hrefTo, periodPage, TRENDS_PAGE, trendFamilyPage } from '../lib/paths.ts';
import { unitOf, type PeriodSnapshot, type SiteData } from '../lib/snapshots.ts';
import { siteTable, type SiteTable } from '../lib/table.ts';
import { metricCell } from './metric-tables.ts';
import { idPart, pageContext, type PageContext } from './page-context.ts';
import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// The trends, as data: every metric that has a whole-period row in any snapshot, grouped by
// family, across the periods. Nothing here names a metric: a metric the pipeline starts writing
// shows up with its glossary label in its family. The trends page shows the featured families in
// full and a summary of every family; each family has a page of its own with a chart per metric.
// One page with a chart of every metric of SPEC section 4 would be three times the page budget.

/**
 * How many of the latest periods the charts and tables show: two years of months, six of
 * quarters, half a year of weeks. Older periods are in each table's CSV download, so a page
 * stays readable and under its size budget however long the history grows.
 */
export const TREND_PERIODS = 24;

/** Families the trends page shows in full: the agreement's clauses, then the volume marketing promised. */
export const FEATURED_FAMILIES: readonly MetricFamily[] = ['scorecard', 'mql'];

/** One metric across the periods. */
export interface MetricTrend {
  metric: MetricId;
  label: string;
  definition: string;
  unit: Unit;
  points: TrendPoint[];
}

/** One family of metrics: its charts and the table of their numbers, period by period. */
export interface TrendFamily {
  family: MetricFamily;
  /** Its page's folder. */
  page: string;
  title: string;
  trends: MetricTrend[];
  /** Every period shown (older ones only in the download), a column per metric; `id` is unique on any page. */
  table: SiteTable;
}

/** The periods on the trend pages and the families found in the snapshots. */
export interface Trends {
  ctx: PageContext;
  /** The periods drawn, oldest first, and how many older ones are only in the downloads. */
  shown: PeriodSnapshot[];
  older: number;
  families: TrendFamily[];
}

/** The trends page: the featured families in full, and each family's latest movement. */
export interface TrendsView extends Trends {
  page: string;
  featured: TrendFamily[];
  summaries: Array<{ family: TrendFamily; table: SiteTable }>;
  tables: SiteTable[];
  terms: MetricId[];
}

/** The page of one family. */
export interface TrendFamilyView extends Trends {
  page: string;
  family: TrendFamily;
  tables: SiteTable[];
  terms: MetricId[];
}

/** Every family of metrics the snapshots carry, in glossary order. */
export function trends(site: SiteData): Trends {
  const ctx = pageContext(site);
  const { t, fmt } = ctx;
  const fields = site.latest.contract.handoff_fields;
  const rows = site.periods.flatMap((p) => p.metrics.filter((r) => r.segment_kind === 'all'));
  const metrics = [...new Set(rows.map((r) => r.metric))].sort((a, b) => glossaryRank(a, fields) - glossaryRank(b, fields) || (a < b ? -1 : 1));
  const byKey = new Map(rows.map((r) => [`${r.period}\u0000${r.metric}`, r]));
  const valueOf = (period: string, metric: MetricId) => byKey.get(`${period}\u0000${metric}`)?.value ?? null;

  const older = Math.max(0, site.periods.length - TREND_PERIODS);
  const shown = site.periods.slice(older);
  // What was promised for a clause (its level in that period's agreement) or planned for the volume, drawn as the chart's target line.
  const targetOf = (p: PeriodSnapshot, metric: string): number | null => {
    const clause = /^scorecard\.(.+)$/.exec(metric)?.[1];
    if (clause !== undefined) return p.details['scorecard.json']?.clauses.find((c) => c.id === clause)?.promised ?? null;
    return metric === 'mql.count' ? valueOf(p.period, 'mql.target') : null;
  };
  const all: MetricTrend[] = metrics.map((metric) => ({
    metric,
    label: metricLabel(metric, fmt.locale),
    definition: describeMetric(metric, fmt.locale)?.definition ?? '',
    // The whole-period rows of every period, read as one: the first period with the metric gives its unit.
    unit: unitOf({ metrics: rows }, metric),
    points: shown.map((p) => ({ period: p.period, label: fmt.periodShort(p.period), closed: p.manifest.closed, value: valueOf(p.period, metric), target: targetOf(p, metric) })),
  }));

  const families = METRIC_FAMILIES.flatMap((family): TrendFamily[] => {
    const members = all.filter((trend) => metricFamily(trend.metric) === family);
    if (members.length === 0) return [];
    const page = trendFamilyPage(idPart(family));
    const row = (p: PeriodSnapshot) => ({
      key: p.period,
      cells: [
        { value: p.period, text: fmt.periodShort(p.period), href: hrefTo(page, periodPage(p.period)) },
        ...members.map((m) => metricCell(ctx, valueOf(p.period, m.metric), m.unit)),
      ],
    });
    const table = siteTable({
      id: `trend-${idPart(family)}`,
      caption: t.trends.tableCaption(t.families[family]),
      columns: [{ key: 'period', label: t.table.period }, ...members.map((m) => ({ key: m.metric, label: m.label, numeric: true, metric: m.metric }))],
      rows: shown.map(row),
      ...(older > 0 ? { more: site.periods.slice(0, older).map(row) } : {}),
    });
    return [{ family, page, title: t.families[family], trends: members, table }];
  });
  return { ctx, shown, older, families };
}

/** The trends page of the site. */
export function trendsView(site: SiteData): TrendsView {
  const base = trends(site);
  const { ctx, shown } = base;
  const { t, fmt } = ctx;
  const latest = shown.at(-1)!;
  const previous = shown.at(-2);
  // On this page a period links from the trends folder, not from a family's.
  const featured = base.families
    .filter((f) => FEATURED_FAMILIES.includes(f.family))
    .map((f) => ({
      ...f,
      table: {
        ...f.table,
        rows: f.table.rows.map((r) => ({ ...r, cells: r.cells.map((c, i) => (i === 0 ? { ...c, href: hrefTo(TRENDS_PAGE, periodPage(r.key)) } : c)) })),
      },
    }));
  const summaries = base.families.map((family) => ({
    family,
    table: siteTable({
      id: `summary-${idPart(family.family)}`,
      caption: family.title,
      columns: [
        { key: 'metric', label: t.table.metric },
        ...(previous ? [{ key: previous.period, label: fmt.periodShort(previous.period), numeric: true }] : []),
        { key: latest.period, label: fmt.periodShort(latest.period), numeric: true },
        ...(previous ? [{ key: 'change', label: t.table.change, numeric: true }] : []),
      ],
      rows: family.trends.map((trend) => {
        const now = trend.points.at(-1)?.value ?? null;
        const before = trend.points.at(-2)?.value ?? null;
        return {
          key: trend.metric,
          cells: [
            { value: trend.metric, text: trend.label },
            ...(previous ? [metricCell(ctx, before, trend.unit)] : []),
            metricCell(ctx, now, trend.unit),
            ...(previous ? [{ value: before === null || now === null ? null : now - before, text: fmt.change(before, now, trend.unit) }] : []),
          ],
        };
      }),
    }),
  }));
  return {
    ...base,
    page: TRENDS_PAGE,
    featured,
    summaries,
    tables: [...featured.map((f) => f.table), ...summaries.map((s) => s.table)],
    terms: base.families.flatMap((f) => f.trends.map((trend) => trend.metric)),
  };
}

/** The page of each family of metrics. */
export function trendFamilyViews(site: SiteData): TrendFamilyView[] {
  const base = trends(site);
  return base.families.map((family) => ({
    ...base,
    page: family.page,
    family,
    tables: [family.table],
    terms: family.trends.map((trend) => trend.metric),
  }));
}
