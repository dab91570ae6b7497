import { relative } from 'node:path';
import type { Contract } from '../contract/schema.ts';
import { ident, literal, timestampLiteral, type Db } from '../db.ts';
import { UserError } from '../errors.ts';
import type { DataTest, ModelFile, RelationDocs } from './model-files.ts';

// Runs the model: its steps (the `.sql` files and the few steps written in code) in the order
// their declared dependencies give, each followed by its data tests, with the contract's values
// as DuckDB variables (`SET VARIABLE as_of = …`, read as `getvariable('as_of')`).

/** What a step of the model built in code sees. */
export interface ModelContext {
  db: Db;
  contract: Contract;
  /** The run's cut-off, UTC ISO. */
  asOf: string;
}

/**
 * A step built by code, not a file: the inputs' stand-ins, the contract's rules compiled to SQL,
 * the zone's local dates, the business calendar. It names what it builds and what it reads, like
 * a file's header, so one ordering covers both.
 */
export interface CodeModel {
  name: string;
  /** The names it creates (tables, views, macros, or one name for a group), as `depends_on` lines give them. */
  builds: string[];
  /** The tables and views it writes that are part of the warehouse, each documented in `sql/<relation>.yml`. */
  relations: string[];
  dependsOn: string[];
  grain: string;
  /** The SQL it runs, generated for this contract and these inputs (printed by `pipeline sql`). */
  statements(ctx: ModelContext): Promise<string[]>;
  /** For a step that cannot be SQL text (the calendar is appended row by row): runs it after `statements`. */
  build?: (ctx: ModelContext) => Promise<void>;
}

/** One step of the model, in the order the runner takes. */
export type ModelStep = { kind: 'file'; file: ModelFile } | { kind: 'code'; code: CodeModel; docs: RelationDocs[] };

/** A model file whose header does not fit the others (a missing dependency, a cycle, two builders of one name). */
export class ModelFileError extends UserError {
  override name = 'ModelFileError';
}

/** A data test of the model that failed: the model SQL is wrong (its inputs were validated by ingest), so this is a bug. */
export class DataTestFailure extends Error {
  override name = 'DataTestFailure';
}

const stepName = (s: ModelStep) => (s.kind === 'file' ? s.file.name : s.code.name);
const stepBuilds = (s: ModelStep) => (s.kind === 'file' ? [s.file.name] : s.code.builds);
const stepDependsOn = (s: ModelStep) => (s.kind === 'file' ? s.file.dependsOn : s.code.dependsOn);
const stepWhere = (s: ModelStep) => (s.kind === 'file' ? s.file.path : `the ${s.code.name} step (pipeline/model/code-models.ts)`);

/**
 * The steps in dependency order: each after every step building what it depends on; among steps
 * ready together, the order given. `sources` are relations that exist before the model (staged
 * inputs). A dependency nothing builds, two steps building one name, or a cycle is an error.
 */
export function orderModels(steps: ModelStep[], sources: readonly string[]): ModelStep[] {
  const builder = new Map<string, ModelStep>();
  for (const step of steps) {
    for (const name of stepBuilds(step)) {
      const other = builder.get(name);
      if (other !== undefined || sources.includes(name)) {
        throw new ModelFileError(`${stepWhere(step)} builds "${name}", which ${other ? `${stepWhere(other)} builds too` : 'is an input of the model'}. Rename one of them.`);
      }
      builder.set(name, step);
    }
  }
  for (const step of steps) {
    for (const dep of stepDependsOn(step)) {
      if (!builder.has(dep) && !sources.includes(dep)) {
        throw new ModelFileError(
          `${stepWhere(step)} depends on "${dep}", which no model builds and no input provides. ` +
            `Correct its depends_on line; the model builds ${[...builder.keys()].sort().join(', ')}.`,
        );
      }
    }
  }
  const done = new Set<ModelStep>();
  const ordered: ModelStep[] = [];
  const ready = (s: ModelStep) => stepDependsOn(s).every((d) => sources.includes(d) || done.has(builder.get(d)!));
  while (ordered.length < steps.length) {
    const next = steps.find((s) => !done.has(s) && ready(s));
    if (next === undefined) {
      throw new ModelFileError(`The models depend on each other in a cycle: ${cycleOf(steps.filter((s) => !done.has(s)), builder).join(' → ')}. Remove one of these depends_on entries.`);
    }
    done.add(next);
    ordered.push(next);
  }
  return ordered;
}

/** One cycle among steps that can never be ready, as step names (first = last). */
function cycleOf(left: ModelStep[], builder: Map<string, ModelStep>): string[] {
  const path: ModelStep[] = [];
  let step = left[0]!;
  while (!path.includes(step)) {
    path.push(step);
    step = stepDependsOn(step).map((d) => builder.get(d)).find((s): s is ModelStep => s !== undefined && left.includes(s))!;
  }
  return [...path.slice(path.indexOf(step)), step].map(stepName);
}

/** The contract's values the model files read with getvariable(), as SQL expressions. */
export function modelVariables(contract: Contract, asOf: string, activityTypes: readonly string[]): Record<string, string> {
  const list = (values: readonly string[]) => `[${values.map(literal).join(', ')}]::VARCHAR[]`;
  return {
    as_of: timestampLiteral(asOf),
    acceptance_within_minutes: `${contract.acceptance_within}::DOUBLE`,
    cadence_window_days: `${contract.cadence.window_days}::INTEGER`,
    cadence_min_attempts: `${contract.cadence.min_attempts}::INTEGER`,
    cadence_max_attempts_per_day: `${contract.cadence.max_attempts_per_day}::INTEGER`,
    attempt_types: list(contract.cadence.attempt_types),
    ends_on: list(contract.cadence.ends_on),
    tier_names: list(contract.tiers.map((t) => t.name)),
    activity_types: list(activityTypes),
  };
}

/** `SET VARIABLE` statements for the variables. */
export function setVariables(variables: Record<string, string>): string[] {
  return Object.entries(variables).map(([name, value]) => `SET VARIABLE ${name} = ${value}`);
}

/**
 * The statements that build a model file. A view is read later, by analysts, without this run's
 * variables, so its getvariable() calls are replaced by their values; tables read them as they run.
 */
export function fileStatements(file: ModelFile, variables: Record<string, string>): string[] {
  const target = ident(file.name);
  if (file.materialized === 'temp') return [`CREATE OR REPLACE TEMP TABLE ${target} AS\n${file.select}`];
  const comment = `COMMENT ON ${file.materialized === 'view' ? 'VIEW' : 'TABLE'} ${target} IS ${literal(`${capitalise(file.grain)} ${file.description}`.trim())}`;
  const columns = columnComments(file.name, file.columns);
  if (file.materialized === 'table') return [`CREATE OR REPLACE TABLE ${target} AS\n${file.select}`, comment, ...columns];
  return [`CREATE OR REPLACE VIEW ${target} AS\n${inlineVariables(file, variables)}`, comment, ...columns];
}

/** The statements that keep a relation's column docs as COMMENTs in the warehouse (read back by analysts' tools and warehouse-types). */
export function columnComments(relation: string, columns: ModelFile['columns']): string[] {
  return columns.map((c) => `COMMENT ON COLUMN ${ident(relation)}.${ident(c.name)} IS ${literal(c.description)}`);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function inlineVariables(file: ModelFile, variables: Record<string, string>): string {
  return file.select.replace(/getvariable\('([a-z_]+)'\)/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new ModelFileError(`${file.path} reads getvariable('${name}'), which the model does not set. The variables are ${Object.keys(variables).join(', ')}.`);
    return `(${value})`;
  });
}

/**
 * Drops a relation of the file's name stored as the other kind (a view where the file now builds
 * a table, or the reverse), as a warehouse from a version that stored it so may hold: CREATE OR
 * REPLACE does not replace across kinds.
 */
export async function dropOtherKind(db: Db, file: ModelFile): Promise<void> {
  if (file.materialized === 'temp') return;
  const other = file.materialized === 'view' ? 'TABLE' : 'VIEW';
  const catalog = other === 'TABLE' ? 'duckdb_tables()' : 'duckdb_views()';
  const name = other === 'TABLE' ? 'table_name' : 'view_name';
  const found = await db.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${catalog} WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary AND ${name} = $1`,
    [file.name],
  );
  if (found.n > 0) await db.run(`DROP ${other} ${ident(file.name)}`);
}

/** One step's statements as run, for `pipeline sql`: where they come from and what they build. */
export interface RanStep {
  name: string;
  /** The file, or the code that wrote the statements. */
  from: string;
  grain: string;
  statements: string[];
  /** Set when code also built something no statement shows (the calendar, appended row by row). */
  builtByCode: boolean;
}

/** Runs a statement of a step; a column comment that fails names the sidecar describing a column the step does not build. */
async function runDocumented(db: Db, statement: string, sidecar: string): Promise<void> {
  try {
    await db.run(statement);
  } catch (error) {
    if (!statement.startsWith('COMMENT ON COLUMN')) throw error;
    throw new Error(`${sidecar} describes a column its model does not build: ${(error as Error).message}`);
  }
}

/**
 * A run of the model for some leads only (update-model.ts): the steps in `perLead` build their
 * rows for the leads `leads` names, over copies of the relations they read restricted to those
 * leads, and those rows replace the leads' rows in the stored tables; the tables in `kept` are
 * not built again; views and code steps run as in a build.
 */
export interface LeadRestriction {
  /** A SQL subquery of the leads' lead_id. */
  leads: string;
  perLead: ReadonlySet<string>;
  kept: ReadonlySet<string>;
  /** The relations per-lead steps read and do not build that hold rows of leads (a lead_id column). */
  restricted: ReadonlySet<string>;
  /** The warehouse's database name, quoted: `main.x` names the temporary catalog's schema once a temporary x exists. */
  warehouse: string;
}

/**
 * Runs the steps in order with their data tests; temporary tables are dropped once every step
 * reading them has run. `record` receives each step's statements (the variables first).
 * With `restriction`, builds the given leads' rows only (see LeadRestriction).
 */
export async function runModels(
  ctx: ModelContext,
  steps: ModelStep[],
  variables: Record<string, string>,
  record: (step: RanStep) => void = () => {},
  restriction?: LeadRestriction,
): Promise<void> {
  const { db } = ctx;
  const perLead = restriction === undefined ? null : new PerLeadRun(db, restriction, variables, steps);
  const set = setVariables(variables);
  for (const statement of set) await db.run(statement);
  record({ name: 'variables', from: 'pipeline/model/run-models.ts (modelVariables)', grain: "the contract's values the model files read with getvariable()", statements: set, builtByCode: false });
  const readers = new Map<string, number>();
  for (const step of steps) for (const dep of stepDependsOn(step)) readers.set(dep, (readers.get(dep) ?? 0) + 1);
  const temps = new Set(steps.flatMap((s) => (s.kind === 'file' && s.file.materialized === 'temp' ? [s.file.name] : [])));
  for (const step of steps) {
    if (step.kind === 'code') {
      const written = await step.code.statements(ctx);
      for (const statement of written) await db.run(statement);
      await step.code.build?.(ctx);
      const comments = step.docs.flatMap((d) => columnComments(d.name, d.columns));
      for (const statement of comments) await runDocumented(db, statement, step.docs.map((d) => d.path).join(', '));
      const statements = [...written, ...comments];
      record({ name: step.code.name, from: 'pipeline/model/code-models.ts', grain: step.code.grain, statements, builtByCode: step.code.build !== undefined });
      continue;
    }
    await dropOtherKind(db, step.file);
    if (restriction?.kept.has(step.file.name)) continue;
    if (perLead !== null && restriction!.perLead.has(step.file.name)) {
      record({ name: step.file.name, from: relative(process.cwd(), step.file.path), grain: step.file.grain, statements: await perLead.run(step.file), builtByCode: false });
    } else {
      const statements = fileStatements(step.file, variables);
      for (const statement of statements) await runDocumented(db, statement, step.file.path.replace(/\.sql$/, '.yml'));
      record({ name: step.file.name, from: relative(process.cwd(), step.file.path), grain: step.file.grain, statements, builtByCode: false });
      await runDataTests(db, step.file, variables);
    }
    for (const dep of step.file.dependsOn) {
      const left = readers.get(dep)! - 1;
      readers.set(dep, left);
      if (left === 0 && temps.has(dep)) await db.run(`DROP TABLE ${ident(dep)}`);
    }
  }
  for (const temp of temps) if (readers.get(temp) === undefined) await db.run(`DROP TABLE ${ident(temp)}`);
}

/**
 * The per-lead steps of a LeadRestriction run: each builds a temporary table over temporary
 * copies of its inputs holding only the leads (temporary tables come first in name resolution, so
 * the model file reads them unchanged); after the last one, each stored table's rows of those
 * leads are replaced by the new ones, the copies are dropped, and the tables' data tests run.
 */
class PerLeadRun {
  private readonly copied = new Set<string>();
  private readonly built: ModelFile[] = [];
  private left: number;
  private readonly db: Db;
  private readonly restriction: LeadRestriction;
  private readonly variables: Record<string, string>;

  constructor(db: Db, restriction: LeadRestriction, variables: Record<string, string>, steps: ModelStep[]) {
    this.db = db;
    this.restriction = restriction;
    this.variables = variables;
    this.left = steps.filter((s) => s.kind === 'file' && restriction.perLead.has(s.file.name)).length;
  }

  /** Builds one step for the leads; returns its statements. */
  async run(file: ModelFile): Promise<string[]> {
    const { db, restriction } = this;
    const statements: string[] = [];
    for (const dep of file.dependsOn.filter((d) => restriction.restricted.has(d) && !this.copied.has(d))) {
      this.copied.add(dep);
      statements.push(`CREATE OR REPLACE TEMP TABLE ${ident(dep)} AS SELECT * FROM ${restriction.warehouse}.main.${ident(dep)} WHERE lead_id IN ${restriction.leads}`);
    }
    statements.push(...fileStatements({ ...file, materialized: 'temp' }, this.variables));
    for (const statement of statements) await db.run(statement);
    if (file.materialized === 'table') this.built.push(file);
    this.left -= 1;
    if (this.left === 0) statements.push(...(await this.finish()));
    return statements;
  }

  private async finish(): Promise<string[]> {
    const { db, restriction } = this;
    const statements: string[] = [];
    for (const file of this.built) {
      const target = `${restriction.warehouse}.main.${ident(file.name)}`;
      // Stored rows carry no order (every reader orders its own result): the leads' rows go at the end.
      statements.push(`DELETE FROM ${target} WHERE lead_id IN ${restriction.leads}`, `INSERT INTO ${target} BY NAME SELECT * FROM temp.${ident(file.name)}`, `DROP TABLE temp.${ident(file.name)}`);
    }
    statements.push(...[...this.copied].map((name) => `DROP TABLE temp.${ident(name)}`));
    for (const statement of statements) await db.run(statement);
    for (const file of this.built) await runDataTests(db, file, this.variables);
    return statements;
  }
}

/** The SQL of one data test: the offending rows, the most frequent first (none when it holds). */
export function dataTestSql(table: string, test: DataTest, variables: Record<string, string>): string {
  const t = ident(table);
  switch (test.kind) {
    case 'unique': {
      const cols = test.columns.map(ident).join(', ');
      return `SELECT ${cols}, count(*) AS n FROM ${t} GROUP BY ${cols} HAVING count(*) > 1 ORDER BY n DESC, ${cols} LIMIT 1`;
    }
    case 'not_null':
      return `SELECT count(*) AS n FROM ${t} WHERE ${ident(test.column)} IS NULL HAVING count(*) > 0`;
    case 'accepted_values': {
      const c = ident(test.column);
      const values = Array.isArray(test.values) ? `[${test.values.map(literal).join(', ')}]` : variables[test.values.variable];
      if (values === undefined) throw new Error(`accepted_values of ${table}.${test.column} names an unknown variable: ${JSON.stringify(test.values)}`);
      return `SELECT ${c}, count(*) AS n FROM ${t} WHERE ${c} IS NOT NULL AND NOT list_contains(${values}, ${c}) GROUP BY ${c} ORDER BY n DESC, ${c} LIMIT 1`;
    }
    case 'relationships': {
      const c = ident(test.column);
      return `SELECT x.${c}, count(*) AS n FROM ${t} x WHERE x.${c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${ident(test.to)} y WHERE y.${ident(test.field)} = x.${c}) GROUP BY x.${c} ORDER BY n DESC, x.${c} LIMIT 1`;
    }
  }
}

/** What a failed test says, with the offending value. */
function failure(table: string, test: DataTest, row: Record<string, unknown>): string {
  const value = (c: string) => JSON.stringify(row[c]);
  switch (test.kind) {
    case 'unique':
      return `${table}: (${test.columns.join(', ')}) not unique: ${test.columns.map(value).join(', ')} on ${row.n} rows`;
    case 'not_null':
      return `${table}: ${test.column} is null on ${row.n} rows`;
    case 'accepted_values':
      return `${table}: ${test.column} = ${value(test.column)} on ${row.n} rows, not an accepted value`;
    case 'relationships':
      return `${table}: ${test.column} = ${value(test.column)} on ${row.n} rows has no ${test.to}.${test.field}`;
  }
}

/** Runs a model's data tests; the first that finds an offending row throws DataTestFailure. */
export async function runDataTests(db: Db, file: ModelFile, variables: Record<string, string>): Promise<void> {
  for (const test of file.tests) {
    const rows = await db.all(dataTestSql(file.name, test, variables));
    if (rows.length > 0) throw new DataTestFailure(`data test failed: ${failure(file.name, test, rows[0]!)} (${file.path.replace(/\.sql$/, '.yml')})`);
  }
}
