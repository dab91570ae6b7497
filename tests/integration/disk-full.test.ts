import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskFullError } from '../../pipeline/outputs/disk-full.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { fixedClock, silentLogger } from '../../pipeline/steps.ts';
import { startCli, tableCount, tree } from './outputs-harness.ts';

// A real full disk: --out on a 16 MiB tmpfs, filled up to leave a chosen amount free before a run.
// On tests/fixtures/skeleton a run writes a 4.4 MB warehouse; with 0 or 64 KiB free a Node write
// fails (ENOSPC), with 1 or 4 MiB free only DuckDB's checkpoint does. Before the fix the latter
// exited 0 and replaced warehouse.duckdb with a file with no tables.

const work = mkdtempSync(join(tmpdir(), 'handoff-diskfull-'));
const disk = join(work, 'disk');
const input = join(work, 'input');
const out = join(disk, 'out');
const filler = join(disk, 'filler');
let cannotMount: string | null = null;

beforeAll(() => {
  mkdirSync(disk);
  cpSync('tests/fixtures/skeleton', input, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', disk], { stdio: 'pipe' });
  } catch (error) {
    cannotMount = `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()}); the disk-full tests need root or CAP_SYS_ADMIN`;
    console.warn(`skipping disk-full tests: ${cannotMount}`);
  }
});
afterAll(() => {
  if (!cannotMount) execFileSync('umount', [disk]);
  rmSync(work, { recursive: true, force: true });
});

const run = () => runPipeline({ input, config: join(input, 'sla.yaml'), out }, { logger: silentLogger, clock: fixedClock('2026-11-01T12:00:00Z') });

/** Fills the disk so that `free` bytes are left. */
function leaveFree(free: number): void {
  rmSync(filler, { force: true });
  const stats = statfsSync(disk);
  writeFileSync(filler, Buffer.alloc(Math.max(0, stats.bavail * stats.bsize - free)));
}

describe('a full disk', () => {
  it('fails the run with a sentence and keeps the previous outputs byte-identical, wherever the space runs out', async (ctx) => {
    if (cannotMount) ctx.skip(cannotMount);
    await run();
    // The next run's inputs differ, so a partial swap would show.
    writeFileSync(join(input, 'lead_events.csv'), 'lead_id,stage,at,reason\nL4,sal,2026-10-05 09:30:00,\n');
    const before = tree(out);
    for (const free of [0, 64 * 1024, 1024 * 1024, 4 * 1024 * 1024]) {
      leaveFree(free);
      const failed = await run().then(
        () => null,
        (error: unknown) => error,
      );
      expect(failed, `with ${free} bytes free`).toBeInstanceOf(DiskFullError);
      expect((failed as Error).message).toMatch(new RegExp(`^The disk is full: handoff ran out of space while writing its outputs in ${out} \\(.*\\)\\. The previous outputs in ${out} are untouched\\. Free some space`));
      expect(tree(out), `with ${free} bytes free`).toEqual(before);
    }
    rmSync(filler);
    await run();
    expect(await tableCount(join(out, 'warehouse.duckdb'))).toBeGreaterThan(20);
    expect(readdirSync(out).sort()).toEqual(['actions', 'rejects', 'run.json', 'snapshots', 'warehouse.duckdb']);
  });

  it('exits 1 from the CLI, saying the disk is full and where', async (ctx) => {
    if (cannotMount) ctx.skip(cannotMount);
    rmSync(out, { recursive: true, force: true });
    await run();
    const before = tree(out);
    leaveFree(1024 * 1024);
    const { code, stderr } = await startCli(['--input', input, '--config', join(input, 'sla.yaml'), '--out', out]).exited;
    rmSync(filler);
    expect(code).toBe(1);
    expect(stderr).toContain(`The disk is full: handoff ran out of space while writing its outputs in ${out}`);
    expect(stderr).not.toContain('Internal error');
    expect(tree(out)).toEqual(before);
  });
});
