import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockOutputs, OutputsLockedError } from '../../pipeline/outputs/lock.ts';
import { recoverOutputs, SWAP_JOURNAL } from '../../pipeline/outputs/swap.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { fixedClock, memoryLogger, silentLogger } from '../../pipeline/steps.ts';
import { loadSnapshots } from '../../site/lib/snapshots.ts';
import { killHard, startCli, tableCount, tree, waitForFile, type CliRun } from './outputs-harness.ts';

// kill -9 at every named fault point of a run (pipeline/outputs/fault-points.ts), mid-swap included,
// and two runs on one --out. The previous outputs come from tests/fixtures/skeleton; the killed run
// reads it with one more SAL in October, so its snapshot of 2026-10, warehouse, run.json and
// worklists all differ from the previous ones and any mix would show.

const work = mkdtempSync(join(tmpdir(), 'handoff-swap-'));
const inputA = join(work, 'a');
const inputB = join(work, 'b');
const previous = join(work, 'previous');
const out = join(work, 'out');
const marker = join(work, 'paused');
let before: Record<string, string>;
let expectedA: Record<string, string>;
let expectedB: Record<string, string>;
let moves = 0;

const args = (input: string) => ['--input', input, '--config', join(input, 'sla.yaml'), '--out', out];
const runIn = (input: string, logger = silentLogger) =>
  runPipeline({ input, config: join(input, 'sla.yaml'), out }, { logger, clock: fixedClock('2026-11-01T12:00:00Z') });
// run.json (its clock and seconds) and the warehouse's bytes differ between two runs of the same inputs.
const deterministic = (dir: string) => tree(dir, ['run.json', 'warehouse.duckdb', LOCK_FILE]);

beforeAll(async () => {
  cpSync('tests/fixtures/skeleton', inputA, { recursive: true });
  cpSync('tests/fixtures/skeleton', inputB, { recursive: true });
  writeFileSync(join(inputB, 'lead_events.csv'), `${readFileSync(join(inputB, 'lead_events.csv'), 'utf8')}L4,sql,2026-10-12 10:00:00,\n`);
  await runIn(inputA);
  cpSync(out, previous, { recursive: true });
  before = tree(previous);
  // What a complete run leaves on top of the previous outputs (worklists depend on the previous as_of).
  await runIn(inputB);
  expectedB = deterministic(out);
  resetOutputs();
  await runIn(inputA);
  expectedA = deterministic(out);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function resetOutputs(): void {
  rmSync(out, { recursive: true, force: true });
  cpSync(previous, out, { recursive: true });
  rmSync(marker, { force: true });
}

/** Starts a run on input B that pauses at `point`, and waits until it is there. */
async function pausedAt(point: string): Promise<CliRun> {
  const run = startCli(args(inputB), { HANDOFF_TEST_PAUSE_AT: point, HANDOFF_TEST_PAUSE_MARKER: marker });
  await waitForFile(marker, run);
  return run;
}

/** kill -9 at `point`, then checks what the next run finds and leaves. */
async function killAt(point: string, committed = false): Promise<void> {
  resetOutputs();
  const run = await pausedAt(point);
  if (point === 'journal-written') moves = (JSON.parse(readFileSync(join(out, SWAP_JOURNAL), 'utf8')) as { moves: unknown[] }).moves.length;
  await killHard(run);
  const pid = run.child.pid!;
  expect(readFileSync(join(out, LOCK_FILE), 'utf8'), point).toContain(`"pid":${pid}`);
  if (existsSync(join(out, SWAP_JOURNAL))) {
    // The site refuses to publish from a folder whose swap did not finish.
    expect(() => loadSnapshots(join(out, 'snapshots')), point).toThrow(/a pipeline run was stopped while moving its outputs into place/);
  }
  // What the next run does before anything else: take over the dead run's lock, roll back.
  const logger = memoryLogger();
  const release = lockOutputs(out, logger, new Date());
  recoverOutputs(out, logger);
  expect(logger.lines[0], point).toContain(`A run that no longer exists (pid ${pid}`);
  if (committed) expect(deterministic(out), point).toEqual(expectedB);
  else expect(tree(out, [LOCK_FILE]), point).toEqual(before);
  release();
  expect(readdirSync(out).sort(), point).toEqual(['actions', 'rejects', 'run.json', 'snapshots', 'warehouse.duckdb']);
  // …and the next run then succeeds.
  await runIn(inputB);
  expect(deterministic(out), point).toEqual(expectedB);
  expect(loadSnapshots(join(out, 'snapshots')).map((p) => p.period)).toEqual(['2026-09', '2026-10']);
}

describe('kill -9 at each stage of a run', () => {
  it.each(['locked', 'ingested', 'written', 'journal-written'])('at %s: the previous outputs are byte-identical and the next run succeeds', async (point) => {
    await killAt(point);
  }, 120_000);

  it('mid-swap, after k of n moves and between the halves of a move: rolled back to the previous outputs', async () => {
    // Moves: snapshots/2026-10, warehouse.duckdb, rejects/leads.csv, rejects/activities.csv, run.json,
    // the 8 worklist files, state.json, briefs/L2-2.md.
    expect(moves).toBe(15);
    for (const point of ['backup:1', 'move:1', 'move:7', 'backup:15', 'move:15', 'moves-done']) await killAt(point);
  }, 600_000);

  it('after the commit (journal removed, backups not yet deleted): the new outputs stay and the backups go', async () => {
    await killAt('committed', true);
  }, 120_000);

  it('the next CLI run rolls back by itself, says so, and succeeds', async () => {
    resetOutputs();
    const killed = await pausedAt('move:7');
    await killHard(killed);
    const next = await startCli(args(inputA)).exited;
    expect(next.code).toBe(0);
    expect(next.stderr).toContain(`warning: A run that no longer exists (pid ${killed.child.pid}`);
    expect(next.stderr).toContain(`warning: An earlier run (pid ${killed.child.pid}) was stopped while moving its outputs into ${out}; its moves were undone`);
    expect(deterministic(out)).toEqual(expectedA);
    expect(await tableCount(join(out, 'warehouse.duckdb'))).toBeGreaterThan(20);
  }, 120_000);
});

describe('two runs on one --out', () => {
  it('refuses the second while the first runs, naming its pid, and leaves the first to finish', async () => {
    resetOutputs();
    const first = await pausedAt('ingested');
    const firstTmp = readdirSync(out).filter((n) => n.startsWith('.tmp-run-'));
    expect(firstTmp).toEqual([expect.stringMatching(new RegExp(`^\\.tmp-run-${first.child.pid}-`))]);
    const second = await startCli(args(inputA)).exited;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Another handoff run (pid ${first.child.pid}, started `);
    expect(second.stderr).toContain(`is writing to ${out}. Wait for it to finish and run again.`);
    // The second run touched nothing: the first's temp folder and the outputs are as they were.
    expect(readdirSync(out).filter((n) => n.startsWith('.tmp-run-'))).toEqual(firstTmp);
    expect(tree(out, [LOCK_FILE, firstTmp[0]!])).toEqual(before);
    rmSync(marker);
    const done = await first.exited;
    expect(done.code, done.stderr).toBe(0);
    expect(deterministic(out)).toEqual(expectedB);
    expect(readdirSync(out).sort()).toEqual(['actions', 'rejects', 'run.json', 'snapshots', 'warehouse.duckdb']);
  }, 120_000);

  it('in one process too: a held lock is refused with OutputsLockedError', async () => {
    resetOutputs();
    const release = lockOutputs(out, silentLogger, new Date());
    try {
      await expect(runIn(inputA)).rejects.toThrow(OutputsLockedError);
    } finally {
      release();
    }
    expect(tree(out)).toEqual(before);
  });

  it('takes over a dead run\'s lock with a warning and deletes only the temp folders of dead runs', async () => {
    resetOutputs();
    const dead = spawn('true');
    await new Promise((done) => dead.on('exit', done));
    const alive = spawn('sleep', ['60']);
    try {
      writeFileSync(join(out, LOCK_FILE), `${JSON.stringify({ pid: dead.pid, started_at: '2026-11-01T11:00:00.000Z' })}\n`);
      mkdirSync(join(out, `.tmp-run-${dead.pid}-abc`));
      mkdirSync(join(out, `.tmp-run-${alive.pid}-xyz`));
      const logger = memoryLogger();
      await runIn(inputA, logger);
      expect(logger.lines[0]).toBe(`warning: A run that no longer exists (pid ${dead.pid}, started 2026-11-01T11:00:00.000Z) left ${out} locked; taking the lock over.`);
      expect(readdirSync(out).sort()).toEqual([`.tmp-run-${alive.pid}-xyz`, 'actions', 'rejects', 'run.json', 'snapshots', 'warehouse.duckdb']);
    } finally {
      alive.kill('SIGKILL');
    }
  });
});
