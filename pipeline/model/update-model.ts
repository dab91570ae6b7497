import { CANONICAL_KINDS, type Contract, type InputKind } from '../contract/schema.ts';
import { ident, literal, timestampLiteral, type Db } from '../db.ts';
import { appendedLeadsTable } from '../ingest/append.ts';
import { modelSteps, runVariables } from './build-model.ts';
import { tableExists } from './events.ts';
import { runModels, type ModelStep } from './run-models.ts';

// A cron run polls exports that mostly only grow, and the activities export grows fastest. Every
// stored row of the model below `events` is a function of one lead's rows (its events, its
// activities, its rules) on the calendar and the contract, and what depends on as_of is
// evaluated in views. So when the activities file only grew and nothing else changed (the other
// inputs, the contract, the code), the previous model still holds for every lead the new rows do
// not name: those leads' handoffs are built again by the same model files, over copies of their
// inputs holding only those leads, and replace their rows; the views and the code steps (the
// calendar, the zone's days) are built again whole, as they cost little and may follow as_of.

/**
 * The inputs whose growth the update covers. Lead events and deals feed `events`, which asks
 * whether any MQL was exported at all (one answer for every lead), so they rebuild the model.
 */
const UPDATABLE_INPUTS: readonly InputKind[] = ['activities'];

/**
 * Above this share of the leads, the model is built whole. On the large set (1M leads) updating
 * took 0.7 s for 1 lead, 4.7 s for 100k, 10.1 s for 500k and 28 s for all of them, where a whole
 * build took 12.5–15 s.
 */
const MAX_UPDATED_SHARE = 0.5;

/** What a model was built from, as recorded in the warehouse. */
export interface ModelKey {
  /** The contract's sha256. */
  contract: string;
  asOf: string;
  /** CODE_VERSION of the run that built it. */
  tool: string;
}

const MODEL_KEY_TABLE = 'model_inputs';

/** Whether two keys name the same build. */
export const sameModelKey = (a: ModelKey, b: ModelKey): boolean => a.contract === b.contract && a.asOf === b.asOf && a.tool === b.tool;

/** The key the warehouse's model was built with, or null (none recorded, or not one). */
export async function readModelKey(db: Db): Promise<ModelKey | null> {
  if (!(await tableExists(db, MODEL_KEY_TABLE))) return null;
  const text = (await db.all<{ key: string }>(`SELECT key FROM ${MODEL_KEY_TABLE}`))[0]?.key;
  if (text === undefined) return null;
  try {
    const parsed = JSON.parse(text) as Partial<ModelKey>;
    return typeof parsed.contract === 'string' && typeof parsed.asOf === 'string' && typeof parsed.tool === 'string' ? { contract: parsed.contract, asOf: parsed.asOf, tool: parsed.tool } : null;
  } catch {
    return null;
  }
}

/** Records what the model now in the warehouse was built from. */
export async function recordModelKey(db: Db, key: ModelKey): Promise<void> {
  const text = JSON.stringify({ contract: key.contract, asOf: key.asOf, tool: key.tool });
  await db.run(`CREATE OR REPLACE TABLE ${MODEL_KEY_TABLE} AS SELECT ${literal(text)} AS key`);
  await db.run(`COMMENT ON TABLE ${MODEL_KEY_TABLE} IS ${literal('One row: what the model tables were built from (contract sha256, as_of, tool version); a later run with the same inputs keeps them.')}`);
}

/** The leads the grown inputs' appended rows name, as a SQL subquery. */
const changedLeads = (grown: readonly InputKind[]) => `(${grown.map((k) => `SELECT lead_id FROM ${ident(appendedLeadsTable(k))}`).join(' UNION ')})`;

/**
 * Whether the previous model (`previous`, in the warehouse) can be updated for the `grown` inputs
 * instead of rebuilt: only activities grew, for at most half of the leads, the contract and code
 * are the same, and as_of did not move back. A later as_of must bring no row into the model but the changed leads' (an earlier
 * `--as-of` may have left rows out): none of another input, and no activity of another lead.
 */
export async function canUpdateModel(db: Db, previous: ModelKey | null, current: ModelKey, grown: readonly InputKind[]): Promise<boolean> {
  if (previous === null || previous.contract !== current.contract || previous.tool !== current.tool) return false;
  if (grown.length === 0 || !grown.every((kind) => UPDATABLE_INPUTS.includes(kind))) return false;
  const share = await db.one<{ changed: number; leads: number }>(
    `SELECT (SELECT count(*) FROM ${changedLeads(grown)})::INTEGER AS changed, (SELECT count(*) FROM stg_leads)::INTEGER AS leads`,
  );
  if (share.changed > share.leads * MAX_UPDATED_SHARE) return false;
  const from = Date.parse(previous.asOf);
  const to = Date.parse(current.asOf);
  if (to < from) return false;
  if (to === from) return true;
  const window = (column: string) => `${ident(column)} > ${timestampLiteral(previous.asOf)} AND ${ident(column)} <= ${timestampLiteral(current.asOf)}`;
  const checks: string[] = [];
  for (const table of await stagedTables(db)) {
    const columns = await timestampColumns(db, table);
    if (columns.length === 0) continue;
    const any = columns.map(window).join(' OR ');
    const kind = table.slice('stg_'.length) as InputKind;
    checks.push(`SELECT 1 FROM ${ident(table)} WHERE (${any})${grown.includes(kind) ? ` AND lead_id NOT IN ${changedLeads(grown)}` : ''}`);
  }
  if (checks.length === 0) return true;
  const found = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${checks.join(' UNION ALL ')} LIMIT 1)`);
  return found.n === 0;
}

/** The staged input tables present (stg_<kind>). */
async function stagedTables(db: Db): Promise<string[]> {
  const present = await Promise.all(CANONICAL_KINDS.map(async (kind) => ((await tableExists(db, `stg_${kind}`)) ? `stg_${kind}` : null)));
  return present.filter((t): t is string => t !== null);
}

async function timestampColumns(db: Db, table: string): Promise<string[]> {
  const rows = await db.all<{ name: string }>(
    `SELECT column_name AS name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1 AND data_type = 'TIMESTAMP' ORDER BY column_index`,
    [table],
  );
  return rows.map((r) => r.name);
}

/** The steps of an update: those whose stored rows are built again per lead, those kept, and the relations the former read per lead. */
export interface LeadUpdate {
  /** Stored steps below the grown inputs' `input_<kind>` views, and every temporary table they read (dropped after the previous build). */
  perLead: string[];
  /** The other stored steps (tables and temporary tables): the previous build's hold. */
  kept: string[];
  /** Relations the per-lead steps read and do not build that hold rows of leads. */
  restricted: string[];
}

/** The update's steps for `grown` inputs; `hasLeadId` tells which relations hold lead rows. */
export function leadUpdate(steps: ModelStep[], grown: readonly InputKind[], hasLeadId: (relation: string) => boolean): LeadUpdate {
  const files = steps.flatMap((s) => (s.kind === 'file' ? [s.file] : []));
  const below = new Set(grown.map((k) => `input_${k}`));
  for (const step of steps) {
    const name = step.kind === 'file' ? step.file.name : step.code.name;
    const dependsOn = step.kind === 'file' ? step.file.dependsOn : step.code.dependsOn;
    if (!dependsOn.some((d) => below.has(d))) continue;
    // A code step's rows are not per lead; none reads activities today.
    if (step.kind === 'code') throw new Error(`model update: code step ${name} reads a grown input`);
    below.add(name);
  }
  const perLead = new Set(files.filter((f) => below.has(f.name) && f.materialized !== 'view').map((f) => f.name));
  // Steps come in dependency order: walking back adds the temporary tables of temporary tables.
  for (const file of [...files].reverse()) {
    if (!perLead.has(file.name)) continue;
    for (const dep of file.dependsOn) if (files.some((f) => f.name === dep && f.materialized === 'temp')) perLead.add(dep);
  }
  const ordered = files.filter((f) => perLead.has(f.name));
  const reads = new Set(ordered.flatMap((f) => f.dependsOn).filter((d) => !perLead.has(d)));
  return {
    perLead: ordered.map((f) => f.name),
    kept: files.filter((f) => f.materialized !== 'view' && !perLead.has(f.name)).map((f) => f.name),
    restricted: [...reads].filter(hasLeadId).sort(),
  };
}

/**
 * Updates the previous model for the leads the grown inputs' appended rows name (append.ts keeps
 * them), see above; returns how many leads, and how many rows of theirs the stored tables now hold.
 */
export async function updateModel(db: Db, contract: Contract, asOf: string, grown: readonly InputKind[]): Promise<{ leads: number; rows: number; tables: string[] }> {
  const leadRelations = new Set(
    (
      await db.all<{ name: string }>(
        `SELECT table_name AS name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND column_name = 'lead_id' ORDER BY name`,
      )
    ).map((r) => r.name),
  );
  const steps = modelSteps();
  const plan = leadUpdate(steps, grown, (r) => leadRelations.has(r));
  for (const name of plan.perLead) {
    const file = steps.find((s) => s.kind === 'file' && s.file.name === name);
    if (file?.kind === 'file' && file.file.materialized === 'table' && !leadRelations.has(name)) throw new Error(`model update: ${name} has no lead_id column`);
  }
  const leads = changedLeads(grown);
  const warehouse = ident((await db.one<{ name: string }>('SELECT current_database() AS name')).name);
  await runModels({ db, contract, asOf }, steps, runVariables(contract, asOf), undefined, {
    leads,
    perLead: new Set(plan.perLead),
    kept: new Set(plan.kept),
    restricted: new Set(plan.restricted),
    warehouse,
  });
  const tables = plan.perLead.filter((name) => steps.some((s) => s.kind === 'file' && s.file.name === name && s.file.materialized === 'table'));
  const counts = await db.one<{ leads: number; rows: number }>(
    `SELECT (SELECT count(*) FROM ${leads})::INTEGER AS leads, (${tables.map((t) => `(SELECT count(*) FROM ${ident(t)} WHERE lead_id IN ${leads})`).join(' + ')})::INTEGER AS rows`,
  );
  return { leads: counts.leads, rows: counts.rows, tables };
}
