import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../pipeline/contract/load.ts';
import type { InputKind } from '../../pipeline/contract/schema.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest } from '../../pipeline/ingest/ingest.ts';
import { memoryLogger } from '../../pipeline/steps.ts';

// tests/fixtures/presets/forms/<form>/ holds one real export form per folder (header names, order,
// date and number forms as the tool writes them; SOURCES.md says where each comes from) and
// expected.json beside it: the counts worked out by hand from the rows. Clock 2026-11-01T12:00Z.

const ROOT = 'tests/fixtures/presets/forms';
const NOW = '2026-11-01T12:00:00Z';
const work = mkdtempSync(join(tmpdir(), 'handoff-forms-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Expected {
  preset: string;
  timezone: string;
  files: Partial<Record<InputKind, string>>;
  inputs: Partial<Record<InputKind, Record<string, number>>>;
  /** deal_id, lead_id, status, amount, currency of each staged deal, by deal_id. */
  deals: Array<[string, string | null, string, number | null, string | null]>;
  /** lead_id → its MQL instant (UTC ISO) for the leads that have one, when the form dates MQLs. */
  mql_at?: Record<string, string>;
}

const forms = readdirSync(ROOT).sort();
const expectedOf = (form: string): Expected => JSON.parse(readFileSync(join(ROOT, form, 'expected.json'), 'utf8'));

/** A copy of the fixture folder with the contract the form needs: its preset, zone and file names. */
function folderWithContract(form: string): string {
  const dir = join(work, form);
  cpSync(join(ROOT, form), dir, { recursive: true });
  const e = expectedOf(form);
  const files = Object.entries(e.files).map(([kind, path]) => `    ${kind}: {path: "${path}"}`).join('\n');
  writeFileSync(join(dir, 'sla.yaml'), `timezone: ${e.timezone}\nmapping:\n  preset: ${e.preset}\n  files:\n${files}\n`);
  return dir;
}

describe('real export forms load through their preset', () => {
  it.each(forms)('%s', async (form) => {
    const e = expectedOf(form);
    const dir = folderWithContract(form);
    const { contract } = loadContract(join(dir, 'sla.yaml'));
    const db = await Db.open(':memory:');
    try {
      const logger = memoryLogger();
      const { stats } = await ingest(db, logger, dir, contract, { now: new Date(NOW) });
      for (const [kind, want] of Object.entries(e.inputs)) {
        const got = stats[kind as InputKind]!;
        expect(Object.fromEntries(Object.keys(want).map((k) => [k, got[k as keyof typeof got]])), `${form} ${kind}`).toEqual(want);
        expect(got.without_created_at).toBe(want.without_created_at);
        expect(got.linked_by_name).toBe(want.linked_by_name);
      }
      if (e.mql_at !== undefined) {
        const mqls = await db.all<{ lead_id: string; at: string }>(
          `SELECT lead_id, strftime(mql_at, '%Y-%m-%dT%H:%M:%SZ') AS at FROM stg_leads WHERE mql_at IS NOT NULL ORDER BY lead_id`,
        );
        expect(Object.fromEntries(mqls.map((m) => [m.lead_id, m.at]))).toEqual(e.mql_at);
      }
      if (e.files.deals === undefined) return;
      const deals = await db.all<{ deal_id: string; lead_id: string | null; status: string; amount: number | null; currency: string | null }>(
        'SELECT deal_id, lead_id, status, amount, currency FROM stg_deals ORDER BY deal_id',
      );
      expect(deals.map((d) => [d.deal_id, d.lead_id, d.status, d.amount, d.currency])).toEqual(e.deals);
      if (e.inputs.deals?.linked_by_name !== undefined) {
        expect(logger.lines.some((l) => l.startsWith('warning:') && l.includes(`${e.inputs.deals!.linked_by_name} rows had no person id`))).toBe(true);
      }
    } finally {
      db.close();
    }
  });
});

describe('tell, do not guess', () => {
  it('lists mapped, expected-but-missing, unused and look-alike columns', async () => {
    const dir = folderWithContract('pipedrive-en');
    const deals = join(dir, 'deals-9876543-1.csv');
    writeFileSync(deals, readFileSync(deals, 'utf8').replace('Deal - Deal created', 'Deal - Deal created (UTC)'));
    const { contract } = loadContract(join(dir, 'sla.yaml'));
    const db = await Db.open(':memory:');
    try {
      const logger = memoryLogger();
      const { columns } = await ingest(db, logger, dir, contract, { now: new Date(NOW) });
      const report = columns.deals!;
      expect(report.mapped.lead_id).toBe('Deal - Contact person ID');
      expect(report.mapped.created_at).toBeUndefined();
      expect(report.missing).toEqual(['created_at']);
      expect(report.unused).toEqual(['Deal - Title', 'Deal - Organization', 'Deal - Contact person', 'Deal - Deal created (UTC)']);
      expect(report.lookalikes).toEqual([{ column: 'created_at', header: 'Deal - Deal created (UTC)' }]);
      expect(logger.lines).toContain(
        'warning: ingest deals: "Deal - Deal created (UTC)" looks like created_at but is not read; map it under mapping.files.deals.columns.created_at if it is',
      );
    } finally {
      db.close();
    }
  });

  it('counts a column a rule only tests as read: HubSpot\'s Deal Stage decides won and lost', async () => {
    const dir = folderWithContract('hubspot-deals-view');
    const { contract } = loadContract(join(dir, 'sla.yaml'));
    const db = await Db.open(':memory:');
    try {
      const { columns } = await ingest(db, memoryLogger(), dir, contract, { now: new Date(NOW) });
      expect(columns.deals!.mapped.status).toBe('Deal Stage');
      expect(columns.deals!.mapped.closed_at).toBe('Deal Stage + Close Date');
      expect(columns.deals!.unused).toEqual(['Deal Name', 'Pipeline']);
    } finally {
      db.close();
    }
  });
});
