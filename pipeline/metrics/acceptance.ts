import type { Db } from '../db.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { countRow, HANDOFF_DIMENSIONS, pctRow, segmentedRows } from './metric-rows.ts';
import { periodKeys, type MetricContext } from './context.ts';

// Acceptance (SPEC section 4, `acceptance.*`). A handoff's decision is its first sal, sql,
// opportunity or rejected event; it is due once decided or once acceptance_within business time
// has elapsed by as_of. Undecided handoffs before their deadline are pending, not breaches.

/**
 * `acceptance.within_sla_pct` (decided within acceptance_within / due), `acceptance.rejected_pct`
 * (decision rejected / decided), `acceptance.pending_count` (neither decided nor due) and
 * `acceptance.rejection_reason_pct` (rejected decisions with a reason recorded / rejected
 * decisions: the sales clause "rejection reasons recorded"), overall and by source, tier,
 * segment and owner.
 */
export async function acceptanceMetrics(db: Db, ctx: MetricContext): Promise<MetricRow[]> {
  const rows = await segmentedRows(
    db,
    'SELECT period, source, tier, segment, owner, acceptance_due, accepted_within_sla, decision_stage, decision_reason FROM handoffs',
    HANDOFF_DIMENSIONS,
    `CAST(count(*) FILTER (WHERE acceptance_due) AS INTEGER) AS due,
     CAST(count(*) FILTER (WHERE accepted_within_sla) AS INTEGER) AS within,
     CAST(count(decision_stage) AS INTEGER) AS decided,
     CAST(count(*) FILTER (WHERE decision_stage = 'rejected') AS INTEGER) AS rejected,
     CAST(count(*) FILTER (WHERE decision_stage = 'rejected' AND decision_reason IS NOT NULL AND trim(decision_reason) <> '') AS INTEGER) AS reasoned,
     CAST(count(*) FILTER (WHERE NOT acceptance_due) AS INTEGER) AS pending`,
    periodKeys(ctx),
    { due: 0, within: 0, decided: 0, rejected: 0, reasoned: 0, pending: 0 },
  );
  return rows.flatMap((r) => [
    pctRow(r.period, 'acceptance.within_sla_pct', r.segment_kind, r.segment, r.within, r.due),
    pctRow(r.period, 'acceptance.rejected_pct', r.segment_kind, r.segment, r.rejected, r.decided),
    pctRow(r.period, 'acceptance.rejection_reason_pct', r.segment_kind, r.segment, r.reasoned, r.rejected),
    countRow('acceptance.pending_count', { ...r, value: r.pending }),
  ]);
}
