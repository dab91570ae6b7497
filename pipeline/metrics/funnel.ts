import type { Db } from '../db.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { countRow } from './metric-rows.ts';

/** Stages counted by `funnel.flow.<stage>`, in funnel order. */
export const FLOW_STAGES = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost'] as const;

/**
 * `funnel.flow.<stage>`: events of each stage inside each period. Every listed period gets every
 * stage, with 0 where nothing happened, so a chart never has silent gaps.
 */
export async function funnelFlowMetrics(db: Db, periods: readonly string[]): Promise<MetricRow[]> {
  const rows = await db.all<{ period: string; stage: string; value: number }>(
    `SELECT period, stage, count(*)::INTEGER AS value FROM events
     WHERE stage IN (${FLOW_STAGES.map((s) => `'${s}'`).join(', ')})
     GROUP BY period, stage ORDER BY period, stage`,
  );
  const counts = new Map(rows.map((r) => [`${r.period}|${r.stage}`, r.value]));
  return periods.flatMap((period) =>
    FLOW_STAGES.map((stage) =>
      countRow(`funnel.flow.${stage}`, { period, segment_kind: 'all', segment: 'all', value: counts.get(`${period}|${stage}`) ?? 0 }),
    ),
  );
}
