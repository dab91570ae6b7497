import { timestampLiteral, type Db } from '../db.ts';
import { tableExists } from '../model/events.ts';
import { localDaySql } from '../model/local-days.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import type { ReasonCount, ReasonsFile } from '../schemas/reasons.ts';
import { periodKeys, type MetricContext } from './context.ts';
import { countRow, HANDOFF_DIMENSIONS, segmentedRows, valueRow } from './metric-rows.ts';

// Outcomes: deals won and lost by the period of closed_at (with or without a lead), the lead
// events that close or bounce a handoff, and handoffs that nurture brought back. Amounts are
// summed in whole cents so the total does not depend on the order DuckDB adds them in.

/** Won deals of one period: how many, how many with an amount, and the amounts' sum in cents. */
export interface WonDeals {
  won: number;
  priced: number;
  cents: bigint;
}

/** The `stg_deals` rows up to as_of with their period of closing, lead dimensions and owner; null without deals. */
async function dealsSql(db: Db, ctx: MetricContext): Promise<string | null> {
  if (!(await tableExists(db, 'stg_deals'))) return null;
  const asOf = timestampLiteral(ctx.asOf);
  const closed = await localDaySql(db, ctx.contract, 'd.closed_at');
  return `SELECT ${closed.period} AS period, d.status, d.amount, d.lost_reason,
      l.source, l.segment, coalesce(d.owner, l.owner) AS owner
    FROM stg_deals d LEFT JOIN stg_leads l ON l.lead_id = d.lead_id
    WHERE d.closed_at IS NOT NULL AND d.closed_at <= ${asOf} AND coalesce(d.created_at <= ${asOf}, true) AND d.status IN ('won', 'lost')`;
}

const CENTS = `CAST(coalesce(sum(CAST(round(amount * 100) AS HUGEINT)), 0) AS VARCHAR)`;

/** Won deals per period of closed_at, for every period that has one (not only the reported ones). */
export async function wonDealsByPeriod(db: Db, ctx: MetricContext): Promise<Map<string, WonDeals>> {
  const deals = await dealsSql(db, ctx);
  if (deals === null) return new Map();
  const rows = await db.all<{ period: string; won: number; priced: number; cents: string }>(
    `SELECT period, CAST(count(*) AS INTEGER) AS won, CAST(count(amount) AS INTEGER) AS priced, ${CENTS} AS cents
     FROM (${deals}) WHERE status = 'won' GROUP BY period ORDER BY period`,
  );
  return new Map(rows.map((r) => [r.period, { won: r.won, priced: r.priced, cents: BigInt(r.cents) }]));
}

const DEAL_DIMENSIONS = ['source', 'segment', 'owner'] as const;

/**
 * `outcome.*`: won and lost deals by closing period (won revenue and mean ticket in the contract's
 * currency), recycled / disqualified / rejected lead events by their period, and
 * `outcome.returned_count`, handoffs of the period whose lead had been recycled before.
 */
export async function outcomeMetrics(db: Db, ctx: MetricContext): Promise<MetricRow[]> {
  const periods = periodKeys(ctx);
  const out: MetricRow[] = [];
  const deals = (await dealsSql(db, ctx)) ?? `SELECT NULL::VARCHAR AS period, NULL::VARCHAR AS status, NULL::DOUBLE AS amount, NULL::VARCHAR AS source, NULL::VARCHAR AS segment, NULL::VARCHAR AS owner WHERE false`;
  const dealRows = await segmentedRows(
    db,
    deals,
    DEAL_DIMENSIONS,
    `CAST(count(*) FILTER (WHERE status = 'won') AS INTEGER) AS won, CAST(count(amount) FILTER (WHERE status = 'won') AS INTEGER) AS priced,
     CAST(coalesce(sum(CAST(round(amount * 100) AS HUGEINT)) FILTER (WHERE status = 'won'), 0) AS VARCHAR) AS cents,
     CAST(count(*) FILTER (WHERE status = 'lost') AS INTEGER) AS lost`,
    periods,
    { won: 0, priced: 0, cents: '0', lost: 0 },
  );
  for (const r of dealRows) {
    const cents = BigInt(r.cents);
    out.push(countRow('outcome.won_count', { ...r, value: r.won }));
    out.push(valueRow(r.period, 'outcome.won_revenue', r.segment_kind, r.segment, Number(cents) / 100, 'currency'));
    out.push(valueRow(r.period, 'outcome.avg_ticket', r.segment_kind, r.segment, r.priced === 0 ? null : Number(cents) / 100 / r.priced, 'currency'));
    out.push(countRow('outcome.lost_count', { ...r, value: r.lost }));
  }

  const eventRows = await segmentedRows(
    db,
    `SELECT e.period, e.stage, l.source, l.segment, l.owner FROM events e JOIN stg_leads l ON l.lead_id = e.lead_id
     WHERE e.stage IN ('recycled', 'disqualified', 'rejected')`,
    DEAL_DIMENSIONS,
    `CAST(count(*) FILTER (WHERE stage = 'recycled') AS INTEGER) AS recycled,
     CAST(count(*) FILTER (WHERE stage = 'disqualified') AS INTEGER) AS disqualified,
     CAST(count(*) FILTER (WHERE stage = 'rejected') AS INTEGER) AS rejected`,
    periods,
    { recycled: 0, disqualified: 0, rejected: 0 },
  );
  for (const r of eventRows) {
    out.push(countRow('outcome.recycled_count', { ...r, value: r.recycled }));
    out.push(countRow('outcome.disqualified_count', { ...r, value: r.disqualified }));
    out.push(countRow('outcome.rejected_count', { ...r, value: r.rejected }));
  }

  const returned = await segmentedRows(
    db,
    `SELECT period, source, tier, segment, owner, returned FROM handoffs`,
    HANDOFF_DIMENSIONS,
    `CAST(count(*) FILTER (WHERE returned) AS INTEGER) AS returned`,
    periods,
    { returned: 0 },
  );
  for (const r of returned) out.push(countRow('outcome.returned_count', { ...r, value: r.returned }));
  return out;
}

/** `reasons.json` of each period: rejection, lost, recycle and disqualification reasons with their counts. */
export async function reasonsFiles(db: Db, ctx: MetricContext): Promise<Map<string, ReasonsFile>> {
  const deals = await dealsSql(db, ctx);
  const sources = [`SELECT period, stage AS kind, reason FROM events WHERE stage IN ('rejected', 'recycled', 'disqualified')`];
  if (deals !== null) sources.push(`SELECT period, 'lost', lost_reason FROM (${deals}) WHERE status = 'lost'`);
  const rows = await db.all<{ period: string; kind: string; reason: string | null; count: number }>(
    `SELECT period, kind, reason, CAST(count(*) AS INTEGER) AS count FROM (${sources.join(' UNION ALL ')})
     GROUP BY period, kind, reason ORDER BY period, kind, count DESC, reason NULLS LAST`,
  );
  const files = new Map<string, ReasonsFile>();
  for (const period of periodKeys(ctx)) files.set(period, { period, rejected: [], lost: [], recycled: [], disqualified: [] });
  for (const r of rows) {
    const file = files.get(r.period);
    if (!file) continue;
    const entry: ReasonCount = { reason: r.reason, count: r.count };
    file[r.kind as 'rejected' | 'lost' | 'recycled' | 'disqualified'].push(entry);
  }
  return files;
}
