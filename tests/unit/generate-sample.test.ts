import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFolderSink } from '../../scripts/sample/csv-files.ts';
import { type DatasetReport, generateDataset } from '../../scripts/sample/dataset.ts';
import { FILE_NAMES, MemorySink } from '../../scripts/sample/rows.ts';
import { DEFAULT_SEED, SIZES } from '../../scripts/sample/sizes.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const FIRST = '2025-05-01 00:00:00';
const CUT_OFF = '2026-10-31 18:00:00';
const ORPHAN_LEADS = new Set(['L9990901', 'L9990902', 'L9990903', 'L9990904']);
/** Ids of the planted leads whose created_at is not a real date (quarantined downstream). */
const DIRTY_LEADS = new Set(['L9990001', 'L9990002', 'L9990003', '']);

function generate(seed: number): { sink: MemorySink; report: DatasetReport } {
  const sink = new MemorySink();
  const report = generateDataset({ leads: 400, seed }, sink);
  return { sink, report };
}

/** The 1-based line where each row starts, counting line breaks inside quoted fields. */
function startLines(rows: ReadonlyArray<Record<string, string>>): number[] {
  const lines: number[] = [];
  let line = 2;
  for (const row of rows) {
    lines.push(line);
    line += 1 + Object.values(row).reduce((n, v) => n + v.split('\n').length - 1, 0);
  }
  return lines;
}

describe('generateDataset', () => {
  const { sink, report } = generate(7);
  const validLeads = sink.leads.filter((l) => !DIRTY_LEADS.has(l.lead_id));
  const leadsById = new Map(validLeads.map((l) => [l.lead_id, l]));

  it('is deterministic: the same seed gives the same rows, another seed different ones', () => {
    const again = generate(7);
    expect(JSON.stringify(again.sink)).toBe(JSON.stringify(sink));
    expect(again.report).toEqual(report);
    expect(JSON.stringify(generate(8).sink.leads)).not.toBe(JSON.stringify(sink.leads));
  });

  it('produces a funnel, not just leads', () => {
    expect(sink.leads.length).toBeGreaterThan(350);
    expect(report.handoffs).toBeGreaterThan(100);
    expect(sink.activities.length).toBeGreaterThan(1000);
    expect(sink.deals.some((d) => d.status === 'won')).toBe(true);
    expect(sink.leadEvents.some((e) => e.stage === 'recycled')).toBe(true);
  });

  it('links every activity and deal to a known lead, except the planted orphans and empty ids', () => {
    for (const a of sink.activities) {
      if (a.lead_id === '' || ORPHAN_LEADS.has(a.lead_id)) continue;
      expect(leadsById.has(a.lead_id), a.activity_id).toBe(true);
    }
    for (const d of sink.deals) {
      if (d.lead_id === '' || ORPHAN_LEADS.has(d.lead_id)) continue;
      expect(leadsById.has(d.lead_id), d.deal_id).toBe(true);
    }
  });

  it('keeps every timestamp in the window and every stage after the lead and its MQL', () => {
    for (const l of validLeads) {
      expect(l.created_at >= FIRST && l.created_at <= CUT_OFF).toBe(true);
      if (l.mql_at === '') continue;
      expect(l.mql_at >= l.created_at, l.lead_id).toBe(true);
      for (const stage of [l.sal_at, l.sql_at, l.opportunity_at, l.rejected_at, l.recycled_at, l.disqualified_at]) {
        if (stage !== '') expect(stage >= l.mql_at && stage <= CUT_OFF, l.lead_id).toBe(true);
      }
    }
    for (const a of sink.activities) {
      if (!TIMESTAMP.test(a.occurred_at) || !leadsById.has(a.lead_id)) continue;
      expect(a.occurred_at >= leadsById.get(a.lead_id)!.created_at && a.occurred_at <= CUT_OFF, a.activity_id).toBe(
        true,
      );
    }
    expect(sink.leads.some((l) => l.created_at === CUT_OFF)).toBe(true);
  });

  it('opens a deal at or after each opportunity', () => {
    for (const l of validLeads) {
      if (l.opportunity_at === '') continue;
      const deals = sink.deals.filter((d) => d.lead_id === l.lead_id && d.created_at >= l.opportunity_at);
      expect(deals.length, l.lead_id).toBeGreaterThan(0);
    }
  });

  it('plants the dirty rows once each, on the lines it reports', () => {
    expect(report.planted).toHaveLength(21);
    const files = {
      'leads.csv': sink.leads,
      'lead_events.csv': sink.leadEvents,
      'activities.csv': sink.activities,
      'deals.csv': sink.deals,
    } as Record<string, ReadonlyArray<Record<string, string>>>;
    for (const p of report.planted) {
      const rows = files[p.file]!;
      const index = startLines(rows).indexOf(p.line);
      expect(index, `${p.file}:${p.line}`).toBeGreaterThanOrEqual(0);
      const row = rows[index]!;
      expect(Object.values(row).join(',')).toContain(p.key === '(empty)' ? '' : p.key);
    }
    expect(sink.activities.filter((a) => a.type === 'fax')).toHaveLength(1);
    expect(sink.leads.filter((l) => l.lead_id === '')).toHaveLength(1);
    const ids = sink.activities.map((a) => a.activity_id);
    expect(ids.length - new Set(ids).size).toBe(1);
  });
});

describe('data/sample', () => {
  it('is exactly what `npm run sample` writes, so the bundled files never drift from the generator', () => {
    const out = mkdtempSync(join(tmpdir(), 'handoff-sample-'));
    try {
      const profile = SIZES.sample!;
      const sink = new CsvFolderSink(out);
      generateDataset({ leads: profile.leads, seed: DEFAULT_SEED, addOnShare: profile.addOnShare }, sink);
      sink.close();
      const bundled = new URL('../../data/sample/', import.meta.url).pathname;
      for (const file of Object.values(FILE_NAMES)) {
        expect(readFileSync(join(out, file)).equals(readFileSync(join(bundled, file))), file).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
