import { CANONICAL_KINDS, type InputKind } from '../../pipeline/contract/schema.ts';
import type { InputStats, MetricRow, SegmentKind, Unit } from '../../pipeline/schemas/snapshot.ts';
import { FLOW_STAGES } from '../charts/funnel-flow.ts';
import { glossaryRank, metricLabel } from '../i18n/glossary.ts';
import { valueLabel } from '../lib/labels.ts';
import { NO_SEGMENT } from '../lib/owners.ts';
import { hrefTo, periodPage } from '../lib/paths.ts';
import type { PeriodSnapshot } from '../lib/snapshots.ts';
import { siteTable, textCell, type SiteTable, type TableCell } from '../lib/table.ts';
import { fileName, type PageContext } from './page-context.ts';
import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';
import { quarantineReason } from '../i18n/quarantine-reasons.ts';

// Tables several pages show: the funnel flow, the breakdowns by source / tier / segment / owner,
// and the input rows of a snapshot. Each is a SiteTable, so it is also a CSV download.

/** Breakdown dimensions in reporting order. */
export const BREAKDOWN_KINDS = ['source', 'tier', 'segment', 'owner'] as const satisfies readonly Exclude<SegmentKind, 'all'>[];
/** One breakdown dimension. */
export type BreakdownKind = (typeof BREAKDOWN_KINDS)[number];

/** A metric value cell: the raw number in the CSV, formatted in its unit on the page. */
export function metricCell(ctx: PageContext, value: number | null | undefined, unit: Unit): TableCell {
  return { value: value ?? null, text: ctx.fmt.metric(value, unit) };
}

/** A count cell: the raw number in the CSV, grouped the local way on the page. */
export function countCell(ctx: PageContext, value: number | null | undefined): TableCell {
  return metricCell(ctx, value, 'count');
}

/** A period's link (relative to `fromPage`) and its closed/open status badge: the first two cells of a periods table. */
export function periodCells(ctx: PageContext, p: PeriodSnapshot, fromPage: string): TableCell[] {
  const { t, fmt } = ctx;
  return [
    { value: p.period, text: fmt.period(p.period), href: hrefTo(fromPage, periodPage(p.period)) },
    {
      value: p.manifest.closed ? 'closed' : 'open',
      text: p.manifest.closed ? t.status.closed : t.status.open,
      badge: p.manifest.closed ? 'closed' : 'open',
    },
  ];
}

/** A segment value for readers: the breakdown's "no value" bucket is named in the site's language. */
export function segmentText(ctx: PageContext, segment: string, kind?: SegmentKind): string {
  return segment === NO_SEGMENT ? ctx.t.noSegment : valueLabel(ctx.site.latest.contract.labels, kind, segment);
}

/** The whole-period `funnel.flow.*` of a snapshot, one row per stage present, in funnel order. */
export function funnelFlowTable(ctx: PageContext, snapshot: PeriodSnapshot, id = 'funnel-flow'): SiteTable {
  const { t } = ctx;
  const rows = FLOW_STAGES.flatMap((stage) => {
    const row = snapshot.metrics.find((r) => r.metric === `funnel.flow.${stage}` && r.segment_kind === 'all');
    return row ? [{ key: stage, cells: [{ value: stage, text: t.stages[stage] }, metricCell(ctx, row.value, row.unit)] }] : [];
  });
  return siteTable({
    id,
    caption: t.charts.funnelTitle(ctx.fmt.period(snapshot.period)),
    columns: [
      { key: 'stage', label: t.table.stage },
      { key: 'events', label: t.table.events, numeric: true },
    ],
    rows,
  });
}

/** Whether a snapshot has any whole-period funnel flow to show. */
export function hasFunnelFlow(snapshot: PeriodSnapshot): boolean {
  return snapshot.metrics.some((r) => r.metric.startsWith('funnel.flow.') && r.segment_kind === 'all');
}

/**
 * Metrics a breakdown table shows on the page: volume and the headline rate of each clause. The
 * other metrics broken down are columns of its download: thirty columns per table would be
 * neither readable nor within the page budget.
 */
export const BREAKDOWN_COLUMNS: readonly MetricId[] = [
  'mql.count',
  'quality.icp_fit_pct',
  'quality.complete_pct',
  'speed.within_sla_pct',
  'speed.median_minutes',
  'attempts.adherent_pct',
  'acceptance.within_sla_pct',
  'acceptance.rejected_pct',
  'funnel.cohort.sql_pct',
  'funnel.cohort.won_pct',
];

/** How many metrics a breakdown table shows when it has none of `BREAKDOWN_COLUMNS`. */
const FALLBACK_COLUMNS = 8;

/**
 * One table per breakdown dimension the snapshot has: a row per segment, a column per metric
 * broken down that way (glossary order), segments by the first metric, largest first. New
 * metrics the pipeline breaks down appear as new columns of the download.
 */
export function breakdownTables(ctx: PageContext, snapshot: PeriodSnapshot): Array<{ kind: BreakdownKind; table: SiteTable }> {
  const { t, fmt } = ctx;
  const handoffFields = snapshot.contract.handoff_fields;
  return BREAKDOWN_KINDS.flatMap((kind) => {
    const rows = snapshot.metrics.filter((r) => r.segment_kind === kind);
    if (rows.length === 0) return [];
    const metrics = [...new Set(rows.map((r) => r.metric))].sort((a, b) => glossaryRank(a, handoffFields) - glossaryRank(b, handoffFields) || (a < b ? -1 : 1));
    const units = new Map(rows.map((r) => [r.metric, r.unit]));
    const byKey = new Map(rows.map((r) => [`${r.metric}\u0000${r.segment}`, r]));
    const lead = metrics[0]!;
    const onPage = new Set(metrics.filter((m) => BREAKDOWN_COLUMNS.includes(m)));
    if (onPage.size === 0) metrics.slice(0, FALLBACK_COLUMNS).forEach((m) => onPage.add(m));
    // Tiers read in the agreement's order (A before B); other segments largest first.
    const tierOrder = new Map(snapshot.contract.tiers.map((tier, i) => [tier.name, i]));
    const segments = [...new Set(rows.map((r) => r.segment))].sort((a, b) => {
      const va = byKey.get(`${lead}\u0000${a}`)?.value ?? -Infinity;
      const vb = byKey.get(`${lead}\u0000${b}`)?.value ?? -Infinity;
      const byTier = kind === 'tier' ? (tierOrder.get(a) ?? Infinity) - (tierOrder.get(b) ?? Infinity) : 0;
      // The no-value bucket goes last whatever its size: it is not a segment anyone owns.
      return Number(a === NO_SEGMENT) - Number(b === NO_SEGMENT) || (Number.isNaN(byTier) ? 0 : byTier) || vb - va || (a < b ? -1 : a > b ? 1 : 0);
    });
    const table = siteTable({
      id: `by-${kind}`,
      caption: t.breakdowns.caption(t.breakdowns.kinds[kind], fmt.period(snapshot.period)),
      columns: [
        { key: kind, label: t.breakdowns.kinds[kind] },
        ...metrics.map((metric) => ({ key: metric, label: metricLabel(metric, fmt.locale), numeric: true, metric, downloadOnly: !onPage.has(metric) })),
      ],
      rows: segments.map((segment) => ({
        key: segment,
        cells: [
          { value: segment, text: segmentText(ctx, segment, kind) },
          ...metrics.map((metric) => metricCell(ctx, byKey.get(`${metric}\u0000${segment}`)?.value ?? null, units.get(metric) ?? 'count')),
        ],
      })),
    });
    return [{ kind, table }];
  });
}

/** The rows of one metric by one breakdown, whole-period share included, largest first: the table of a bar chart. */
export function shareTable(ctx: PageContext, snapshot: PeriodSnapshot, metric: MetricId, kind: BreakdownKind, id: string): SiteTable | null {
  const { t, fmt } = ctx;
  const total = snapshot.metrics.find((r) => r.metric === metric && r.segment_kind === 'all')?.value ?? null;
  const rows = snapshot.metrics
    .filter((r) => r.metric === metric && r.segment_kind === kind)
    .sort(
      (a, b) =>
        Number(a.segment === NO_SEGMENT) - Number(b.segment === NO_SEGMENT) ||
        (b.value ?? -Infinity) - (a.value ?? -Infinity) ||
        (a.segment < b.segment ? -1 : 1),
    );
  if (rows.length === 0) return null;
  return siteTable({
    id,
    caption: t.breakdowns.metricBy(metricLabel(metric, fmt.locale), t.breakdowns.kinds[kind].toLocaleLowerCase(fmt.locale)),
    columns: [
      { key: kind, label: t.breakdowns.kinds[kind] },
      { key: metric, label: metricLabel(metric, fmt.locale), numeric: true, metric },
      { key: 'share_pct', label: t.table.share, numeric: true },
    ],
    rows: rows.map((r) => {
      const share = total === null || total === 0 || r.value === null ? null : (100 * r.value) / total;
      return {
        key: r.segment,
        cells: [{ value: r.segment, text: segmentText(ctx, r.segment, kind) }, metricCell(ctx, r.value, r.unit), metricCell(ctx, share, 'pct')],
      };
    }),
  });
}

/** The input files of a snapshot that the run read, in canonical order. */
export function inputsOf(inputs: Partial<Record<InputKind, InputStats>>): Array<{ kind: InputKind; stats: InputStats }> {
  return CANONICAL_KINDS.flatMap((kind) => {
    const stats = inputs[kind];
    return stats ? [{ kind, stats }] : [];
  });
}

/** Rows read, loaded and quarantined, duplicates and orphans per input file. */
export function inputsTable(ctx: PageContext, inputs: Partial<Record<InputKind, InputStats>>, id = 'inputs'): SiteTable {
  const { t } = ctx;
  return siteTable({
    id,
    caption: t.data.inputsCaption,
    columns: [
      { key: 'input', label: t.table.input },
      { key: 'file', label: t.table.file },
      { key: 'rows_read', label: t.table.rowsRead, numeric: true },
      { key: 'rows_loaded', label: t.table.rowsLoaded, numeric: true },
      { key: 'rows_quarantined', label: t.table.rowsQuarantined, numeric: true },
      { key: 'duplicates', label: t.table.duplicates, numeric: true },
      { key: 'orphans', label: t.table.orphans, numeric: true },
    ],
    rows: inputsOf(inputs).map(({ kind, stats }) => ({
      key: kind,
      cells: [
        { value: kind, text: t.inputKinds[kind] },
        textCell(fileName(stats.path)),
        countCell(ctx, stats.rows_read),
        countCell(ctx, stats.rows_loaded),
        countCell(ctx, stats.rows_quarantined),
        countCell(ctx, stats.duplicates),
        countCell(ctx, stats.orphans),
      ],
    })),
  });
}

/** Quarantined rows by input and reason, most frequent first within an input; null when nothing was quarantined. */
export function reasonsTable(ctx: PageContext, inputs: Partial<Record<InputKind, InputStats>>, id = 'quarantine-reasons'): SiteTable | null {
  const { t } = ctx;
  const rows = inputsOf(inputs).flatMap(({ kind, stats }) =>
    stats.reasons.map((r, i) => ({
      key: `${kind}-${i + 1}`,
      cells: [{ value: kind, text: t.inputKinds[kind] }, { value: r.reason, text: quarantineReason(r.reason, ctx.fmt.locale) }, countCell(ctx, r.rows)],
    })),
  );
  if (rows.length === 0) return null;
  return siteTable({
    id,
    caption: t.data.reasonsCaption,
    columns: [
      { key: 'input', label: t.table.input },
      { key: 'reason', label: t.table.reason },
      { key: 'rows', label: t.table.rows, numeric: true },
    ],
    rows,
  });
}

/** The whole-period rows of a snapshot, by metric id. */
export function wholePeriod(snapshot: PeriodSnapshot): Map<MetricId, MetricRow> {
  return new Map(snapshot.metrics.filter((r) => r.segment_kind === 'all').map((r) => [r.metric, r]));
}
