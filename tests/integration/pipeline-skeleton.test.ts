import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '../../pipeline/contract/load.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { DETAIL_FILE_SCHEMAS } from '../../pipeline/schemas/detail-files.ts';
import { manifestSchema, metricsFileSchema, runSchema, type MetricRow } from '../../pipeline/schemas/snapshot.ts';
import { fixedClock, silentLogger } from '../../pipeline/steps.ts';

// tests/fixtures/skeleton, worked out by hand (America/Sao_Paulo, UTC−3 all year in 2026):
// leads.csv: L1..L5 load; L6 (line 7) has created_at "ontem" → quarantined.
//   L3 was created 2026-10-01T01:30Z = 30/09 22:30 local and became MQL at 02:00Z = 30/09 23:00 local → September.
//   L2's MQL at 30/09 22:00 local is September too.
// lead_events.csv: L2 recycled 02/10 and re-MQL 20/10 (a second handoff, October); L1's sal repeats
//   leads.csv (counts once); L9 is unknown → orphan, no event.
// deals.csv: D1 (L1) opportunity 16/09, won 10/10; D2 (L4) opportunity 06/10, lost 20/10;
//   D3 has no lead → no event; D4's lead L99 is unknown → orphan.
// activities.csv: A2 (line 3) has type "fax" → quarantined; A1 appears twice (last row wins: 1 duplicate);
//   A3's lead L77 is unknown → orphan.
// as_of = latest input timestamp = 20/10 10:00 local = 2026-10-20T13:00:00Z.
// Flow, September: lead L1 L2 L3 = 3; mql L1 L2 L3 = 3; sal L1 = 1; sql L1 = 1; opportunity D1 = 1; won 0; lost 0.
// Flow, October:  lead L4 L5 = 2; mql L4 L2#2 = 2; sal L4 = 1; sql 0; opportunity D2 = 1; won D1 = 1; lost D2 = 1.
// mql.count by source: Sep organic 1 (L1), paid 2 (L2, L3); Oct organic 1 (L4), paid 1 (L2#2).
// by owner: Sep Joao 1, Rita 2; Oct Joao 1, Rita 1. by segment: Sep saas 2, varejo 1; Oct (none) 1, varejo 1.

const FIXTURE = 'tests/fixtures/skeleton';
let work: string;
let input: string;
let out: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'handoff-skeleton-'));
  input = join(work, 'input');
  out = join(work, 'out');
  cpSync(FIXTURE, input, { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const run = (extra: { restate?: boolean; config?: string } = {}) =>
  runPipeline(
    { input, config: extra.config ?? join(input, 'sla.yaml'), out, restate: extra.restate ?? false },
    { logger: silentLogger, clock: fixedClock('2026-11-01T12:00:00Z') },
  );
const metrics = (period: string): MetricRow[] =>
  metricsFileSchema.parse(JSON.parse(readFileSync(join(out, 'snapshots', period, 'metrics.json'), 'utf8')));
const value = (rows: MetricRow[], metric: string, kind = 'all', segment = 'all') =>
  rows.find((r) => r.metric === metric && r.segment_kind === kind && r.segment === segment)?.value;

describe('pipeline skeleton on a hand-made fixture', () => {
  it('counts rows read, loaded, quarantined, duplicated and orphaned per input', async () => {
    await run();
    const runJson = runSchema.parse(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')));
    expect(runJson.as_of).toBe('2026-10-20T13:00:00Z');
    const pick = (k: keyof typeof runJson.inputs) => {
      const s = runJson.inputs[k]!;
      return [s.rows_read, s.rows_loaded, s.rows_quarantined, s.duplicates, s.orphans];
    };
    expect(pick('leads')).toEqual([6, 5, 1, 0, 0]);
    expect(pick('lead_events')).toEqual([4, 4, 0, 0, 1]);
    expect(pick('deals')).toEqual([4, 4, 0, 0, 1]);
    expect(pick('activities')).toEqual([4, 3, 1, 1, 1]);
    expect(runJson.periods).toEqual([
      { period: '2026-09', closed: true, written: true },
      { period: '2026-10', closed: false, written: true },
    ]);
  });

  it('writes each quarantined row as read, with its line and reason first', async () => {
    await run();
    expect(readFileSync(join(out, 'rejects', 'leads.csv'), 'utf8').split('\n')[1]).toBe(
      '7,"created_at: ""ontem"" is not a valid date or timestamp (expected ISO 8601, dd/mm/yyyy [HH:MM[:SS]] or yyyy-mm-dd HH:MM:SS)",L6,ontem,,Fabi,,,organic,,,,,,,,',
    );
    expect(readFileSync(join(out, 'rejects', 'activities.csv'), 'utf8')).toBe(
      'line,reason,activity_id,lead_id,occurred_at,type,direction,outcome,owner\n' +
        '3,"type: ""fax"" is not one of call, email, whatsapp, meeting, linkedin, other",A2,L1,2026-09-10 10:45:00,fax,outbound,,Rita\n',
    );
    expect(existsSync(join(out, 'rejects', 'deals.csv'))).toBe(false);
  });

  it('computes mql.count and funnel.flow per period in the contract time zone', async () => {
    await run();
    const sep = metrics('2026-09');
    const oct = metrics('2026-10');
    const flow = (rows: MetricRow[]) => ['lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost'].map((s) => value(rows, `funnel.flow.${s}`));
    expect(flow(sep)).toEqual([3, 3, 1, 1, 1, 0, 0]);
    expect(flow(oct)).toEqual([2, 2, 1, 0, 1, 1, 1]);
    expect(value(sep, 'mql.count')).toBe(3);
    expect(value(oct, 'mql.count')).toBe(2);
    expect([value(sep, 'mql.count', 'source', 'organic'), value(sep, 'mql.count', 'source', 'paid')]).toEqual([1, 2]);
    expect([value(oct, 'mql.count', 'source', 'organic'), value(oct, 'mql.count', 'source', 'paid')]).toEqual([1, 1]);
    expect([value(sep, 'mql.count', 'owner', 'Joao'), value(sep, 'mql.count', 'owner', 'Rita')]).toEqual([1, 2]);
    expect([value(oct, 'mql.count', 'segment', '(none)'), value(oct, 'mql.count', 'segment', 'varejo')]).toEqual([1, 1]);
  });

  it('writes metrics.csv in SPEC column order, sorted, and a manifest that checks it', async () => {
    await run();
    const dir = join(out, 'snapshots', '2026-10');
    const csv = readFileSync(join(dir, 'metrics.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('period,metric,segment_kind,segment,value,numerator,denominator,unit');
    // The first row in sort order: L2#2 became an MQL at as_of itself, so its acceptance is pending.
    expect(csv[1]).toBe('2026-10,acceptance.pending_count,all,all,1,,,count');
    expect(csv).toContain('2026-10,funnel.flow.lead,all,all,2,,,count');
    expect(csv.at(-1)).toBe('');
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    expect(manifest).toMatchObject({ period: '2026-10', starts_on: '2026-10-01', ends_before: '2026-11-01', closed: false, as_of: '2026-10-20T13:00:00Z' });
    expect(Object.keys(manifest.input_files).sort()).toEqual(['activities', 'deals', 'lead_events', 'leads']);
    expect(manifest.input_files.leads!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'contract.yaml'), 'utf8')).toBe(readFileSync(join(input, 'sla.yaml'), 'utf8'));
  });

  it('gives byte-identical snapshot files when run twice on the same inputs', async () => {
    await run();
    const first = snapshotBytes();
    rmSync(join(out, 'snapshots'), { recursive: true });
    await run();
    expect(snapshotBytes()).toEqual(first);
  });

  it('keeps a closed period frozen, reports the drift, and restates it only when asked', async () => {
    await run();
    const frozen = readFileSync(join(out, 'snapshots', '2026-09', 'metrics.json'), 'utf8');
    // A late export adds an SAL for L2 in September: the closed period would change. L2#1 (MQL 30/09
    // 22:00, after hours) is now accepted at 23:00 instead of rejected on 01/10, so in September:
    //   funnel.flow.sal 1 → 2; funnel.cohort.sal_pct L1 of 3 → L1, L2 of 3;
    //   acceptance.rejected_pct 1 of 2 decided (L1 sal, L2 rejected) → 0 of 2;
    //   acceptance.rejection_reason_pct and its scorecard clause 1/1 → 0/0 = n/a;
    //   funnel.velocity.mql_sal_days: L1 10:30 → 14:00 on a 540-minute day = 210/540 = 0.3889;
    //     with L2 (both instants after hours: 0 days) the median is 0.3889 / 2 = 0.1944.
    // Each also moves in the breakdowns L2 belongs to (source paid, segment varejo, owner Rita, tier all).
    writeFileSync(join(input, 'lead_events.csv'), readFileSync(join(input, 'lead_events.csv'), 'utf8') + 'L2,sal,2026-09-30 23:00:00,\n');
    const kept = await run();
    expect(readFileSync(join(out, 'snapshots', '2026-09', 'metrics.json'), 'utf8')).toBe(frozen);
    expect(kept.drift.map((d) => d.period)).toEqual(['2026-09']);
    const changes = kept.drift[0]!.changes;
    const round = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);
    const whole = changes.filter((c) => c.segment_kind === 'all').map((c) => [c.metric, round(c.old), round(c.new)]);
    expect(whole).toEqual([
      ['acceptance.rejected_pct', 50, 0],
      ['acceptance.rejection_reason_pct', 100, null],
      ['funnel.cohort.sal_pct', 33.3333, 66.6667],
      ['funnel.flow.sal', 1, 2],
      ['funnel.velocity.mql_sal_days', 0.3889, 0.1944],
      ['scorecard.rejection_reasons', 100, null],
    ]);
    // 5 metrics × 5 rows (all, tier, source, segment, owner; flow has no tier) − 1 + the scorecard row = 25.
    expect(changes).toHaveLength(25);
    const restated = await run({ restate: true });
    expect(restated.drift).toHaveLength(1);
    expect(value(metrics('2026-09'), 'funnel.flow.sal')).toBe(2);
    const history = JSON.parse(readFileSync(join(out, 'snapshots', '2026-09', 'restatements.json'), 'utf8'));
    // Every file the new SAL moves: the metrics, the funnel, Rita's owner rows and the rejection-reasons clause.
    const files = ['funnel.json', 'metrics.csv', 'metrics.json', 'owners.json', 'scorecard.json'];
    expect(kept.drift[0]!.files).toEqual(files);
    expect(history).toEqual([{ restated_at: '2026-11-01T12:00:00.000Z', as_of: '2026-10-20T13:00:00Z', changes, files }]);
  });

  it('leaves earlier outputs untouched when a run fails', async () => {
    await run();
    const before = snapshotBytes();
    const runJson = readFileSync(join(out, 'run.json'), 'utf8');
    writeFileSync(join(work, 'bad.yaml'), 'period: fortnight\n');
    await expect(run({ config: join(work, 'bad.yaml') })).rejects.toThrow(ContractError);
    writeFileSync(join(input, 'leads.csv'), 'id,created\n1,2026-10-01\n');
    await expect(run()).rejects.toThrow(/required columns lead_id, created_at are missing\. Columns found: id, created/);
    expect(snapshotBytes()).toEqual(before);
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe(runJson);
    expect(readdirSync(out).sort()).toEqual(['actions', 'rejects', 'run.json', 'snapshots', 'warehouse.duckdb']);
  });
});

function snapshotBytes(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const period of readdirSync(join(out, 'snapshots')).sort()) {
    for (const name of ['metrics.csv', 'metrics.json', 'manifest.json', ...Object.keys(DETAIL_FILE_SCHEMAS)]) {
      files[`${period}/${name}`] = readFileSync(join(out, 'snapshots', period, name), 'utf8');
    }
  }
  return files;
}
