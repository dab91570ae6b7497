import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

// The model as files: `sql/<table>.sql` builds the relation it is named after, its header says the
// grain, what it reads and how it is stored, and `sql/<table>.yml` beside it (optional) documents
// the columns and lists the data tests run on every build, dbt style:
//
//   -- grain: one row per handoff: an mql event of a lead.
//   -- depends_on: handoff_base, handoff_stages, calendar
//   -- materialized: table            (table | temp | view)
//   --
//   -- Free text, kept with the grain as the relation's COMMENT in the warehouse.
//   SELECT …                           (one SELECT; contract values as getvariable('name'))

/** The folder holding the model's `.sql` and `.yml` files. */
export const MODEL_SQL_DIR = join(import.meta.dirname, 'sql');

/** How a model is stored: a warehouse table, a temporary table of the build (dropped once read), or a view. */
export type Materialized = 'table' | 'temp' | 'view';

/** One data test of a model, as written in its `.yml`. */
export type DataTest =
  | { kind: 'unique'; columns: string[] }
  | { kind: 'not_null'; column: string }
  | { kind: 'accepted_values'; column: string; values: string[] | { variable: string } }
  | { kind: 'relationships'; column: string; to: string; field: string };

/** One `sql/<name>.sql` with its header and sidecar: a relation of the model. */
export interface ModelFile {
  name: string;
  path: string;
  grain: string;
  description: string;
  dependsOn: string[];
  materialized: Materialized;
  /** The SELECT, without the header. */
  select: string;
  /** Column docs from the sidecar, in its order. */
  columns: Array<{ name: string; description: string }>;
  tests: DataTest[];
}

const testSchema = z.union([
  z.literal('unique'),
  z.literal('not_null'),
  z.strictObject({ accepted_values: z.union([z.array(z.string()).min(1), z.strictObject({ variable: z.string() })]) }),
  z.strictObject({ relationships: z.strictObject({ to: z.string(), field: z.string() }) }),
]);

const sidecarSchema = z.strictObject({
  // Another relation's column docs (not its tests), but the columns listed in except: for a table a view reads whole.
  columns_of: z.strictObject({ relation: z.string(), except: z.array(z.string()) }).optional(),
  columns: z.record(z.string(), z.strictObject({ description: z.string().min(1), tests: z.array(testSchema).optional() })).optional(),
  tests: z.array(z.strictObject({ unique: z.array(z.string()).min(1) })).optional(),
});

/** A model file that cannot be read as one: a bug of the repository, never of a user's input. */
function malformed(path: string, problem: string): Error {
  return new Error(`${path}: ${problem}`);
}

/** Reads one model from its `.sql` file (and its `.yml` sidecar when there is one). */
export function readModelFile(path: string): ModelFile {
  const name = path.replace(/^.*[\\/]/, '').replace(/\.sql$/, '');
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const headerEnd = lines.findIndex((l) => !l.startsWith('--'));
  const header = lines.slice(0, headerEnd === -1 ? lines.length : headerEnd).map((l) => l.replace(/^-- ?/, ''));
  const field = (key: string) => {
    const line = header.find((l) => l.startsWith(`${key}:`));
    if (line === undefined) throw malformed(path, `the header has no "-- ${key}:" line.`);
    return line.slice(key.length + 1).trim();
  };
  const grain = field('grain');
  const dependsOn = field('depends_on').split(',').map((d) => d.trim()).filter((d) => d !== '');
  const materialized = field('materialized');
  if (materialized !== 'table' && materialized !== 'temp' && materialized !== 'view') {
    throw malformed(path, `materialized is "${materialized}"; it must be table, temp or view.`);
  }
  const description = header
    .filter((l) => !/^(grain|depends_on|materialized):/.test(l))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const select = lines.slice(headerEnd).join('\n').trim().replace(/;$/, '');
  if (select === '') throw malformed(path, 'it has a header but no SELECT.');

  const sidecarPath = path.replace(/\.sql$/, '.yml');
  const { columns, tests } = existsSync(sidecarPath) ? readSidecar(sidecarPath) : { columns: [], tests: [] };
  return { name, path, grain, description, dependsOn, materialized, select, columns, tests };
}

/** A `.yml` sidecar's column docs and data tests. */
function readSidecar(path: string): Pick<ModelFile, 'columns' | 'tests'> {
  const columns: ModelFile['columns'] = [];
  const tests: DataTest[] = [];
  const parsed = sidecarSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw malformed(path, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const inherited = parsed.data.columns_of;
  if (inherited !== undefined) {
    const from = join(dirname(path), `${inherited.relation}.yml`);
    if (!existsSync(from)) throw malformed(path, `columns_of names ${inherited.relation}, which has no sidecar ${from}.`);
    const theirs = readSidecar(from).columns;
    const unknown = inherited.except.filter((c) => !theirs.some((t) => t.name === c));
    if (unknown.length > 0) throw malformed(path, `columns_of.except lists ${unknown.join(', ')}, which ${from} does not describe.`);
    columns.push(...theirs.filter((c) => !inherited.except.includes(c.name)));
  }
  for (const [column, doc] of Object.entries(parsed.data.columns ?? {})) {
    columns.push({ name: column, description: doc.description });
    for (const test of doc.tests ?? []) {
      if (test === 'unique') tests.push({ kind: 'unique', columns: [column] });
      else if (test === 'not_null') tests.push({ kind: 'not_null', column });
      else if ('accepted_values' in test) tests.push({ kind: 'accepted_values', column, values: test.accepted_values });
      else tests.push({ kind: 'relationships', column, ...test.relationships });
    }
  }
  for (const test of parsed.data.tests ?? []) tests.push({ kind: 'unique', columns: test.unique });
  return { columns, tests };
}

/** The column docs of a relation a code step builds (code-models.ts): `sql/<relation>.yml` with no `.sql` beside it. */
export interface RelationDocs {
  name: string;
  path: string;
  columns: ModelFile['columns'];
}

/**
 * The sidecars of a folder that document a relation built by code, by name. They hold column
 * docs only: the runner runs data tests after file models, so a test here would never run.
 */
export function readCodeModelDocs(dir: string = MODEL_SQL_DIR): RelationDocs[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml') && !existsSync(join(dir, f.replace(/\.yml$/, '.sql'))))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      const { columns, tests } = readSidecar(path);
      if (tests.length > 0) throw malformed(path, 'it documents a relation built by code, which runs no data tests; move the tests to a model file.');
      return { name: f.replace(/\.yml$/, ''), path, columns };
    });
}

/** Every model of a folder, by file name. */
export function readModelFiles(dir: string = MODEL_SQL_DIR): ModelFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => readModelFile(join(dir, f)));
}
