import type { Contract } from '../contract/schema.ts';
import { literal, type Db } from '../db.ts';
import { periodKeySql } from './periods.ts';

// The model layer: staged inputs → `events` → `handoffs`. Each table documents its grain in the
// warehouse (COMMENT ON) so analysts querying `warehouse.duckdb` can rely on it.

/** Stage columns of leads.csv that become events, with the column holding their reason. */
const LEAD_STAGE_COLUMNS: Array<[stage: string, column: string, reason: string | null]> = [
  ['mql', 'mql_at', null],
  ['sal', 'sal_at', null],
  ['sql', 'sql_at', null],
  ['opportunity', 'opportunity_at', null],
  ['rejected', 'rejected_at', 'rejection_reason'],
  ['recycled', 'recycled_at', 'recycle_reason'],
  ['disqualified', 'disqualified_at', 'disqualification_reason'],
];

async function tableExists(db: Db, name: string): Promise<boolean> {
  const row = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = $1`, [name]);
  return row.n > 0;
}

/** The latest timestamp in the staged inputs: the default `as_of` of a run (ISO, UTC). */
export async function latestInputTimestamp(db: Db): Promise<string | null> {
  const parts = ['SELECT max(greatest(created_at, mql_at, sal_at, sql_at, opportunity_at, rejected_at, recycled_at, disqualified_at)) AS t FROM stg_leads'];
  if (await tableExists(db, 'stg_lead_events')) parts.push('SELECT max("at") FROM stg_lead_events');
  if (await tableExists(db, 'stg_activities')) parts.push('SELECT max(occurred_at) FROM stg_activities');
  if (await tableExists(db, 'stg_deals')) parts.push('SELECT max(greatest(created_at, closed_at)) FROM stg_deals');
  if (await tableExists(db, 'stg_conversions')) parts.push('SELECT max("at") FROM stg_conversions');
  const row = await db.one<{ t: string | null }>(`SELECT strftime(max(t), '%Y-%m-%dT%H:%M:%SZ') AS t FROM (${parts.join(' UNION ALL ')})`);
  return row.t;
}

/**
 * Builds `events` and `handoffs` from the staged inputs, ignoring anything after `asOf`.
 * Events of orphan rows (a lead id absent from leads.csv) are left out: they belong to no handoff.
 */
export async function buildModel(db: Db, contract: Contract, asOf: string): Promise<void> {
  const asOfSql = `${literal(asOf.replace('T', ' ').replace('Z', ''))}::TIMESTAMP`;
  const sources: string[] = [`SELECT lead_id, 'lead' AS stage, created_at AS "at", NULL::VARCHAR AS reason FROM stg_leads`];
  for (const [stage, column, reason] of LEAD_STAGE_COLUMNS) {
    sources.push(`SELECT lead_id, '${stage}', ${column}, ${reason ?? 'NULL::VARCHAR'} FROM stg_leads WHERE ${column} IS NOT NULL`);
  }
  if (await tableExists(db, 'stg_lead_events')) {
    sources.push(`SELECT e.lead_id, e.stage, e."at", e.reason FROM stg_lead_events e SEMI JOIN stg_leads l ON l.lead_id = e.lead_id`);
  }
  if (await tableExists(db, 'stg_deals')) {
    sources.push(`SELECT d.lead_id, 'opportunity', d.created_at, NULL FROM stg_deals d SEMI JOIN stg_leads l ON l.lead_id = d.lead_id`);
    sources.push(
      `SELECT d.lead_id, d.status, d.closed_at, d.lost_reason FROM stg_deals d SEMI JOIN stg_leads l ON l.lead_id = d.lead_id
       WHERE d.status IN ('won', 'lost') AND d.closed_at IS NOT NULL`,
    );
  }
  const period = periodKeySql(contract.period, '"at"', contract.timezone);
  await db.run(`
    CREATE OR REPLACE TABLE events AS
    SELECT lead_id, stage, "at", max(reason) AS reason, ${period} AS period
    FROM (${sources.join('\nUNION ALL\n')})
    WHERE "at" <= ${asOfSql}
    GROUP BY lead_id, stage, "at"
    ORDER BY lead_id, "at", stage`);
  await db.run(`COMMENT ON TABLE events IS 'One row per distinct (lead_id, stage, at) up to as_of: stage timestamps of leads.csv, lead_events.csv, and deals (opportunity at created_at, won/lost at closed_at). Instants are UTC; period is the contract period of at in its time zone.'`);

  await db.run(`
    CREATE OR REPLACE TABLE handoffs AS
    SELECT
      e.lead_id || '#' || row_number() OVER (PARTITION BY e.lead_id ORDER BY e."at")::VARCHAR AS handoff_id,
      e.lead_id,
      row_number() OVER (PARTITION BY e.lead_id ORDER BY e."at")::INTEGER AS handoff_no,
      e."at" AS mql_at,
      lead(e."at") OVER (PARTITION BY e.lead_id ORDER BY e."at") AS next_mql_at,
      e.period,
      l.source, l.segment, l.owner
    FROM events e JOIN stg_leads l USING (lead_id)
    WHERE e.stage = 'mql'
    ORDER BY e.lead_id, e."at"`);
  await db.run(`COMMENT ON TABLE handoffs IS 'One row per mql event (a re-qualified lead starts a new handoff). A handoff belongs to the period of its mql_at; next_mql_at bounds which later events and activities are its own.'`);
}
