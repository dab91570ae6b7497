import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContract } from '../../pipeline/contract/load.ts';
import { Db } from '../../pipeline/db.ts';
import { explainSql } from '../../pipeline/explain-sql.ts';
import { ingest } from '../../pipeline/ingest/ingest.ts';
import { buildModel, MODEL_SOURCES, modelSteps, runVariables } from '../../pipeline/model/build-model.ts';
import { readModelFile, readModelFiles, type ModelFile } from '../../pipeline/model/model-files.ts';
import { DataTestFailure, ModelFileError, orderModels, runDataTests, runModels, type ModelStep } from '../../pipeline/model/run-models.ts';
import { leadUpdate } from '../../pipeline/model/update-model.ts';
import { silentLogger } from '../../pipeline/steps.ts';

// The model runner: files ordered by their depends_on lines (a cycle or a dependency nothing
// builds stops at load), data tests that stop the build with the offending value, and the SQL
// `pipeline sql` prints, which must run.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Writes model files (name → [header lines, select, yml?]) into a fresh folder and reads them. */
function files(models: Record<string, { depends?: string; materialized?: string; select: string; yml?: string }>): ModelFile[] {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-models-'));
  dirs.push(dir);
  for (const [name, m] of Object.entries(models)) {
    writeFileSync(
      join(dir, `${name}.sql`),
      `-- grain: one row per ${name}.\n-- depends_on: ${m.depends ?? ''}\n-- materialized: ${m.materialized ?? 'table'}\n--\n-- A test model.\n${m.select}\n`,
    );
    if (m.yml) writeFileSync(join(dir, `${name}.yml`), m.yml);
  }
  return readModelFiles(dir);
}

const steps = (fs: ModelFile[]): ModelStep[] => fs.map((file) => ({ kind: 'file', file }));
const names = (ss: ModelStep[]) => ss.map((s) => (s.kind === 'file' ? s.file.name : s.code.name));

describe('orderModels', () => {
  it('runs every model after what it depends on, whatever the file order', () => {
    // Files are read alphabetically: a_report needs c_middle, which needs b_base.
    const fs = files({
      a_report: { depends: 'c_middle', select: 'SELECT * FROM c_middle' },
      b_base: { depends: 'src', select: 'SELECT * FROM src' },
      c_middle: { depends: 'b_base, src', select: 'SELECT * FROM b_base' },
    });
    expect(names(orderModels(steps(fs), ['src']))).toEqual(['b_base', 'c_middle', 'a_report']);
  });

  it('stops at load on a cycle, naming it', () => {
    const fs = files({
      a: { depends: 'c', select: 'SELECT 1' },
      b: { depends: 'a', select: 'SELECT 1' },
      c: { depends: 'b', select: 'SELECT 1' },
    });
    expect(() => orderModels(steps(fs), [])).toThrow(ModelFileError);
    expect(() => orderModels(steps(fs), [])).toThrow('The models depend on each other in a cycle: a → c → b → a. Remove one of these depends_on entries.');
  });

  it('stops at load on a dependency nothing builds, naming the file and what exists', () => {
    const fs = files({ handoffs: { depends: 'handoff_bse', select: 'SELECT 1' }, handoff_base: { select: 'SELECT 1' } });
    expect(() => orderModels(steps(fs), ['stg_leads'])).toThrow(
      /handoffs\.sql depends on "handoff_bse", which no model builds and no input provides\. Correct its depends_on line; the model builds handoff_base, handoffs\./,
    );
  });

  it('orders the real model: events before handoffs, the views last, every dependency declared', () => {
    const order = names(modelSteps());
    for (const [before, after] of [['lead_rules', 'events'], ['events', 'calendar'], ['calendar', 'handoff_base'], ['handoff_cadence', 'handoffs'], ['handoffs', 'attempts']]) {
      expect(order.indexOf(before!), `${before} before ${after}`).toBeLessThan(order.indexOf(after!));
    }
    expect(MODEL_SOURCES).toEqual(['stg_leads']);
  });
});

describe('data tests', () => {
  it('stop the build on a duplicate key, a null, a value outside the list and a dangling reference, with the value', async () => {
    const db = await Db.open(':memory:');
    try {
      await db.run(`CREATE TABLE leads AS SELECT * FROM (VALUES ('L1'), ('L2')) t(lead_id)`);
      const ctx = { db, contract: loadContract('sla.yaml').contract, asOf: '2026-10-31T00:00:00Z' };
      const run = (select: string, yml: string) => runModels(ctx, steps(files({ broken: { depends: 'leads', select, yml } })), {});
      const yml = (tests: string) => `columns:\n  id:\n    description: The id.\n    tests: ${tests}\n`;

      await expect(run(`SELECT * FROM (VALUES ('L1#1'), ('L1#1'), ('L2#1')) t(id)`, yml('[unique]'))).rejects.toThrow(DataTestFailure);
      await expect(run(`SELECT * FROM (VALUES ('L1#1'), ('L1#1'), ('L2#1')) t(id)`, yml('[unique]'))).rejects.toThrow(
        /^data test failed: broken: \(id\) not unique: "L1#1" on 2 rows \(.*broken\.yml\)$/,
      );
      await expect(run(`SELECT * FROM (VALUES ('a'), (NULL), (NULL)) t(id)`, yml('[not_null]'))).rejects.toThrow('broken: id is null on 2 rows');
      await expect(run(`SELECT * FROM (VALUES ('sal'), ('won!')) t(id)`, yml('[{accepted_values: [sal, won]}]'))).rejects.toThrow(
        'broken: id = "won!" on 1 rows, not an accepted value',
      );
      await expect(run(`SELECT * FROM (VALUES ('L1'), ('L9')) t(id)`, yml('[{relationships: {to: leads, field: lead_id}}]'))).rejects.toThrow(
        'broken: id = "L9" on 1 rows has no leads.lead_id',
      );
      // The same tests pass on a sound table.
      await run(`SELECT * FROM (VALUES ('L1'), ('L2')) t(id)`, yml('[unique, not_null, {accepted_values: [L1, L2]}, {relationships: {to: leads, field: lead_id}}]'));
    } finally {
      db.close();
    }
  });

  it('stop the build when a sidecar describes a column the model does not build, naming the sidecar', async () => {
    const db = await Db.open(':memory:');
    try {
      const ctx = { db, contract: loadContract('sla.yaml').contract, asOf: '2026-10-31T00:00:00Z' };
      const yml = 'columns:\n  id:\n    description: The id.\n  ghost:\n    description: Renamed away.\n';
      await expect(runModels(ctx, steps(files({ broken: { select: `SELECT 'a' AS id`, yml } })), {})).rejects.toThrow(
        /broken\.yml describes a column its model does not build: .*"ghost"/,
      );
    } finally {
      db.close();
    }
  });

  it('guard the real handoffs: a duplicated handoff row fails its unique test', async () => {
    const dir = join(import.meta.dirname, '../fixtures/metrics/attempts');
    const { contract } = loadContract(join(dir, 'sla.yaml'));
    const db = await Db.open(':memory:');
    try {
      await ingest(db, silentLogger, dir, contract);
      await buildModel(db, contract, '2018-11-07T12:00:00Z');
      const handoffs = readModelFile(join(import.meta.dirname, '../../pipeline/model/sql/handoffs.sql'));
      const variables = runVariables(contract, '2018-11-07T12:00:00Z');
      await runDataTests(db, handoffs, variables);
      // Break the stored rows as a wrong join would: one handoff twice.
      await db.run(`INSERT INTO handoff_facts SELECT * FROM handoff_facts WHERE handoff_id = (SELECT min(handoff_id) FROM handoff_facts)`);
      await expect(runDataTests(db, handoffs, variables)).rejects.toThrow(/^data test failed: handoffs: \(handoff_id\) not unique: "T1#1" on 2 rows/);
    } finally {
      db.close();
    }
  });
});

describe('pipeline sql', () => {
  it('prints staging per input and the model in run order, and the printed SQL rebuilds the same handoffs', async () => {
    const dir = join(import.meta.dirname, '../fixtures/metrics/attempts');
    const config = join(dir, 'sla.yaml');
    const text = await explainSql({ input: dir, config, asOf: '2018-11-07T12:00:00Z' }, silentLogger, new Date('2018-11-08T00:00:00Z'));
    const headings = text.split('\n').filter((l) => l.startsWith('-- ===== ')).map((l) => l.slice(9).split(':')[0]);
    expect(headings).toEqual([
      'staging', 'staging', 'staging', 'staging',
      'variables', 'optional_inputs', 'local_dates', 'lead_rules', 'activities', 'events', 'calendar',
      'handoff_lead', 'handoff_base', 'handoff_stages', 'handoff_cadence', 'handoff_facts', 'handoffs',
      'handoff_activities', 'attempts', 'handoff_events',
    ]);
    // The zone's wall-clock conversion is written once, not once per timestamp column.
    expect(text.match(/CREATE OR REPLACE TEMP MACRO contract_zone_to_utc/g)).toHaveLength(1);
    expect(text.match(/DATE '2018-11-04'/g)).toHaveLength(1); // a São Paulo change day: listed once, in the macro
    expect(text).toContain("SET VARIABLE as_of = '2018-11-07 12:00:00'::TIMESTAMP;");
    expect(text).not.toContain('SELECT * FROM stg_deals'); // no deals export: input_deals holds no rows
    expect(text).toContain('CREATE OR REPLACE VIEW "input_deals" AS SELECT NULL::INTEGER AS source_line');

    // Against a warehouse with the staged raw files and the calendar (written by code), the
    // printed script (staging included) rebuilds every model table with the same rows.
    const { contract } = loadContract(config);
    const db = await Db.open(':memory:');
    try {
      await ingest(db, silentLogger, dir, contract);
      await buildModel(db, contract, '2018-11-07T12:00:00Z');
      const hash = async () =>
        (await db.one<{ h: string }>(`SELECT md5(string_agg(h::VARCHAR, '|' ORDER BY handoff_id)) || count(*) AS h FROM handoffs h`)).h;
      const before = await hash();
      await db.run('DROP VIEW attempts; DROP VIEW handoff_activities; DROP VIEW handoff_events; DROP VIEW handoffs; DROP TABLE handoff_facts; DROP TABLE events');
      await db.run(text);
      expect(await hash()).toBe(before);
      expect((await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM attempts`)).n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});

describe('the model update for grown activities', () => {
  it('builds again the stored steps below activities and the temporary tables they read, over per-lead copies of what else they read', () => {
    const leadRelations = new Set(['activities', 'events', 'lead_rules', 'handoff_facts', 'handoffs', 'stg_leads']);
    expect(leadUpdate(modelSteps(), ['activities'], (r) => leadRelations.has(r))).toEqual({
      perLead: ['handoff_lead', 'handoff_base', 'handoff_stages', 'handoff_cadence', 'handoff_facts'], // in run order
      kept: ['events'],
      // calendar and local_date are the same for every lead, so they are read whole
      restricted: ['activities', 'events', 'lead_rules'],
    });
  });

  it('refuses a code step below a grown input, whose rows are not per lead', () => {
    const code: ModelStep = { kind: 'code', code: { name: 'scores', builds: ['scores'], relations: [], dependsOn: ['input_activities'], grain: 'one row per lead', statements: async () => [] }, docs: [] };
    expect(() => leadUpdate([code], ['activities'], () => true)).toThrow('model update: code step scores reads a grown input');
  });
});
