import type { Contract } from '../contract/schema.ts';
import type { Db } from '../db.ts';
import { UserError } from '../errors.ts';
import { fold } from '../ingest/enums.ts';
import { fieldResolver } from './rules-sql.ts';

// What the model needs to know of the staged inputs before it runs (model files: pipeline/model/sql).

/** A run whose exports and contract make no lead an MQL: every metric would be empty. */
export class NoMqlError extends UserError {
  override name = 'NoMqlError';
}

/** Whether a table exists in the warehouse (optional inputs have no `stg_*` table). */
export async function tableExists(db: Db, name: string): Promise<boolean> {
  const row = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = $1`, [name]);
  return row.n > 0;
}

/** Words in a lead column's name that say it holds a status, stage, label or score. */
const STATUS_LIKE = /status|stage|estagio|etapa|fase|lifecycle|label|etiqueta|score|scoring|pontuacao|qualif/;

/** The zero-MQL sentence, with the lead columns that look like a status, stage or score and their most frequent values. */
export async function noMqlMessage(db: Db, contract: Contract): Promise<string> {
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
