import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../pipeline/contract/load.ts';
import type { InputKind } from '../../pipeline/contract/schema.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest, type Ingested } from '../../pipeline/ingest/ingest.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { metricsFileSchema, type MetricRow } from '../../pipeline/schemas/snapshot.ts';
import { fixedClock, silentLogger } from '../../pipeline/steps.ts';

// tests/fixtures/presets/<tool>/ holds one small data set twice: export*/ as the tool exports it
// (its real header names, date and number formats, sla.yaml with `mapping.preset: <tool>`) and
// canonical/ in handoff's own columns. Both must stage to the same rows and give the same metrics.
// Time zone America/Sao_Paulo (UTC−3); the clock is 2026-11-01T12:00Z.

const ROOT = 'tests/fixtures/presets';
const NOW = '2026-11-01T12:00:00Z';
const work = mkdtempSync(join(tmpdir(), 'handoff-presets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Staged {
  ingested: Ingested;
  /** stg_<kind> rows in source order, canonical columns only (attributes keep the tool's own names). */
  rows: Partial<Record<InputKind, Array<Record<string, unknown>>>>;
  rejects: Partial<Record<InputKind, Array<{ line: number; reason: string }>>>;
}

async function stage(dir: string): Promise<Staged> {
  const { contract } = loadContract(join(dir, 'sla.yaml'));
  const db = await Db.open(':memory:');
  try {
    const ingested = await ingest(db, silentLogger, dir, contract, { now: new Date(NOW) });
    const rows: Staged['rows'] = {};
    const rejects: Staged['rejects'] = {};
    for (const kind of Object.keys(ingested.stats) as InputKind[]) {
      rows[kind] = await db.all(`SELECT * EXCLUDE (${kind === 'leads' ? 'attributes' : 'source_line'}) FROM stg_${kind} ORDER BY ${kind === 'leads' ? 'source_line' : 'ALL'}`);
      rejects[kind] = await db.all(`SELECT line, reason FROM rejects_${kind} ORDER BY line`);
    }
    return { ingested, rows, rejects };
  } finally {
    db.close();
  }
}

/** Runs the whole pipeline on a fixture folder and returns each period's metrics. */
async function metrics(dir: string, name: string): Promise<Record<string, MetricRow[]>> {
  const out = join(work, name);
  const result = await runPipeline({ input: dir, config: join(dir, 'sla.yaml'), out }, { logger: silentLogger, clock: fixedClock(NOW) });
  return Object.fromEntries(
    result.periods.map((p) => [p.key, metricsFileSchema.parse(JSON.parse(readFileSync(join(out, 'snapshots', p.key, 'metrics.json'), 'utf8')))]),
  );
}

const value = (rows: MetricRow[] | undefined, metric: string) => rows?.find((r) => r.metric === metric && r.segment_kind === 'all')?.value;
const flow = (rows: MetricRow[] | undefined) => ['lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost'].map((s) => value(rows, `funnel.flow.${s}`));
const counts = (s: Staged, kind: InputKind) => {
  const x = s.ingested.stats[kind]!;
  return [x.rows_read, x.rows_loaded, x.rows_quarantined, x.duplicates, x.orphans];
};

/** The funnel of each fixture, worked out by hand from its canonical files (see the comments per tool). */
const cases: Array<{
  tool: string;
  exports: string[];
  flows: Record<string, Array<number | undefined>>;
  mql: Record<string, number>;
  check: (exported: Staged, canonical: Staged, folder: string) => void;
}> = [
  {
    // Contacts 101–106: created Sep 28 (101), Oct 1, 3, 6, 10, 15 → lead Sep 1, Oct 5.
    // MQL dates: 101 Sep 29, 102 Oct 1, 104 Oct 7, 105 Oct 12 → mql Sep 1, Oct 3. SQL: 101, 104 → Oct 2.
    // Opportunity: 101 Oct 5 11:00 and 104 Oct 9 09:30 (contacts, repeated by deals 9001/9002 at the same
    // instants, so counted once) + 9003 (102) Oct 20 + 9005 (104) Oct 26 = 4. Won: 9001, 9005 (a custom stage,
    // won by `Is Closed Won`) = 2; lost: 9002 = 1. 9004 has no contact: no event.
    tool: 'hubspot',
    exports: ['export'],
    flows: { '2026-09': [1, 1, 0, 0, 0, 0, 0], '2026-10': [5, 3, 0, 2, 4, 2, 1] },
    mql: { '2026-09': 1, '2026-10': 3 },
    check: (exported) => {
      expect(counts(exported, 'leads')).toEqual([6, 6, 0, 0, 0]);
      expect(counts(exported, 'deals')).toEqual([5, 5, 0, 0, 0]);
      const deals = exported.rows.deals!;
      // 9002 is associated with 104;101: the first id is its lead. 9003's Close Date (2026-12-15) is an
      // expected date on an open deal: no closing, and not "in the future" either.
      expect(deals.map((d) => [d.deal_id, d.lead_id, d.status, d.closed_at])).toEqual([
        ['9001', '101', 'won', '2026-10-20 19:00:00'],
        ['9002', '104', 'lost', '2026-10-25 13:00:00'],
        ['9003', '102', 'open', null],
        ['9004', null, 'open', null],
        ['9005', '104', 'won', '2026-10-28 20:00:00'],
      ]);
      // `Number of Employees` ranges become their lower bound; First + Last Name join, an empty part skipped.
      expect(exported.rows.leads!.map((l) => [l.name, l.company_size])).toEqual([
        ['João Conceição', 25],
        ['Márcia', 1000],
        ['Zé Ninguém', null],
        ['Inês Araújo', 100],
        ['André Gonçalves', 5],
        ['Lúcia Mendes', null],
      ]);
    },
  },
  {
    // Leads created Sep 28 (Carla), Oct 1, 2, 13, 20 → lead Sep 1, Oct 4 (the row without e-mail is quarantined).
    // MQL: Ana (Lead Qualificado) at her last conversion Oct 5; Carla (Cliente, no last conversion) at her
    // first, Sep 28; Diego (Lead Qualificado) at his first, Oct 13 → mql Sep 1, Oct 2.
    tool: 'rdstation',
    exports: ['export'],
    flows: { '2026-09': [1, 1, 0, 0, 0, 0, 0], '2026-10': [4, 2, 0, 0, 0, 0, 0] },
    mql: { '2026-09': 1, '2026-10': 2 },
    check: (exported, canonical) => {
      expect(counts(exported, 'leads')).toEqual([6, 5, 1, 0, 0]);
      expect(exported.rejects.leads).toEqual([{ line: 6, reason: 'lead_id (from Email) is empty' }]);
      expect(canonical.rejects.leads).toEqual([{ line: 6, reason: 'lead_id is empty' }]);
      expect(exported.rows.leads!.map((l) => [l.lead_id, l.phone, l.mql_at])).toEqual([
        ['ana.souza@padariasj.com.br', '(11) 98888-1111', '2026-10-05 17:00:00'],
        ['bruno@acai.com.br', '(21) 97777-2222', null],
        ['carla@oticasvisao.com.br', '(31) 3222-1111', '2026-09-28 19:45:00'],
        ['diego@exemplo.com.br', null, '2026-10-13 11:00:00'],
        ['elisa@exemplo.com.br', '(81) 96666-5555', null],
      ]);
    },
  },
  {
    // People 11–14 created Oct 1, Oct 3, Sep 25, Oct 10 → lead Sep 1, Oct 3; MQL date (a custom field mapped
    // in sla.yaml) 11 Oct 1, 12 Oct 3, 13 Sep 26 → mql Sep 1, Oct 2. Deals 501–504 open an opportunity in
    // October (505 has no person) = 4; won 501; lost 502 and 503 (reopened: its old won time is ignored).
    tool: 'pipedrive',
    exports: ['export-en', 'export-pt'],
    flows: { '2026-09': [1, 1, 0, 0, 0, 0, 0], '2026-10': [3, 2, 0, 0, 4, 1, 2] },
    mql: { '2026-09': 1, '2026-10': 2 },
    check: (exported, canonical, folder) => {
      expect(counts(exported, 'leads')).toEqual([4, 4, 0, 0, 0]);
      expect(counts(exported, 'deals')).toEqual([5, 5, 0, 0, 0]);
      // Activity 7004 is not done yet: quarantined, while the canonical export simply lacks it.
      expect(counts(exported, 'activities')).toEqual([5, 4, 1, 0, 0]);
      expect(counts(canonical, 'activities')).toEqual([4, 4, 0, 0, 0]);
      const [done, notDone, date, time] =
        folder === 'export-en'
          ? ['Activity - Done', 'Not done', 'Activity - Due date', 'Activity - Due time']
          : ['Atividade - Feito', 'Não feito', 'Atividade - Data de vencimento', 'Atividade - Hora de vencimento'];
      expect(exported.rejects.activities).toEqual([
        {
          line: 6,
          reason:
            `${done}: "${notDone}": the activity is planned, not done, so it is no contact attempt; ` +
            `occurred_at (from ${date} + ${time}): "2026-11-20 10:00" is in the future (more than a day after this run's clock, 2026-11-01T12:00:00Z)`,
        },
      ]);
      expect(exported.rows.deals!.map((d) => [d.deal_id, d.status, d.closed_at])).toEqual([
        ['501', 'won', '2026-10-15 20:30:00'],
        ['502', 'lost', '2026-10-20 14:00:00'],
        ['503', 'lost', '2026-10-22 18:00:00'],
        ['504', 'open', null],
        ['505', 'open', null],
      ]);
    },
  },
  {
    // Leads created Oct 1, Oct 13, Sep 28, Oct 20 → lead Sep 1, Oct 3; MQL Date (a custom field mapped in
    // sla.yaml) Oct 1, Oct 14, Sep 30 → mql Sep 1, Oct 2. The report's 5-line footer is quarantined.
    // Opportunities carry no lead, so they add no funnel event.
    tool: 'salesforce',
    exports: ['export'],
    flows: { '2026-09': [1, 1, 0, 0, 0, 0, 0], '2026-10': [3, 2, 0, 0, 0, 0, 0] },
    mql: { '2026-09': 1, '2026-10': 2 },
    check: (exported) => {
      expect(counts(exported, 'leads')).toEqual([9, 4, 5, 0, 0]);
      expect(counts(exported, 'deals')).toEqual([3, 3, 0, 0, 0]);
      // Won/Closed flags decide the status; an open opportunity's Close Date (12/15) is only expected.
      expect(exported.rows.deals!.map((d) => [d.status, d.closed_at, d.amount])).toEqual([
        ['won', '2026-10-20 03:00:00', 12000],
        ['lost', '2026-10-25 03:00:00', 8500.5],
        ['open', null, 5000],
      ]);
      expect(exported.rejects.leads!.map((r) => r.line)).toEqual([7, 8, 9, 10, 11]);
      // 10/1/2026 9:15 AM → 09:15 local = 12:15 UTC; 10/14/2026 12:05 AM → 00:05 local = 03:05 UTC;
      // "1,200" is twelve hundred in an en export.
      expect(exported.rows.leads!.map((l) => [l.name, l.created_at, l.mql_at, l.company_size])).toEqual([
        ['João Conceição', '2026-10-01 12:15:00', '2026-10-01 13:00:00', 40],
        ['Márcia Lima', '2026-10-13 17:30:00', '2026-10-14 03:05:00', 1200],
        ['Araújo', '2026-09-28 19:45:00', '2026-09-30 14:30:00', null],
        ['Inês Gonçalves', '2026-10-20 03:05:00', null, 15],
      ]);
    },
  },
];

describe('presets map real exports onto the canonical columns', () => {
  for (const c of cases) {
    for (const folder of c.exports) {
      const exportDir = join(ROOT, c.tool, folder);
      const canonicalDir = join(ROOT, c.tool, 'canonical');

      it(`${c.tool} (${folder}) stages the same rows as the canonical export`, async () => {
        const [exported, canonical] = [await stage(exportDir), await stage(canonicalDir)];
        expect(Object.keys(exported.rows).sort()).toEqual(Object.keys(canonical.rows).sort());
        for (const kind of Object.keys(canonical.rows) as InputKind[]) {
          expect({ kind, rows: exported.rows[kind] }).toEqual({ kind, rows: canonical.rows[kind] });
        }
        c.check(exported, canonical, folder);
      });

      it(`${c.tool} (${folder}) gives the same metrics as the canonical export`, async () => {
        const [exported, canonical] = [await metrics(exportDir, `${c.tool}-${folder}`), await metrics(canonicalDir, `${c.tool}-${folder}-canonical`)];
        expect(Object.keys(exported)).toEqual(Object.keys(c.flows));
        for (const period of Object.keys(c.flows)) {
          expect({ period, flow: flow(exported[period]) }).toEqual({ period, flow: c.flows[period] });
          expect({ period, mql: value(exported[period], 'mql.count') }).toEqual({ period, mql: c.mql[period] });
        }
        expect(exported).toEqual(canonical);
      });
    }
  }
});
