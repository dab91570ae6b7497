import type { NotNull } from 'kysely';
import type { Db } from '../db.ts';
import type { DistributionsFile } from '../schemas/distributions.ts';
import { periodKeys, type MetricContext } from './context.ts';

// The attempt distributions of each period; the `attempts.*` metrics themselves are catalogue
// entries (catalogue/attempts.ts).

/** Attempts per handoff (window ended) and the first-touch channel mix (contacted handoffs) of each period. */
export async function attemptDistributions(db: Db, ctx: MetricContext): Promise<Map<string, DistributionsFile['attempts']>> {
  const perHandoff = await db.rows(
    db.query
      .selectFrom('handoffs')
      .select((eb) => ['period', 'attempts_in_window as attempts', eb.fn.countAll<number>().as('handoffs')])
      .where('window_ended', '=', true)
      .groupBy(['period', 'attempts_in_window'])
      .orderBy('period').orderBy('attempts'),
  );
  const firstTouch = await db.rows(
    db.query
      .selectFrom('handoffs')
      .select((eb) => ['period', 'first_attempt_type as type', eb.fn.countAll<number>().as('handoffs')])
      .where('first_attempt_type', 'is not', null)
      .$narrowType<{ type: NotNull }>()
      .groupBy(['period', 'first_attempt_type'])
      .orderBy('period').orderBy('handoffs', 'desc').orderBy('type'),
  );
  const out = new Map<string, DistributionsFile['attempts']>();
  for (const period of periodKeys(ctx)) out.set(period, { per_handoff: [], first_touch: [] });
  for (const r of perHandoff) out.get(r.period)?.per_handoff.push({ attempts: r.attempts, handoffs: r.handoffs });
  for (const r of firstTouch) out.get(r.period)?.first_touch.push({ type: r.type, handoffs: r.handoffs });
  return out;
}
