import { describe, expect, it } from 'vitest';
import { contractSchema, type Contract } from '../../pipeline/contract/schema.ts';
import { scratchRuns } from './ingest-runs.ts';

// An export that only grew since the last run is read from its old end on (ingest/append.ts).
// Whatever the split between the old bytes and the new lines, the staged tables, the rejects and
// the counts must be those of reading the whole file at once; and anything else than growth
// (an edited row, evidence that changes how old lines read) must read the whole file again.

const LEADS = 'lead_id,created_at,mql_at\nL1,2026-10-01 09:00,2026-10-01 10:00\nL2,2026-10-02 09:00,2026-10-02 10:00\n';
// 13 data lines: a slashed day-first date (25/10), a duplicate id (A2 on lines 3 and 9, A5 on
// lines 6 and 13), quarantined rows (a bad date on line 5, an unknown type on line 11), an
// orphan (L9), a blank line (8), and a record over two lines at the end (lines 14-15).
const ACTIVITY_LINES = [
  'activity_id,lead_id,occurred_at,type,outcome',
  'A1,L1,2026-10-01 11:00,call,no_answer',
  'A2,L1,25/10/2026 11:00,email,',
  'A3,L2,2026-10-02 11:00,call,connected',
  'A4,L2,not a date,call,',
  'A5,L2,2026-10-03 11:00,whatsapp,replied',
  'A6,L9,2026-10-04 11:00,call,',
  '',
  'A2,L1,2026-10-05 11:00,email,replied',
  'A7,L1,03/11/2026 09:00,call,',
  'A8,L1,2026-10-06 11:00,fax,',
  'A9,L2,2026-10-07 11:00,meeting,connected',
  'A5,L2,2026-10-08 11:00,whatsapp,',
  'A10,L1,2026-10-09 11:00,call,"no',
  'answer"',
];
const ACTIVITIES = `${ACTIVITY_LINES.join('\n')}\n`;
const NOW = new Date('2026-11-10T12:00:00Z');

const runs = scratchRuns('handoff-append-');
const folder = (activities: string, leads = LEADS) => runs.folder({ 'leads.csv': leads, 'activities.csv': activities });

const contract: Contract = contractSchema.parse({ timezone: 'America/Sao_Paulo' });

/** Ingests `input` into a new warehouse, started from `from` (the last run's) when given. */
async function run(input: string, from?: string) {
  return runs.ingest(input, contract, { now: NOW, from }, async (db, ingested, messages) => {
    const { path: _path, ...stats } = ingested.stats.activities!;
    const { path: _file, ...file } = ingested.files.activities!;
    return {
      grew: messages.some((m) => /^ingest activities: .*grown since the last run/.test(m)),
      reused: messages.some((m) => /^ingest activities: .*staged tables were reused/.test(m)),
      staged: await db.all(`SELECT * FROM stg_activities ORDER BY source_line`),
      rejects: await db.all(`SELECT * FROM rejects_activities ORDER BY line`),
      stats,
      file,
    };
  });
}

/** What the comparison looks at: everything but how the run got there. */
const outcome = ({ staged, rejects, stats, file }: Awaited<ReturnType<typeof run>>) => ({ staged, rejects, stats, file });

describe('an export that only grew since the last run', () => {
  it('stages, at every split, the rows, rejects and counts of reading the whole file', async () => {
    const whole = await run(folder(ACTIVITIES));
    // Worked by hand: 12 rows read (the blank line is none, lines 14-15 are one record), 2
    // quarantined (lines 5 and 11), 2 duplicates (A2 of line 3, A5 of line 6), 1 orphan (A6).
    expect(whole.stats).toMatchObject({ rows_read: 12, rows_loaded: 10, rows_quarantined: 2, duplicates: 2, orphans: 1 });
    expect(whole.staged.map((r) => [r.source_line, r.activity_id])).toEqual([
      [2, 'A1'], [4, 'A3'], [7, 'A6'], [9, 'A2'], [10, 'A7'], [12, 'A9'], [13, 'A5'], [14, 'A10'],
    ]);
    expect(whole.rejects.map((r) => r.line)).toEqual([5, 11]);
    // Split after each data line up to the multi-line record (whose start is no whole line).
    for (let lines = 2; lines <= 13; lines++) {
      const before = await run(folder(`${ACTIVITY_LINES.slice(0, lines).join('\n')}\n`));
      const after = await run(folder(ACTIVITIES), before.path);
      expect(after.grew, `split after line ${lines}`).toBe(true);
      expect(outcome(after), `split after line ${lines}`).toEqual(outcome(whole));
    }
  });

  it('reads the whole file again when an old row changed, not only the new lines', async () => {
    const before = await run(folder(`${ACTIVITY_LINES.slice(0, 7).join('\n')}\n`));
    const edited = ACTIVITIES.replace('A1,L1,2026-10-01 11:00,call,no_answer', 'A1,L1,2026-10-01 11:00,call,connected');
    const after = await run(folder(edited), before.path);
    expect(after.grew).toBe(false);
    expect(outcome(after)).toEqual(outcome(await run(folder(edited))));
  });

  it('reads the whole file again when the new lines change how the old ones read (a month above 12)', async () => {
    // The old lines hold no slashed date (day-first by default); a new 10/25 makes the file month-first.
    const old = 'activity_id,lead_id,occurred_at,type\nA1,L1,2026-10-01 11:00,call\nA2,L1,2026-10-02 11:00,call\n';
    const grown = `${old}A3,L1,10/25/2026 11:00,call\n`;
    const after = await run(folder(grown), (await run(folder(old))).path);
    expect(after.grew).toBe(false);
    expect(after.staged.map((r) => r.occurred_at)).toEqual(['2026-10-01 14:00:00', '2026-10-02 14:00:00', '2026-10-25 14:00:00']);
    expect(outcome(after)).toEqual(outcome(await run(folder(grown))));
  });

  it('stops, naming the file, when old and new lines mix day-first and month-first dates', async () => {
    const old = 'activity_id,lead_id,occurred_at,type\nA1,L1,13/10/2026 11:00,call\n';
    const first = await run(folder(old));
    const error = await run(folder(`${old}A2,L1,10/25/2026 11:00,call\n`), first.path).catch((e: unknown) => e);
    expect(String(error)).toMatch(/activities\.csv: its dates mix day-first and month-first forms \(1 start with a day above 12, 1 have a month above 12\)/);
    expect(String(error)).not.toMatch(/handoff-appended-/);
  });

  it('keeps the orphan count of inputs that did not change, and counts again when the leads did', async () => {
    const first = await run(folder(ACTIVITIES));
    expect(first.stats.orphans).toBe(1); // A6 of L9
    // Nothing changed: the count recorded last time holds (the query is not run again).
    const second = await run(folder(ACTIVITIES), first.path);
    expect(second.reused).toBe(true);
    expect(second.stats.orphans).toBe(1);
    // The leads lost L2: the same activities now hold four orphans (A3, A9, A5 of L2, and A6).
    const third = await run(folder(ACTIVITIES, 'lead_id,created_at,mql_at\nL1,2026-10-01 09:00,2026-10-01 10:00\n'), second.path);
    expect(third.reused).toBe(true);
    expect(third.stats.orphans).toBe(4);
  });
});
