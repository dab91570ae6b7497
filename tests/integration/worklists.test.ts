import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorklists, type Worklists } from '../../pipeline/actions/worklists.ts';
import { readActionsState, webhookPayload, writeActions } from '../../pipeline/actions/write-actions.ts';
import { loadContract } from '../../pipeline/contract/load.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest } from '../../pipeline/ingest/ingest.ts';
import { buildModel } from '../../pipeline/model/build-model.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { fixedClock, silentLogger } from '../../pipeline/steps.ts';

// tests/fixtures/actions, UTC, Mon–Fri 09–18; tier A (score ≥ 80) 30 min, B 2 h; cadence 4 attempts
// in 2 business days. as_of = Wednesday 2026-10-14 12:00.
//   H1 A, MQL Wed 11:00, no attempt: deadline 11:30 passed; elapsed 60 → 30 min overdue → breached.
//   H2 B, MQL Wed 10:30: elapsed 90 of 120 → 30 left (deadline 12:30) → due soon.
//   H3 B, MQL Wed 11:45: 15 of 120 → 105 left > 60 → nowhere.
//   H4 A, MQL Wed 11:50: 10 of 30 → 20 left (deadline 12:20) → due soon (first), and new priority.
//   H5 B, MQL Tue 09:00, 1 attempt: window Tue 09:00–Wed 18:00 = 1080 min, 720 elapsed;
//      pace floor(4 × 720/1080) = floor(2.67) = 2 > 1 → under-attempted (short by 1).
//   H6 B, same window, 4 attempts ≥ 2 → nowhere.
//   H7 B, MQL Mon 09:00, 1 attempt, recycled Tue 10:00 with 1 of 4 attempts in October → under-attempted (short by 3).
//   H8 A, MQL Wed 09:00, connected at 09:10 → only new priority.
//   H9 A, MQL 1/10, never contacted: its window ended 2/10 → not on a worklist (the speed metrics count it).
//   H10 B, rejected at 09:30 → not open → nowhere.
//   New priority since as_of − 24 h (first run): A and open: H4 (11:50), H1 (11:00), H8 (09:00), newest first.
const AS_OF = '2026-10-14T12:00:00Z';
let db: Db;
let lists: Worklists;
const { contract } = loadContract('tests/fixtures/actions/sla.yaml');

beforeAll(async () => {
  db = await Db.open(':memory:');
  await ingest(db, silentLogger, 'tests/fixtures/actions', contract);
  await buildModel(db, contract, AS_OF);
  lists = await buildWorklists(db, contract, AS_OF, { dueSoonMinutes: 60, previousAsOf: null });
});
afterAll(() => db.close());

const ids = (rows: Array<{ lead_id: string }>) => rows.map((r) => r.lead_id);

describe('worklists at as_of', () => {
  it('lists breached handoffs still in their window, oldest deadline first, with minutes overdue', () => {
    expect(ids(lists.breached)).toEqual(['H1']);
    expect(lists.breached[0]).toMatchObject({ tier: 'A', owner: 'Rita', minutes: 30, deadline: '2026-10-14 11:30', name: 'Ana A', phone: '+55 11 90000-0001' });
  });
  it('lists handoffs due within 60 business minutes, soonest first', () => {
    expect(lists['due-soon'].map((r) => [r.lead_id, r.minutes, r.deadline])).toEqual([
      ['H4', 20, '2026-10-14 12:20'],
      ['H2', 30, '2026-10-14 12:30'],
    ]);
  });
  it('lists handoffs behind the cadence pace and those closed with too few attempts, biggest shortfall first', () => {
    expect(lists['under-attempted'].map((r) => [r.lead_id, r.attempts, r.attempts_expected])).toEqual([
      ['H7', 1, 4],
      ['H5', 1, 2],
    ]);
    expect(lists['under-attempted'][0]!.why).toBe('closed as recycled after 1 of 4 attempts');
  });
  it('lists new tier-A handoffs since the previous run (24 h on the first run), newest first', async () => {
    expect(ids(lists['new-priority'])).toEqual(['H4', 'H1', 'H8']);
    const later = await buildWorklists(db, contract, AS_OF, { dueSoonMinutes: 60, previousAsOf: '2026-10-14T11:30:00Z' });
    expect(ids(later['new-priority'])).toEqual(['H4']);
  });
});

describe('worklist files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'handoff-actions-'));
    writeActions(dir, lists, AS_OF);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the why column in the contract’s language: decimal commas and closing words on a pt-BR contract', async () => {
    const pt = { ...contract, locale: 'pt-BR' as const };
    const ptDb = await Db.open(':memory:');
    try {
      await ingest(ptDb, silentLogger, 'tests/fixtures/actions', pt);
      await buildModel(ptDb, pt, AS_OF);
      const ptLists = await buildWorklists(ptDb, pt, AS_OF, { dueSoonMinutes: 60, previousAsOf: null });
      // H1: 30 business minutes overdue; H4: 20 left; H7 recycled after 1 of 4; H5 1 where the pace asks 2.
      expect(ptLists.breached.map((r) => r.why)).toEqual(['nenhuma tentativa; prazo vencido há 30,0 minutos úteis']);
      expect(ptLists['due-soon'][0]!.why).toBe('nenhuma tentativa ainda; prazo em 20,0 minutos úteis');
      expect(ptLists['under-attempted'].map((r) => r.why)).toEqual([
        'encerrado como reciclado após 1 de 4 tentativas',
        'em cadência: 1 tentativas onde o ritmo para 4 pede 2 até agora',
      ]);
      expect(ptLists['new-priority'][0]!.why).toBe('novo MQL do nível A');
    } finally {
      ptDb.close();
    }
  });

  it('writes CSV with a BOM, the rep’s columns first and formulas neutralised', () => {
    const csv = readFileSync(join(dir, 'breached.csv'), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, row] = csv.slice(1).split('\n');
    expect(header).toBe('why,tier,owner,name,company,phone,email,source,mql_at,deadline,minutes,attempts,attempts_expected,handoff_id,lead_id,brief');
    // The phone starts with "+": a spreadsheet would read it as a formula, so it gets an apostrophe.
    expect(row).toBe("no attempt; deadline passed 30.0 business minutes ago,A,Rita,Ana A,Acme,'+55 11 90000-0001,ana@example.test,organic,2026-10-14 11:00,2026-10-14 11:30,30,0,,H1#1,H1,");
    expect(JSON.parse(readFileSync(join(dir, 'due-soon.json'), 'utf8')).rows).toHaveLength(2);
    expect(readActionsState(dir)).toEqual({ as_of: AS_OF });
  });

  it('summarises for Slack without e-mails or phones', () => {
    const body = webhookPayload('slack', lists, ['breached', 'new-priority'], AS_OF, 2) as { text: string };
    expect(body.text).toBe(
      [
        '*handoff worklists at 2026-10-14T12:00:00Z*',
        '*Breached (no attempt, deadline passed): 1*',
        '• [A] Ana A (Acme), Rita: no attempt; deadline passed 30.0 business minutes ago',
        '*New priority MQLs: 3*',
        '• [A] Duda D (Delta), Joao: new tier A MQL',
        '• [A] Ana A (Acme), Rita: new tier A MQL',
      ].join('\n'),
    );
    expect(JSON.stringify(webhookPayload('json', lists, ['breached'], AS_OF, 5))).not.toMatch(/example\.test|90000/);
  });
});

describe('worklists in a pipeline run', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'handoff-actions-run-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const run = (actionsOnly: boolean) =>
    runPipeline(
      { input: 'tests/fixtures/actions', config: 'tests/fixtures/actions/sla.yaml', out: join(work, 'out'), asOf: '2026-10-14 12:00', actionsOnly },
      { logger: silentLogger, clock: fixedClock('2026-10-14T12:00:05Z') },
    );

  it('writes actions/ with the run, and --actions-only rewrites only actions/', async () => {
    const full = await run(false);
    expect(full.actions.counts).toEqual({ breached: 1, 'due-soon': 2, 'under-attempted': 2, 'new-priority': 3 });
    const metricsBefore = readFileSync(join(work, 'out/snapshots/2026-10/metrics.json'), 'utf8');
    const runBefore = readFileSync(join(work, 'out/run.json'), 'utf8');
    // The second run at the same as_of finds nothing new for the priority list.
    const again = await run(true);
    expect(again.actions.counts).toEqual({ breached: 1, 'due-soon': 2, 'under-attempted': 2, 'new-priority': 0 });
    expect(readFileSync(join(work, 'out/snapshots/2026-10/metrics.json'), 'utf8')).toBe(metricsBefore);
    expect(readFileSync(join(work, 'out/run.json'), 'utf8')).toBe(runBefore);
  });

  it('keeps every worklist value out of the snapshots the site is built from', async () => {
    await run(false);
    const listed = JSON.parse(readFileSync(join(work, 'out/actions/breached.json'), 'utf8')).rows as Array<Record<string, string>>;
    const snapshotText = readdirSync(join(work, 'out/snapshots'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json') || f.endsWith('.csv'))
      .map((f) => readFileSync(join(work, 'out/snapshots', f), 'utf8'))
      .join('\n');
    for (const row of listed) for (const field of ['name', 'company', 'email', 'phone', 'lead_id', 'handoff_id']) {
      if (row[field]) expect(snapshotText, `${field} ${row[field]}`).not.toContain(row[field]);
    }
  });
});
