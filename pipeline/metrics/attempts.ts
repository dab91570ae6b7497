import type { Db } from '../db.ts';
import type { DistributionsFile } from '../schemas/distributions.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { periodKeys, type MetricContext } from './context.ts';
import { HANDOFF_DIMENSIONS, pctRow, segmentedRows, valueRow } from './metric-rows.ts';

// Attempt cadence (SPEC section 4, `attempts.*`), from the per-handoff clauses of `handoffs`:
// adherent (≥ min_attempts attempts in the window, or an ends_on outcome in it), gave_up_early
// (closed as recycled/disqualified short of the minimum, with no ends_on outcome up to closing),
// too_aggressive (a local calendar day with more than max_attempts_per_day attempts).

/**
 * `attempts.adherent_pct` and `attempts.mean` over handoffs whose window ended by as_of,
 * `attempts.gave_up_early_pct` over handoffs closed as recycled or disqualified, and
 * `attempts.too_aggressive_pct` over handoffs with at least one attempt; overall and by
 * source, tier, segment and owner. The mean is a plain value (attempts per handoff).
 */
export async function attemptMetrics(db: Db, ctx: MetricContext): Promise<MetricRow[]> {
  const rows = await segmentedRows(
    db,
    `SELECT period, source, tier, segment, owner, window_ended, adherent, attempts_in_window, closed_at, gave_up_early, attempts_total, too_aggressive
     FROM handoffs`,
    HANDOFF_DIMENSIONS,
    `CAST(count(*) FILTER (WHERE window_ended) AS INTEGER) AS ended,
     CAST(count(*) FILTER (WHERE window_ended AND adherent) AS INTEGER) AS adherent,
     CAST(coalesce(sum(attempts_in_window) FILTER (WHERE window_ended), 0) AS INTEGER) AS in_window,
     CAST(count(*) FILTER (WHERE closed_at IS NOT NULL) AS INTEGER) AS closed,
     CAST(count(*) FILTER (WHERE gave_up_early) AS INTEGER) AS gave_up,
     CAST(count(*) FILTER (WHERE attempts_total >= 1) AS INTEGER) AS attempted,
     CAST(count(*) FILTER (WHERE attempts_total >= 1 AND too_aggressive) AS INTEGER) AS aggressive`,
    periodKeys(ctx),
    { ended: 0, adherent: 0, in_window: 0, closed: 0, gave_up: 0, attempted: 0, aggressive: 0 },
  );
  return rows.flatMap((r) => [
    pctRow(r.period, 'attempts.adherent_pct', r.segment_kind, r.segment, r.adherent, r.ended),
    pctRow(r.period, 'attempts.gave_up_early_pct', r.segment_kind, r.segment, r.gave_up, r.closed),
    pctRow(r.period, 'attempts.too_aggressive_pct', r.segment_kind, r.segment, r.aggressive, r.attempted),
    valueRow(r.period, 'attempts.mean', r.segment_kind, r.segment, r.ended === 0 ? null : r.in_window / r.ended, 'count'),
  ]);
}

/** Attempts per handoff (window ended) and the first-touch channel mix (contacted handoffs) of each period. */
export async function attemptDistributions(db: Db, ctx: MetricContext): Promise<Map<string, DistributionsFile['attempts']>> {
  const perHandoff = await db.all<{ period: string; attempts: number; handoffs: number }>(
    `SELECT period, attempts_in_window AS attempts, CAST(count(*) AS INTEGER) AS handoffs FROM handoffs WHERE window_ended
     GROUP BY period, attempts_in_window ORDER BY period, attempts`,
  );
  const firstTouch = await db.all<{ period: string; type: string; handoffs: number }>(
    `SELECT period, first_attempt_type AS type, CAST(count(*) AS INTEGER) AS handoffs FROM handoffs WHERE first_attempt_type IS NOT NULL
     GROUP BY period, first_attempt_type ORDER BY period, handoffs DESC, type`,
  );
  const out = new Map<string, DistributionsFile['attempts']>();
  for (const period of periodKeys(ctx)) out.set(period, { per_handoff: [], first_touch: [] });
  for (const r of perHandoff) out.get(r.period)?.per_handoff.push({ attempts: r.attempts, handoffs: r.handoffs });
  for (const r of firstTouch) out.get(r.period)?.first_touch.push({ type: r.type, handoffs: r.handoffs });
  return out;
}
