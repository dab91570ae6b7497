import type { Contract } from '../contract/schema.ts';
import { ident, type Db } from '../db.ts';
import { UserError } from '../errors.ts';
import { fold } from '../ingest/enums.ts';
import { KIND_COLUMNS } from '../ingest/columns.ts';
import { localDaySql } from './local-days.ts';
import { fieldResolver, ruleSql } from './rules-sql.ts';

/** A run whose exports and contract make no lead an MQL: every metric would be empty. */
export class NoMqlError extends UserError {
  override name = 'NoMqlError';
}

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
 * When the exports hold no MQL at all (no `mql_at` value, no `mql` lead event), the contract's
 * `mql.when` rule and `mql.score_at_least` make a lead an MQL at its `mql.at` column (else its
 * `created_at`); when they make none either, the run stops with NoMqlError.
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

  await addRuleMqls(db, contract, asOfSql);
  await db.run(
    `COMMENT ON TABLE events IS 'One row per distinct (lead_id, stage, at) up to as_of: stage timestamps of leads.csv, lead_events.csv, and deals (opportunity at created_at, won/lost at closed_at); with no MQL in the exports, mql.score_at_least makes leads MQLs at created_at. Orphans are left out. Instants are UTC; period is the contract period of at in its time zone.'`,
  );
}

/** Words in a lead column's name that say it holds a status, stage, label or score. */
const STATUS_LIKE = /status|stage|estagio|etapa|fase|lifecycle|label|etiqueta|score|scoring|pontuacao|qualif/;

/**
 * The contract's MQL rule (`mql.when` or `mql.score_at_least`) applied when the exports carry no
 * MQL: matching leads become MQLs at `mql.at`, else at `created_at`. Stops with NoMqlError when
 * neither the exports nor the rule yield a single MQL, whatever the as-of.
 */
async function addRuleMqls(db: Db, contract: Contract, asOfSql: string): Promise<void> {
  const exported = await db.one<{ n: number }>(
    `SELECT (SELECT count(*) FROM stg_leads WHERE mql_at IS NOT NULL)::INTEGER
       + ${(await tableExists(db, 'stg_lead_events')) ? `(SELECT count(*) FROM stg_lead_events WHERE stage = 'mql')` : '0'}::INTEGER AS n`,
  );
  if (exported.n > 0) return;
  const { score_at_least: threshold, when, at } = contract.mql;
  const tests: string[] = [];
  if (threshold !== null) tests.push(`l.score >= ${threshold}`);
  if (when !== undefined) {
    const fields = await fieldResolver(db, 'l');
    const icp = contract.icp === undefined ? 'false' : ruleSql(contract.icp, fields, 'icp', 'false');
    tests.push(ruleSql(when, fields, 'mql.when', icp));
  }
  let matched = 0;
  if (tests.length > 0) {
    const type = KIND_COLUMNS.leads.columns[at];
    if (type !== undefined && type.kind !== 'timestamp') {
      throw new UserError(`sla.yaml sets mql.at to "${at}", which is not a date column of leads. Name a date column (such as created_at), or leave mql.at out.`);
    }
    const dated = `coalesce(l.${ident(type === undefined ? 'mql_rule_at' : at)}, l.created_at)`;
    const matches = `FROM stg_leads l WHERE (${tests.join(' OR ')})`;
    matched = (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n ${matches}`)).n;
    const day = await localDaySql(db, contract, dated);
    await db.run(`
      INSERT INTO events
      SELECT l.lead_id, 'mql', ${dated}, NULL, ${day.period}
      ${matches} AND ${dated} <= ${asOfSql}
      ORDER BY l.lead_id`);
  }
  if (matched === 0) throw new NoMqlError(await noMqlMessage(db, contract));
}

/** The zero-MQL sentence, with the lead columns that look like a status, stage or score and their most frequent values. */
async function noMqlMessage(db: Db, contract: Contract): Promise<string> {
  const fields = await fieldResolver(db, 'l');
  const keys = (await db.all<{ k: string }>(`SELECT DISTINCT unnest(json_keys(attributes)) AS k FROM stg_leads WHERE attributes IS NOT NULL ORDER BY k`)).map((r) => r.k);
  const candidates = [...keys, 'score'].filter((c) => STATUS_LIKE.test(fold(c)));
  const lines: string[] = [];
  for (const column of candidates) {
    const rows = await db.all<{ v: string; n: number }>(
      `SELECT CAST(${fields.sql(column, 'mql')} AS VARCHAR) AS v, count(*)::INTEGER AS n FROM stg_leads l
       WHERE ${fields.sql(column, 'mql')} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT 5`,
    );
    if (rows.length > 0) lines.push(`  ${column}: ${rows.map((r) => `${r.v} (${r.n})`).join(', ')}`);
  }
  const set = [
    contract.mql.when === undefined ? null : 'mql.when',
    contract.mql.score_at_least === null ? null : `mql.score_at_least (${contract.mql.score_at_least})`,
  ].filter((x) => x !== null);
  return (
    `No lead is an MQL: the leads export has no MQL date (mql_at) and there are no mql rows in lead_events.csv` +
    `${set.length === 0 ? '' : `, and sla.yaml's ${set.join(' and ')} match${set.length === 1 ? 'es' : ''} no lead`}. ` +
    'Say in sla.yaml which leads are MQLs: mql.when, a rule over lead columns (for instance {field: "Lead Status", in: [Marketing Qualified]}), ' +
    'with mql.at, the column that dates it (created_at when left out); or mql.score_at_least. ' +
    (lines.length === 0
      ? 'No lead column looks like a status, stage or score.'
      : `Lead columns that look like a status, stage or score, with their most frequent values:\n${lines.join('\n')}`)
  );
}
