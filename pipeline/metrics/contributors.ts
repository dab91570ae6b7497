import type { Contributor, ContributorsFile } from '../schemas/contributors.ts';
import type { ScorecardFile } from '../schemas/scorecard.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { SEGMENT_KINDS } from './metric-rows.ts';

// Who drove each miss: for a missed or at-risk ratio clause, each segment's shortfall is what the
// promised rate asked of its own denominator minus what it delivered (promised% × denominator −
// numerator), counted only where positive: a segment above the promise offsets nobody's miss. A
// segment's share is its shortfall over the sum of the shortfalls of its kind, so the owners'
// shares add up to 100%, and so do the sources'.

/** The clause whose metric is a volume against one whole-period target: no segment has a target of its own. */
const VOLUME_CLAUSES = new Set(['mql_volume']);

const kindOrder = new Map(SEGMENT_KINDS.map((k, i) => [k, i]));
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Handoffs short of `promised` (0–100) on `denominator`, exact for whole-number promises. */
function shortfallOf(promised: number, numerator: number, denominator: number): number {
  return (promised * denominator - 100 * numerator) / 100;
}

/** `contributors.json` of each period, from its scorecard and its segment rows. */
export function contributorsFiles(scorecards: ReadonlyMap<string, ScorecardFile>, rows: readonly MetricRow[]): Map<string, ContributorsFile> {
  const segments = Map.groupBy(
    rows.filter((r) => r.segment_kind !== 'all' && r.numerator !== null && r.denominator !== null && r.denominator > 0),
    (r) => `${r.period}|${r.metric}`,
  );
  const out = new Map<string, ContributorsFile>();
  for (const [period, scorecard] of scorecards) {
    const clauses = scorecard.clauses.flatMap((clause) => {
      if ((clause.status !== 'missed' && clause.status !== 'at_risk') || VOLUME_CLAUSES.has(clause.id)) return [];
      if (clause.numerator === null || clause.denominator === null) return [];
      const short = (segments.get(`${period}|${clause.metric}`) ?? []).flatMap((r) => {
        const shortfall = shortfallOf(clause.promised, r.numerator!, r.denominator!);
        return shortfall > 0 ? [{ row: r, shortfall }] : [];
      });
      const totals = new Map<string, number>();
      for (const s of short) totals.set(s.row.segment_kind, (totals.get(s.row.segment_kind) ?? 0) + s.shortfall);
      const contributors = short
        .map(
          ({ row, shortfall }): Contributor => ({
            segment_kind: row.segment_kind as Contributor['segment_kind'],
            segment: row.segment,
            numerator: row.numerator!,
            denominator: row.denominator!,
            value: (100 * row.numerator!) / row.denominator!,
            shortfall,
            share_pct: (100 * shortfall) / totals.get(row.segment_kind)!,
          }),
        )
        .sort((a, b) => kindOrder.get(a.segment_kind)! - kindOrder.get(b.segment_kind)! || b.shortfall - a.shortfall || byCodePoint(a.segment, b.segment));
      return [
        {
          id: clause.id,
          metric: clause.metric,
          status: clause.status,
          promised: clause.promised,
          shortfall: Math.max(0, shortfallOf(clause.promised, clause.numerator, clause.denominator)),
          contributors,
        },
      ];
    });
    out.set(period, { period, clauses });
  }
  return out;
}
