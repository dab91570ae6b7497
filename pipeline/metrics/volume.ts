import type { Db } from '../db.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { countRow, segmentedSql, type CountRow } from './metric-rows.ts';

/**
 * `mql.count`: handoffs whose mql_at falls in the period, overall and by source, segment and owner.
 * A period without handoffs still states 0 overall.
 */
export async function volumeMetrics(db: Db, periods: readonly string[]): Promise<MetricRow[]> {
  const rows = await db.all<CountRow>(
    `${segmentedSql('SELECT period, source, segment, owner FROM handoffs', ['source', 'segment', 'owner'], 'count(*)::INTEGER AS value')}
     ORDER BY period, segment_kind, segment`,
  );
  const counted = new Set(rows.filter((r) => r.segment_kind === 'all').map((r) => r.period));
  const empty = periods.filter((p) => !counted.has(p)).map((period): CountRow => ({ period, segment_kind: 'all', segment: 'all', value: 0 }));
  return [...rows, ...empty].map((r) => countRow('mql.count', r));
}
