import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../pipeline/contract/load.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest } from '../../pipeline/ingest/ingest.ts';
import { buildModel, modelSteps } from '../../pipeline/model/build-model.ts';
import { MODEL_SQL_DIR, readCodeModelDocs } from '../../pipeline/model/model-files.ts';
import { silentLogger } from '../../pipeline/steps.ts';

// Every column of every relation the model leaves in the warehouse (the tables and views of
// pipeline/model/sql/*.sql and those the code steps write) has a description in its `.yml`
// sidecar, and no sidecar describes a column that is not there: a column added to a `.sql` file
// without a doc line, or renamed, fails here. Checked against the warehouse a small fixture builds.

const FIXTURE = join(import.meta.dirname, '../fixtures/metrics/attempts');

let db: Db;
beforeAll(async () => {
  const { contract } = loadContract(join(FIXTURE, 'sla.yaml'));
  db = await Db.open(':memory:');
  await ingest(db, silentLogger, FIXTURE, contract);
  await buildModel(db, contract, '2018-11-07T12:00:00Z');
});
afterAll(() => db.close());

/** Each relation of the model that stays in the warehouse, with its sidecar and the columns it documents. */
function documentedRelations(): Array<{ name: string; sidecar: string; columns: string[] }> {
  return modelSteps().flatMap((step) => {
    if (step.kind === 'file') {
      if (step.file.materialized === 'temp') return [];
      return [{ name: step.file.name, sidecar: step.file.path.replace(/\.sql$/, '.yml'), columns: step.file.columns.map((c) => c.name) }];
    }
    return step.code.relations.map((name) => {
      const docs = step.docs.find((d) => d.name === name);
      return { name, sidecar: docs?.path ?? join(MODEL_SQL_DIR, `${name}.yml`), columns: docs?.columns.map((c) => c.name) ?? [] };
    });
  });
}

describe('model column docs', () => {
  it('describe every column of every model table and view, and no column that does not exist', async () => {
    const relations = documentedRelations();
    // The whole model, files and code: a relation left out of this list would go unchecked.
    expect(relations.map((r) => r.name).sort()).toEqual([
      'activities', 'attempts', 'calendar_business_days', 'calendar_holidays', 'calendar_openings',
      'events', 'handoff_activities', 'handoff_events', 'handoff_facts', 'handoffs', 'lead_rules', 'zone_offsets',
    ]);
    const problems: string[] = [];
    for (const r of relations) {
      const built = (
        await db.all<{ name: string }>(`SELECT column_name AS name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`, [r.name])
      ).map((c) => c.name);
      const where = relative(process.cwd(), r.sidecar);
      if (built.length === 0) problems.push(`${r.name} is not in the warehouse the model built`);
      for (const c of built.filter((c) => !r.columns.includes(c))) problems.push(`${where}: ${r.name}.${c} has no description`);
      for (const c of r.columns.filter((c) => !built.includes(c))) problems.push(`${where}: describes ${r.name}.${c}, which the model does not build`);
    }
    expect(problems).toEqual([]);
  });

  it('come from sidecars that each document a relation the model builds', () => {
    const codeRelations = modelSteps().flatMap((s) => (s.kind === 'code' ? s.code.relations : []));
    for (const docs of readCodeModelDocs()) expect(codeRelations, `${docs.path} documents no relation a code step writes`).toContain(docs.name);
  });
});
