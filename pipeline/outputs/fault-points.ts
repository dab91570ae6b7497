import { existsSync, writeFileSync } from 'node:fs';

// Named points where tests stop a real run (a child process) to kill -9 it there or let it go on.
// Inert unless HANDOFF_TEST_PAUSE_AT names the point: at it, the run writes its pid into
// HANDOFF_TEST_PAUSE_MARKER and waits, without returning to the event loop, until that file is gone.

/**
 * The points, in the order a run passes them: `locked` (lock held, interrupted swaps rolled back),
 * `ingested`, `written` (every output in the temp folder, warehouse checkpointed and closed),
 * `journal-written`, then for move k of n `backup:k` (the old item moved aside) and `move:k` (the new
 * one in place), `moves-done`, `committed` (journal removed, backups not yet deleted).
 */
export function faultPoint(point: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.HANDOFF_TEST_PAUSE_AT !== point) return;
  const marker = env.HANDOFF_TEST_PAUSE_MARKER;
  if (!marker) return;
  writeFileSync(marker, `${process.pid}\n`);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (existsSync(marker)) Atomics.wait(cell, 0, 0, 20);
}
