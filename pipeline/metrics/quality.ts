import { literal, type Db } from '../db.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { HANDOFF_DIMENSIONS, pctRow, segmentedRows, valueRow } from './metric-rows.ts';
import { periodKeys, type MetricContext } from './context.ts';

/**
 * `quality.complete_pct` (every `handoff_fields` value present), `quality.missing_pct.<field>`
 * per field, and `quality.icp_fit_pct` (lead matches the ICP), all over the period's handoffs,
 * overall and by source, tier, segment and owner. Without an `icp` in the contract, ICP fit
 * cannot be judged: its rows are n/a with no numerator or denominator.
 */
export async function qualityMetrics(db: Db, ctx: MetricContext): Promise<MetricRow[]> {
  const fields = ctx.contract.handoff_fields;
  const missing = fields.map((f, i) => `CAST(count(*) FILTER (WHERE list_contains(missing_fields, ${literal(f)})) AS INTEGER) AS missing_${i}`);
  const rows = await segmentedRows<Record<string, number>>(
    db,
    'SELECT period, source, tier, segment, owner, complete, missing_fields, icp_fit FROM handoffs',
    HANDOFF_DIMENSIONS,
    [
      'CAST(count(*) AS INTEGER) AS handoffs',
      'CAST(count(*) FILTER (WHERE complete) AS INTEGER) AS complete',
      'CAST(count(*) FILTER (WHERE icp_fit) AS INTEGER) AS icp',
      ...missing,
    ].join(', '),
    periodKeys(ctx),
    { handoffs: 0, complete: 0, icp: 0, ...Object.fromEntries(fields.map((_, i) => [`missing_${i}`, 0])) },
  );
  const hasIcp = ctx.contract.icp !== undefined;
  return rows.flatMap((r) => [
    pctRow(r.period, 'quality.complete_pct', r.segment_kind, r.segment, r.complete!, r.handoffs!),
    ...fields.map((f, i) => pctRow(r.period, `quality.missing_pct.${f}`, r.segment_kind, r.segment, r[`missing_${i}`]!, r.handoffs!)),
    hasIcp
      ? pctRow(r.period, 'quality.icp_fit_pct', r.segment_kind, r.segment, r.icp!, r.handoffs!)
      : valueRow(r.period, 'quality.icp_fit_pct', r.segment_kind, r.segment, null, 'pct'),
  ]);
}
