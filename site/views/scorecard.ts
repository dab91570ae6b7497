import type { PlotOptions } from '@observablehq/plot';
import type { ScorecardClause } from '../../pipeline/schemas/scorecard.ts';
import { sparklineChart } from '../charts/sparkline.ts';
import { clauseName } from '../i18n/glossary.ts';
import { periodPromiseChanges } from '../lib/contract-history.ts';
import { hrefTo, periodPage, TRENDS_PAGE } from '../lib/paths.ts';
import type { PeriodSnapshot } from '../lib/snapshots.ts';
import { siteTable, type SiteTable } from '../lib/table.ts';
import { countCell } from './metric-tables.ts';
import { idPart, type PageContext } from './page-context.ts';
import { noDataReason } from './no-data.ts';

// The scorecard of a period (scorecard.json): each clause of the agreement, whose promise it is,
// promised vs measured, its status, and a sparkline of its last periods. Home, the meeting view
// and the agreement page show it; a period without scorecard.json gets no scorecard.

/** How many periods a clause's sparkline covers, this one included. */
export const SPARK_PERIODS = 6;

/** The badge class suffix of each status (the site's CSS has badge-met, badge-at-risk, badge-missed, badge-no-data). */
export const STATUS_BADGE = { met: 'met', at_risk: 'at-risk', missed: 'missed', no_data: 'no-data' } as const;

/** One clause as shown. */
export interface ScorecardLine {
  clause: ScorecardClause;
  name: string;
  side: string;
  promised: string;
  measured: string;
  /** "413 of 527", or null without counts. */
  fraction: string | null;
  status: string;
  badge: string;
  spark: { options: PlotOptions; description: string } | null;
  /** "promise changed: 90% → 85%" when the clause's promise differs from the previous period's agreement, else null. */
  promiseChange: string | null;
  /** Why the clause reads n/a and what to change, in the period's own terms; null when it has a value. */
  noDataReason: string | null;
  /** The clause's section on its period's page, relative to the page showing the scorecard. */
  sectionHref: string;
  /** The clause's chart on the trends page. */
  trendHref: string;
}

/** The period page section that explains each metric family's clauses (views/period-view.ts ids). */
const CLAUSE_SECTIONS: Record<string, string> = {
  mql: 'volume',
  quality: 'quality',
  speed: 'speed',
  attempts: 'attempts',
  acceptance: 'acceptance',
  outcome: 'outcomes',
  plan: 'plan',
  funnel: 'funnel',
};

/** The id of the period page section where a clause's metric is explained; unknown families land on the page's top. */
export function clauseSection(metric: string): string {
  return CLAUSE_SECTIONS[metric.split('.')[0] ?? ''] ?? 'page-title';
}

/** The id of a clause's chart on the trends page (components/TrendCharts.astro names charts `chart-<metric>`). */
export function clauseTrendId(clauseId: string): string {
  return `chart-${idPart(`scorecard.${clauseId}`)}`;
}

/** A period's scorecard: its lines, its table (the CSV download) and the sparklines' numbers as a table. */
export interface ScorecardView {
  lines: ScorecardLine[];
  counts: { met: number; at_risk: number; missed: number; no_data: number };
  table: SiteTable;
  trend: SiteTable | null;
  /** The previous period when some clause's promise changed since it (its lines carry `promiseChange`), else null. */
  promisesChangedSince: string | null;
}

/**
 * The scorecard of `snapshot`, with sparklines over `history` (the site's periods, oldest first),
 * its links relative to the page folder `page`; null without scorecard.json.
 */
export function scorecardView(ctx: PageContext, snapshot: PeriodSnapshot, history: readonly PeriodSnapshot[], idPrefix: string, page: string): ScorecardView | null {
  const file = snapshot.details['scorecard.json'];
  if (!file || file.clauses.length === 0) return null;
  const { t, fmt } = ctx;
  const r = t.report;
  const upTo = history.findIndex((p) => p.period === snapshot.period);
  const window = upTo < 0 ? [] : history.slice(Math.max(0, upTo - SPARK_PERIODS + 1), upTo + 1);
  const clauseIn = (p: PeriodSnapshot, id: string) => p.details['scorecard.json']?.clauses.find((c) => c.id === id);
  // A status is judged against this period's promise; a promise moved since the last period is flagged so the two are not compared as equals.
  const promises = periodPromiseChanges(history, snapshot.period, fmt.locale);

  const lines = file.clauses.map((clause): ScorecardLine => {
    const name = clauseName(clause.id, fmt.locale);
    const points = window.map((p) => ({
      period: p.period,
      label: fmt.periodShort(p.period),
      closed: p.manifest.closed,
      value: clauseIn(p, clause.id)?.measured ?? null,
      href: hrefTo(page, periodPage(p.period)),
    }));
    const promised = r.atLeast(fmt.pct(clause.promised));
    const spark =
      points.filter((p) => p.value !== null).length >= 2
        ? {
            options: sparklineChart(points, { promised: clause.promised, max: 100 }),
            description: r.sparkDescription(name, promised, points.map((p) => `${p.label} ${fmt.pct(p.value)}`).join(', ')),
          }
        : null;
    return {
      clause,
      name,
      side: r.sides[clause.side] ?? clause.side,
      promised,
      measured: fmt.pct(clause.measured),
      fraction: clause.numerator === null || clause.denominator === null ? null : r.fraction(fmt.number(clause.numerator), fmt.number(clause.denominator)),
      status: r.clauseStatus[clause.status] ?? clause.status,
      badge: STATUS_BADGE[clause.status],
      spark,
      promiseChange: promises.has(clause.id) ? t.history.promiseChanged(promises.get(clause.id)!.join('; ')) : null,
      noDataReason: noDataReason(ctx, snapshot, clause),
      sectionHref: `${page === periodPage(snapshot.period) ? '' : hrefTo(page, periodPage(snapshot.period))}#${clauseSection(clause.metric)}`,
      trendHref: `${hrefTo(page, TRENDS_PAGE)}#${clauseTrendId(clause.id)}`,
    };
  });

  const counts = { met: 0, at_risk: 0, missed: 0, no_data: 0 };
  for (const clause of file.clauses) counts[clause.status] += 1;

  const table = siteTable({
    id: idPrefix,
    caption: r.scorecardCaption(fmt.period(snapshot.period)),
    columns: [
      { key: 'clause', label: r.clause },
      { key: 'side', label: r.side },
      { key: 'metric', label: t.table.metric, downloadOnly: true },
      { key: 'promised_pct', label: r.promised, numeric: true },
      { key: 'at_risk_from_pct', label: r.atRiskFrom, numeric: true, downloadOnly: true },
      { key: 'measured_pct', label: r.measured, numeric: true },
      { key: 'numerator', label: r.numerator, numeric: true, downloadOnly: true },
      { key: 'denominator', label: r.denominator, numeric: true, downloadOnly: true },
      { key: 'status', label: t.table.status },
    ],
    rows: lines.map((line) => ({
      key: line.clause.id,
      cells: [
        { value: line.clause.id, text: line.name },
        { value: line.clause.side, text: line.side },
        { value: line.clause.metric, text: line.clause.metric },
        { value: line.clause.promised, text: line.promised },
        { value: line.clause.at_risk_from, text: fmt.pct(line.clause.at_risk_from) },
        { value: line.clause.measured, text: line.measured },
        countCell(ctx, line.clause.numerator),
        countCell(ctx, line.clause.denominator),
        { value: line.clause.status, text: line.status, badge: line.badge },
      ],
    })),
  });

  const trend =
    window.length < 2
      ? null
      : siteTable({
          id: `${idPrefix}-trend`,
          caption: r.scorecardTrendCaption,
          columns: [{ key: 'clause', label: r.clause }, ...window.map((p) => ({ key: p.period, label: fmt.periodShort(p.period), numeric: true }))],
          rows: lines.map((line) => ({
            key: line.clause.id,
            cells: [
              { value: line.clause.id, text: line.name },
              ...window.map((p) => {
                const value = clauseIn(p, line.clause.id)?.measured ?? null;
                return { value, text: fmt.pct(value) };
              }),
            ],
          })),
        });

  const previous = upTo > 0 ? history[upTo - 1] : undefined;
  return { lines, counts, table, trend, promisesChangedSince: previous && lines.some((line) => line.promiseChange !== null) ? previous.period : null };
}

/** Clauses whose status differs from the previous period's, as a table; null when none changed or either period lacks a scorecard. */
export function statusChanges(ctx: PageContext, snapshot: PeriodSnapshot, previous: PeriodSnapshot | undefined): SiteTable | null {
  const now = snapshot.details['scorecard.json'];
  const before = previous?.details['scorecard.json'];
  if (!now || !before || !previous) return null;
  const { t, fmt } = ctx;
  const r = t.report;
  const changed = now.clauses.flatMap((clause) => {
    const old = before.clauses.find((c) => c.id === clause.id);
    return old && old.status !== clause.status ? [{ clause, old }] : [];
  });
  if (changed.length === 0) return null;
  return siteTable({
    id: 'status-changes',
    caption: r.statusChangesCaption(fmt.periodShort(previous.period)),
    columns: [
      { key: 'clause', label: r.clause },
      { key: 'before', label: fmt.periodShort(previous.period) },
      { key: 'now', label: fmt.periodShort(snapshot.period) },
      { key: 'measured_pct', label: r.measured, numeric: true },
    ],
    rows: changed.map(({ clause, old }) => ({
      key: clause.id,
      cells: [
        { value: clause.id, text: clauseName(clause.id, fmt.locale) },
        { value: old.status, text: r.clauseStatus[old.status] ?? old.status, badge: STATUS_BADGE[old.status] },
        { value: clause.status, text: r.clauseStatus[clause.status] ?? clause.status, badge: STATUS_BADGE[clause.status] },
        { value: clause.measured, text: fmt.change(old.measured, clause.measured, 'pct') },
      ],
    })),
  });
}
