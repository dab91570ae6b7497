import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AsOfError, runPipeline, type RunOptions } from '../../pipeline/run.ts';
import { runSchema } from '../../pipeline/schemas/snapshot.ts';
import { fixedClock, memoryLogger } from '../../pipeline/steps.ts';

// What a run may replace in --out, and which periods it may freeze, on tests/fixtures/skeleton
// (America/Sao_Paulo; newest input timestamp 2026-10-20 10:00 local = 2026-10-20T13:00:00Z).

let work: string;
let input: string;
let out: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'handoff-outputs-'));
  input = join(work, 'input');
  out = join(work, 'out');
  cpSync('tests/fixtures/skeleton', input, { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const run = (extra: Partial<RunOptions> = {}) => {
  const logger = memoryLogger();
  return runPipeline({ input, config: join(input, 'sla.yaml'), out, ...extra }, { logger, clock: fixedClock('2026-11-03T12:00:00Z') }).then((result) => ({ result, logger }));
};
const periodsWritten = () => readdirSync(join(out, 'snapshots')).sort();

describe('a run replaces only the files handoff wrote', () => {
  it('keeps foreign files in actions/, actions/briefs/ and rejects/, with and without --actions-only', async () => {
    await run();
    const foreign = { 'actions/my-notes.txt': 'call Ana on Monday\n', 'actions/briefs/mine.md': '# my own brief\n', 'rejects/README.txt': 'rejects are private\n' };
    for (const [path, text] of Object.entries(foreign)) writeFileSync(join(out, path), text);
    // A kind's rejects from an earlier run whose rows are all loaded now: handoff's own file, removed.
    writeFileSync(join(out, 'rejects', 'deals.csv'), 'line,reason,deal_id\n2,old,D1\n');
    await run();
    for (const [path, text] of Object.entries(foreign)) expect(readFileSync(join(out, path), 'utf8')).toBe(text);
    expect(readdirSync(join(out, 'rejects')).sort()).toEqual(['README.txt', 'activities.csv', 'leads.csv']);
    await run({ actionsOnly: true });
    for (const [path, text] of Object.entries(foreign)) expect(readFileSync(join(out, path), 'utf8')).toBe(text);
  });

  it('lists its own actions files in state.json and removes its stale briefs, and only those', async () => {
    await run();
    const state = JSON.parse(readFileSync(join(out, 'actions', 'state.json'), 'utf8')) as { files: string[] };
    // The fixture at its newest timestamp: L2#2 is due soon (one brief); L4 is under-attempted (no brief).
    const worklists = ['breached', 'due-soon', 'under-attempted', 'new-priority'].flatMap((n) => [`${n}.csv`, `${n}.json`]);
    expect(state.files).toEqual([...worklists, 'state.json', 'briefs/L2-2.md']);
    for (const f of state.files) expect(existsSync(join(out, 'actions', f))).toBe(true);
    // A brief an earlier run wrote and listed, for a lead no longer on any list, goes with the next run.
    writeFileSync(join(out, 'actions', 'briefs', 'L1-1.md'), '# L1\n');
    writeFileSync(join(out, 'actions', 'state.json'), JSON.stringify({ ...state, files: [...state.files, 'briefs/L1-1.md'] }));
    await run();
    expect(readdirSync(join(out, 'actions', 'briefs'))).toEqual(['L2-2.md']);
  });
});

describe('--as-of after the data', () => {
  it('refuses an as-of more than a day after the newest input timestamp, naming both and the flag', async () => {
    await expect(run({ asOf: '2026-10-21 10:01' })).rejects.toThrow(AsOfError);
    await expect(run({ asOf: '2031-01-01' })).rejects.toThrow(
      '--as-of 2031-01-01T03:00:00Z is more than a day after the newest timestamp in the inputs (2026-10-20T13:00:00Z)',
    );
    await expect(run({ asOf: '2031-01-01' })).rejects.toThrow(/pass --force-as-of/);
    expect(existsSync(join(out, 'snapshots'))).toBe(false);
    // Exactly one day later is still a cut-off for these data.
    const { result } = await run({ asOf: '2026-10-21 10:00' });
    expect(result.run.as_of).toBe('2026-10-21T13:00:00Z');
  });

  it('never writes a period that starts after the data, even when forced, so a later run leaves only periods with data', async () => {
    const { result, logger } = await run({ asOf: '2031-01-01', forceAsOf: true });
    await run();
    // Before the fix the forced run froze 51 empty months, 2026-11 … 2031-01, and they outlived this correct run.
    expect(periodsWritten()).toEqual(['2026-09', '2026-10']);
    // October is closed at the forced as_of, with the data it has.
    expect(result.run.periods).toEqual([
      { period: '2026-09', closed: true, written: true },
      { period: '2026-10', closed: true, written: true },
    ]);
    expect(logger.lines).toContain('warning: 51 periods after the newest input timestamp 2026-10-20T13:00:00Z (2026-11 … 2031-01) hold no data and were not written.');
    expect(runSchema.parse(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).as_of).toBe('2026-10-20T13:00:00Z');
  });
});

describe('a frozen period freezes every file', () => {
  // A lead created on 02/11 moves the data into November, so October is closed. Between the two
  // runs only the wording of L2's recycle reason changes (Timing → Bad timing, on 02/10): no metric
  // counts reason texts, so October's metric files stay the same and reasons.json alone changes.
  const reword = () =>
    writeFileSync(join(input, 'lead_events.csv'), readFileSync(join(input, 'lead_events.csv'), 'utf8').replace('recycled,2026-10-02 10:00:00,Timing', 'recycled,2026-10-02 10:00:00,Bad timing'));
  const recycled = () => (JSON.parse(readFileSync(join(out, 'snapshots', '2026-10', 'reasons.json'), 'utf8')) as { recycled: unknown[] }).recycled;

  beforeEach(() => {
    writeFileSync(join(input, 'leads.csv'), `${readFileSync(join(input, 'leads.csv'), 'utf8')}L7,2026-11-02 09:00:00,,Gil,,,organic,,,,,,,,\n`);
  });

  it('reports a change to a detail file alone as a drift and keeps the file frozen without --restate', async () => {
    await run();
    expect(recycled()).toEqual([{ reason: 'Timing', count: 1 }]);
    const frozen = readFileSync(join(out, 'snapshots', '2026-10', 'reasons.json'), 'utf8');
    reword();
    const { result } = await run();
    expect(result.drift).toEqual([{ period: '2026-10', changes: [], files: ['reasons.json'] }]);
    expect(readFileSync(join(out, 'snapshots', '2026-10', 'reasons.json'), 'utf8')).toBe(frozen);
  });

  it('rewrites it under --restate and records which files changed', async () => {
    await run();
    reword();
    const { result } = await run({ restate: true });
    expect(result.drift).toEqual([{ period: '2026-10', changes: [], files: ['reasons.json'] }]);
    expect(recycled()).toEqual([{ reason: 'Bad timing', count: 1 }]);
    expect(JSON.parse(readFileSync(join(out, 'snapshots', '2026-10', 'restatements.json'), 'utf8'))).toEqual([
      { restated_at: '2026-11-03T12:00:00.000Z', as_of: '2026-11-02T12:00:00Z', changes: [], files: ['reasons.json'] },
    ]);
    // Restated once, frozen again: the same inputs find nothing left to change.
    expect((await run()).result.drift).toEqual([]);
  });
});

