import type { Db } from '../db.ts';
import type { DistributionsFile } from '../schemas/distributions.ts';
import { periodKeys, type MetricContext } from './context.ts';

// The attempt distributions of each period; the `attempts.*` metrics themselves are catalogue
// entries (catalogue/attempts.ts).

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
