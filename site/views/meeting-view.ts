import { localToUtcMs } from '../../pipeline/calendar/zone.ts';
import type { Unit } from '../../pipeline/schemas/snapshot.ts';
import { clauseName, glossaryRank, metricLabel } from '../i18n/glossary.ts';
import { meetingPage, periodPage } from '../lib/paths.ts';
import { neighbours, unitOf, type PeriodSnapshot, type SiteData } from '../lib/snapshots.ts';
import { siteTable, type SiteTable } from '../lib/table.ts';
import { agreementVersionLine, type AgreementVersionLine } from './agreement-version.ts';
import { agreedLastTime, type AgreedLastTime } from './decisions.ts';
import { headlines, type Headline } from './headline.ts';
import { funnelFlowTable, hasFunnelFlow, inputsOf, metricCell, wholePeriod } from './metric-tables.ts';
import { lastDayOf, pageContext, type PageContext } from './page-context.ts';
import { driversSentence, missDrivers } from './plan-actual.ts';
import { scorecardView, statusChanges, type ScorecardView } from './scorecard.ts';
import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// The one-page meeting view of a period, as data. Its blocks, in print order: the scorecard and
// headline numbers, what changed since the previous period (clauses that changed status, biggest
// movements among the whole-period metrics, restatements of earlier periods), the discussion
// points the data raises (missed and at-risk clauses, top rejection reasons), the funnel (screen
// only) and the data behind it.

/** How many of the biggest movements the meeting view lists: what fits beside the scorecard on one A4 sheet. */
export const MOVEMENTS_SHOWN = 4;

/** How many rejection reasons the discussion points name. */
export const REJECTION_REASONS_SHOWN = 3;

/** One whole-period metric that moved since the previous period. */
export interface Movement {
  metric: MetricId;
  unit: Unit;
  from: number;
  to: number;
  /** How large the movement is, comparable across units: relative change, or points / 100 for percentages. */
  size: number;
}

/**
 * Metrics that describe how fresh the data is rather than how either side performed (handoffs
 * not yet due, the cohort's age): they always move while a period runs, so they are no news.
 */
const STATE_METRICS = /(\.pending_count|^funnel\.cohort\.age_days|^funnel\.cohort\.mature)$/;

/** How many restated rows the meeting view lists, largest changes first; the rest are in the download and on the data page. */
export const RESTATEMENTS_SHOWN = 3;

/** Totals of the input rows behind a snapshot. */
export interface DataSummary {
  read: number;
  quarantined: number;
  duplicates: number;
  orphans: number;
}

/** Everything the meeting view of `snapshot` shows. */
export interface MeetingView {
  ctx: PageContext;
  snapshot: PeriodSnapshot;
  page: string;
  report: string;
  label: string;
  lastDay: string;
  previous: PeriodSnapshot | undefined;
  /** The agreement version the period was measured under; changed promises are flagged in the scorecard. */
  agreement: AgreementVersionLine;
  /** The decisions of the meeting that reviewed the period before, with the movement of what each should move. */
  agreed: AgreedLastTime | null;
  headlines: Headline[];
  scorecard: ScorecardView | null;
  /** Clauses whose status differs from the previous period's. */
  statusChanges: SiteTable | null;
  /** Sentences for the meeting: missed clauses, then those at risk, then the top rejection reasons. */
  discussion: string[];
  movements: SiteTable | null;
  restatements: SiteTable | null;
  /** Restated breakdown rows left out of the restatements table (they are in the data page). */
  restatedBreakdownRows: number;
  funnelFlow: SiteTable | null;
  data: DataSummary;
  tables: SiteTable[];
  terms: MetricId[];
}

/**
 * Whole-period metrics present in both periods with a value, ordered by how much they moved
 * (percentages by points, everything else relative to the previous value); unchanged ones and
 * data-freshness metrics left out.
 */
export function movements(current: PeriodSnapshot, previous: PeriodSnapshot): Movement[] {
  const before = wholePeriod(previous);
  const out: Movement[] = [];
  for (const [metric, row] of wholePeriod(current)) {
    const old = before.get(metric);
    if (!old || old.value === null || row.value === null || old.value === row.value || STATE_METRICS.test(metric)) continue;
    out.push({ metric, unit: row.unit, from: old.value, to: row.value, size: changeSize(old.value, row.value, row.unit) });
  }
  out.sort((a, b) => b.size - a.size || glossaryRank(a.metric) - glossaryRank(b.metric) || (a.metric < b.metric ? -1 : 1));
  // Two metrics that moved from the same value to the same value (MQLs and MQL events, often)
  // tell one story: the first in glossary order speaks for both.
  const seen = new Set<string>();
  return out.filter((m) => {
    const key = `${m.unit}:${m.from}:${m.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** How large a change is, comparable across units: points / 100 for percentages, else relative to the old value. */
function changeSize(from: number | null, to: number | null, unit: Unit): number {
  if (from === null || to === null) return from === to ? 0 : Infinity;
  if (unit === 'pct') return Math.abs(to - from) / 100;
  return from === 0 ? (to === 0 ? 0 : Infinity) : Math.abs(to - from) / Math.abs(from);
}

/** Instant of a timestamp written with an offset (`as_of`); restatements are placed in time by it. */
function instant(timestamp: string): number {
  return Date.parse(timestamp);
}

/** The meeting view of `snapshot`. */
export function meetingView(site: SiteData, snapshot: PeriodSnapshot): MeetingView {
  const ctx = pageContext(site, snapshot);
  const { t, fmt } = ctx;
  const { previous } = neighbours(site.periods, snapshot.period);
  const cards = headlines(ctx, snapshot, previous);

  let movementTable: SiteTable | null = null;
  if (previous) {
    const moved = movements(snapshot, previous).slice(0, MOVEMENTS_SHOWN);
    if (moved.length > 0) {
      movementTable = siteTable({
        id: 'movements',
        caption: t.meeting.movementsCaption(fmt.periodShort(previous.period), fmt.periodShort(snapshot.period)),
        columns: [
          { key: 'metric', label: t.table.metric },
          { key: 'previous', label: fmt.periodShort(previous.period), numeric: true },
          { key: 'current', label: fmt.periodShort(snapshot.period), numeric: true },
          { key: 'change', label: t.table.change, numeric: true },
        ],
        rows: moved.map((m) => ({
          key: m.metric,
          cells: [
            { value: m.metric, text: metricLabel(m.metric, fmt.locale) },
            metricCell(ctx, m.from, m.unit),
            metricCell(ctx, m.to, m.unit),
            { value: m.to - m.from, text: fmt.change(m.from, m.to, m.unit) },
          ],
        })),
      });
    }
  }

  // Restatements of earlier periods made since the previous meeting, which reviewed the period
  // before this one as it closed: by runs whose cut-off falls after this period began and no
  // later than this snapshot.
  const [year, month, day] = snapshot.manifest.starts_on.split('-').map(Number) as [number, number, number];
  const since = localToUtcMs(snapshot.contract.timezone, year, month, day);
  const until = instant(snapshot.manifest.as_of);
  const earlier = site.periods.filter((p) => p.manifest.starts_on < snapshot.manifest.starts_on);
  const restated = earlier.flatMap((p) =>
    p.restatements.filter((r) => instant(r.as_of) > since && instant(r.as_of) <= until).map((r) => ({ period: p.period, restatement: r })),
  );
  const unitIn = (period: string, metric: MetricId): Unit => {
    const p = site.periods.find((s) => s.period === period);
    return p ? unitOf(p, metric) : 'count';
  };
  const restatedRows = restated
    .flatMap(({ period, restatement }) => restatement.changes.filter((c) => c.segment_kind === 'all').map((c) => ({ period, restatement, change: c })))
    // Freshness metrics sink to the end: a pending count that fell to zero is no news either.
    .map((r) => ({ ...r, size: STATE_METRICS.test(r.change.metric) ? -1 : changeSize(r.change.old, r.change.new, unitIn(r.period, r.change.metric)) }))
    .sort(
      (a, b) => b.size - a.size || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) || glossaryRank(a.change.metric) - glossaryRank(b.change.metric),
    );
  const restatedBreakdownRows = restated.reduce((n, { restatement }) => n + restatement.changes.filter((c) => c.segment_kind !== 'all').length, 0);
  const restatementRow = ({ period, change }: (typeof restatedRows)[number], i: number) => ({
    key: `${period}-${i + 1}`,
    cells: [
      { value: period, text: fmt.periodShort(period) },
      { value: change.metric, text: metricLabel(change.metric, fmt.locale) },
      metricCell(ctx, change.old, unitIn(period, change.metric)),
      metricCell(ctx, change.new, unitIn(period, change.metric)),
    ],
  });
  const restatementTable =
    restatedRows.length === 0
      ? null
      : siteTable({
          id: 'restatements',
          caption: t.meeting.restatementsCaption,
          columns: [
            { key: 'period', label: t.table.period },
            { key: 'metric', label: t.table.metric },
            { key: 'old', label: t.table.old, numeric: true },
            { key: 'new', label: t.table.new, numeric: true },
          ],
          rows: restatedRows.slice(0, RESTATEMENTS_SHOWN).map(restatementRow),
          ...(restatedRows.length > RESTATEMENTS_SHOWN
            ? { more: restatedRows.slice(RESTATEMENTS_SHOWN).map((r, i) => restatementRow(r, i + RESTATEMENTS_SHOWN)) }
            : {}),
        });

  const scorecard = scorecardView(ctx, snapshot, site.periods, 'meeting-scorecard', meetingPage(snapshot.period));
  const changedStatus = statusChanges(ctx, snapshot, previous);
  const agreed = agreedLastTime(ctx, site, snapshot);
  const discussion = discussionPoints(ctx, snapshot);

  const funnelFlow = hasFunnelFlow(snapshot) ? funnelFlowTable(ctx, snapshot) : null;
  const inputs = inputsOf(snapshot.manifest.inputs).map((i) => i.stats);
  const data: DataSummary = {
    read: inputs.reduce((n, s) => n + s.rows_read, 0),
    quarantined: inputs.reduce((n, s) => n + s.rows_quarantined, 0),
    duplicates: inputs.reduce((n, s) => n + s.duplicates, 0),
    orphans: inputs.reduce((n, s) => n + s.orphans, 0),
  };

  const tables = [agreed?.table ?? null, scorecard?.table ?? null, changedStatus, movementTable, restatementTable, funnelFlow].filter((table): table is SiteTable => table !== null);
  const terms = [
    ...(agreed?.meeting.decisions.map((d) => (d.moves.kind === 'clause' ? (`scorecard.${d.moves.id}` as const) : d.moves.id)) ?? []),
    ...(scorecard?.lines.map((line) => (`scorecard.${line.clause.id}` as const)) ?? []),
    ...cards.map((card) => card.metric),
    ...(movementTable?.rows.map((row) => row.key as MetricId) ?? []),
    ...restatedRows.slice(0, RESTATEMENTS_SHOWN).map((r) => r.change.metric),
    ...(funnelFlow ? funnelFlow.rows.map((row) => (`funnel.flow.${row.key}` as MetricId)) : []),
  ];
  return {
    ctx,
    snapshot,
    page: meetingPage(snapshot.period),
    report: periodPage(snapshot.period),
    label: fmt.period(snapshot.period),
    lastDay: lastDayOf(snapshot.manifest.ends_before),
    previous,
    agreement: agreementVersionLine(site, snapshot, meetingPage(snapshot.period)),
    agreed,
    headlines: cards,
    scorecard,
    statusChanges: changedStatus,
    discussion,
    movements: movementTable,
    restatements: restatementTable,
    restatedBreakdownRows,
    funnelFlow,
    data,
    tables,
    terms: [...new Set(terms)],
  };
}

/** What the data asks the meeting to discuss: missed clauses, then clauses at risk, the segment behind each one's shortfall, then the top rejection reasons. */
export function discussionPoints(ctx: PageContext, snapshot: PeriodSnapshot): string[] {
  const { t, fmt } = ctx;
  const r = t.report;
  const clauses = snapshot.details['scorecard.json']?.clauses ?? [];
  const points: string[] = [];
  for (const status of ['missed', 'at_risk'] as const) {
    for (const clause of clauses.filter((c) => c.status === status)) {
      const say = status === 'missed' ? r.discussMissed : r.discussRisk;
      points.push(say(clauseName(clause.id, fmt.locale), r.sides[clause.side] ?? clause.side, fmt.pct(clause.measured), fmt.pct(clause.promised)));
    }
  }
  // One point for the segments behind them all: a sentence per clause would not print on one sheet.
  const drivers = driversSentence(ctx, missDrivers(ctx, snapshot));
  if (drivers) points.push(drivers);
  const rejected = snapshot.details['reasons.json']?.rejected ?? [];
  const total = rejected.reduce((n, reason) => n + reason.count, 0);
  const top = rejected.filter((reason) => reason.reason !== null).slice(0, REJECTION_REASONS_SHOWN);
  if (top.length > 0) points.push(r.discussRejections(top.map((reason) => `${reason.reason} (${fmt.number(reason.count)})`).join(', '), fmt.number(total)));
  if (points.length === 0 && clauses.length > 0) points.push(r.discussNone);
  return points;
}
