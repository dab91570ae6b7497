import type { Contract } from '../contract/schema.ts';
import type { Db } from '../db.ts';
import { localDaySql } from './local-days.ts';

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

/** Whether a table exists in the warehouse (optional inputs have no `stg_*` table). */
export async function tableExists(db: Db, name: string): Promise<boolean> {
  const row = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = $1`, [name]);
  return row.n > 0;
}

/**
 * Builds `events`: one row per distinct (lead, stage, instant) up to `asOfSql`, from the stage
 * columns of leads.csv, lead_events.csv and deals (opportunity at created_at, won/lost at
 * closed_at). Rows of unknown leads (orphans) are left out: they belong to no handoff. Needs `zone_offsets`.
 *
 * When the exports hold no MQL at all (no `mql_at` value, no `mql` lead event) and the contract
 * sets `mql.score_at_least`, a lead whose score reaches it is an MQL at its `created_at`.
 */
export async function buildEvents(db: Db, contract: Contract, asOfSql: string): Promise<void> {
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
  const day = await localDaySql(db, contract, 'x."at"');
  await db.run(`
    CREATE OR REPLACE TABLE events AS
    SELECT x.lead_id, x.stage, x."at", x.reason, ${day.period} AS period
    FROM (
      SELECT lead_id, stage, "at", max(reason) AS reason
      FROM (${sources.join('\nUNION ALL\n')})
      WHERE "at" <= ${asOfSql}
      GROUP BY lead_id, stage, "at"
    ) x
    ORDER BY x.lead_id, x."at", x.stage`);

  const threshold = contract.mql.score_at_least;
  if (threshold !== null) {
    const mqls = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM events WHERE stage = 'mql'`);
    if (mqls.n === 0) {
      const created = await localDaySql(db, contract, 'l.created_at');
      await db.run(`
        INSERT INTO events
        SELECT l.lead_id, 'mql', l.created_at, NULL, ${created.period}
        FROM stg_leads l
        WHERE l.score >= ${threshold} AND l.created_at <= ${asOfSql}
        ORDER BY l.lead_id`);
    }
  }
  await db.run(
    `COMMENT ON TABLE events IS 'One row per distinct (lead_id, stage, at) up to as_of: stage timestamps of leads.csv, lead_events.csv, and deals (opportunity at created_at, won/lost at closed_at); with no MQL in the exports, mql.score_at_least makes leads MQLs at created_at. Orphans are left out. Instants are UTC; period is the contract period of at in its time zone.'`,
  );
}
