import { timestampLiteral, type Db } from '../db.ts';
import { tableExists } from '../model/events.ts';
import { localDaySql } from '../model/local-days.ts';
import type { ReasonCount, ReasonsFile } from '../schemas/reasons.ts';
import { periodKeys, type MetricContext } from './context.ts';

// Deals by the period of closed_at (with or without a lead) for the plan and the reason tables;
// the `outcome.*` metrics themselves are catalogue entries (catalogue/outcomes.ts). Amounts are
// summed in whole cents so the total does not depend on the order DuckDB adds them in.

/** Won deals of one period: how many, how many with an amount, and the amounts' sum in cents. */
export interface WonDeals {
  won: number;
  priced: number;
  cents: bigint;
}

/** The `stg_deals` rows up to as_of with their period of closing, lead dimensions and owner; null without deals. */
export async function dealsSql(db: Db, ctx: MetricContext): Promise<string | null> {
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
