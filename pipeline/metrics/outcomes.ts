import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { inlineSql, timestampOf } from '../warehouse/fragments.ts';
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
export async function closedDeals(db: Db, ctx: MetricContext) {
  if (!(await tableExists(db, 'stg_deals'))) return null;
  const asOf = timestampOf(ctx.asOf);
  const closed = await localDaySql(db, ctx.contract, 'd.closed_at');
  return db.query
    .selectFrom('stg_deals as d')
    .leftJoin('stg_leads as l', 'l.lead_id', 'd.lead_id')
    .select((eb) => [
      sql<string>`${sql.raw(closed.period)}`.as('period'),
      'd.status', 'd.amount', 'd.lost_reason', 'l.source', 'l.segment',
      eb.fn.coalesce('d.owner', 'l.owner').as('owner'),
    ])
    .where('d.closed_at', 'is not', null)
    .where('d.closed_at', '<=', asOf)
    .where(sql<boolean>`coalesce(d.created_at <= ${asOf}, true)`)
    .where('d.status', 'in', [sql.lit('won'), sql.lit('lost')]);
}

/** `closedDeals` as SQL text, the base the catalogue runner aggregates over; null without deals. */
export async function dealsSql(db: Db, ctx: MetricContext): Promise<string | null> {
  const deals = await closedDeals(db, ctx);
  return deals === null ? null : inlineSql(deals);
}

/** Won deals per period of closed_at, for every period that has one (not only the reported ones). */
export async function wonDealsByPeriod(db: Db, ctx: MetricContext): Promise<Map<string, WonDeals>> {
  const deals = await closedDeals(db, ctx);
  if (deals === null) return new Map();
  const rows = await db.rows(
    db.query
      .selectFrom(deals.as('d'))
      .select((eb) => [
        'period',
        eb.fn.countAll<number>().as('won'),
        eb.fn.count<number>('amount').as('priced'),
        sql<string>`CAST(coalesce(sum(CAST(round(amount * 100) AS HUGEINT)), 0) AS VARCHAR)`.as('cents'),
      ])
      .where('status', '=', 'won')
      .groupBy('period')
      .orderBy('period'),
  );
  return new Map(rows.map((r) => [r.period, { won: r.won, priced: r.priced, cents: BigInt(r.cents) }]));
}

/** `reasons.json` of each period: rejection, lost, recycle and disqualification reasons with their counts. */
export async function reasonsFiles(db: Db, ctx: MetricContext): Promise<Map<string, ReasonsFile>> {
  const deals = await closedDeals(db, ctx);
  const closings = db.query.selectFrom('events').select(['period', 'stage as kind', 'reason']).where('stage', 'in', ['rejected', 'recycled', 'disqualified']);
  const lost = deals && db.query.selectFrom(deals.as('d')).select(['period', sql<string>`'lost'`.as('kind'), 'lost_reason as reason']).where('status', '=', 'lost');
  const rows = await db.rows(
    db.query
      .selectFrom((lost === null ? closings : closings.unionAll(lost)).as('r'))
      .select((eb) => ['period', 'kind', 'reason', eb.fn.countAll<number>().as('count')])
      .groupBy(['period', 'kind', 'reason'])
      .orderBy('period').orderBy('kind').orderBy('count', 'desc').orderBy('reason', (o) => o.nullsLast()),
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
