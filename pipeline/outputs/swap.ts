import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import type { Logger } from '../steps.ts';
import { faultPoint } from './fault-points.ts';
import { processAlive } from './lock.ts';

// `--out` is a plain folder whose items (warehouse.duckdb, run.json, snapshots/<period>/,
// rejects/<kind>.csv, actions/…) keep their names and may sit beside things handoff does not own,
// so no single rename can switch a whole run. The swap is two-phase instead: the run writes and
// fsyncs everything into its temp folder; a journal listing every move is written atomically; each
// old item is renamed into the temp folder's `.previous/` and the new one renamed into place; the
// journal is removed last (the commit point). A run that finds a journal rolls those moves back
// before it does anything else, so a kill at any instant leaves the previous outputs or the new ones.

/** The journal of a swap in progress, at the root of `--out`; while it exists the outputs may be a mix. */
export const SWAP_JOURNAL = '.handoff-swap.json';

/** Temp folders of runs: `.tmp-run-<pid>-<random>`, the pid telling whether its run still lives. */
export const TMP_PREFIX = '.tmp-run-';

/** Where a swap keeps the items it replaced, inside its temp folder, until it commits. */
const PREVIOUS_DIR = '.previous';

/** One item of `--out` a swap replaces: `old` when it exists now, `new` when the run wrote one. */
interface Move {
  item: string;
  old: boolean;
  new: boolean;
}

/** The journal's content: the temp folder (a name inside `--out`) and the moves in order. */
interface Journal {
  pid: number;
  tmp: string;
  moves: Move[];
}

/** An interrupted swap cannot be rolled back because its backups are gone. */
export class UnfinishedSwapError extends UserError {
  override name = 'UnfinishedSwapError';
}

function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsyncs every file and folder under `dir` (and `dir` itself), so a rename publishes only durable bytes. */
export function syncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) syncTree(path);
    else if (entry.isFile()) fsyncPath(path);
  }
  fsyncPath(dir);
}

/** Creates this run's temp folder inside `out`, on the same disk so that renames stay atomic. */
export function makeRunFolder(out: string): string {
  return mkdtempSync(join(out, `${TMP_PREFIX}${process.pid}-`));
}

/**
 * Moves the run's new `items` (paths relative to `out`, written under `tmp`) into place, and moves
 * aside the old ones, `items` without a new version included (they are removed). Rolls back and
 * rethrows on any error; on return the swap is committed. `tmp` must then be deleted by the caller.
 */
export function swapIntoPlace(out: string, tmp: string, items: readonly string[]): void {
  const moves: Move[] = [...new Set(items)]
    .map((item) => ({ item, old: present(join(out, item)), new: present(join(tmp, item)) }))
    .filter((m) => m.old || m.new);
  for (const m of moves) {
    if (m.new) mkdirSync(dirname(join(out, m.item)), { recursive: true });
    if (m.old) mkdirSync(dirname(join(tmp, PREVIOUS_DIR, m.item)), { recursive: true });
  }
  syncTree(tmp);
  const journal: Journal = { pid: process.pid, tmp: basename(tmp), moves };
  const staged = join(tmp, 'journal.json');
  writeFileSync(staged, `${JSON.stringify(journal, null, 2)}\n`);
  fsyncPath(staged);
  renameSync(staged, join(out, SWAP_JOURNAL));
  fsyncPath(out);
  faultPoint('journal-written');
  try {
    moves.forEach((m, k) => {
      if (m.old) renameSync(join(out, m.item), join(tmp, PREVIOUS_DIR, m.item));
      faultPoint(`backup:${k + 1}`);
      if (m.new) renameSync(join(tmp, m.item), join(out, m.item));
      faultPoint(`move:${k + 1}`);
    });
    for (const dir of touchedDirs(out, moves)) fsyncPath(dir);
  } catch (error) {
    rollBack(out, journal);
    unlinkSync(join(out, SWAP_JOURNAL));
    fsyncPath(out);
    throw error;
  }
  faultPoint('moves-done');
  unlinkSync(join(out, SWAP_JOURNAL));
  fsyncPath(out);
  faultPoint('committed');
}

function touchedDirs(out: string, moves: readonly Move[]): string[] {
  return [...new Set(moves.map((m) => dirname(join(out, m.item))))].sort();
}

/** Undoes a journal's moves, last first; safe to repeat after being interrupted itself. */
function rollBack(out: string, journal: Journal): void {
  const tmp = join(out, journal.tmp);
  for (const m of [...journal.moves].reverse()) {
    const placed = join(out, m.item);
    const fresh = join(tmp, m.item);
    const backup = join(tmp, PREVIOUS_DIR, m.item);
    if (m.new && present(placed) && !present(fresh)) {
      mkdirSync(dirname(fresh), { recursive: true });
      renameSync(placed, fresh);
    }
    if (m.old && present(backup)) renameSync(backup, placed);
  }
  for (const dir of touchedDirs(out, journal.moves)) if (existsSync(dir)) fsyncPath(dir);
}

/** Whether `out` holds the journal of a swap that did not finish. */
export function hasUnfinishedSwap(out: string): boolean {
  return present(join(out, SWAP_JOURNAL));
}

/**
 * Run first, under the lock: rolls back a swap a killed run left half done (its journal), then
 * deletes the temp folders of runs that no longer exist. Temp folders of live processes are kept.
 */
export function recoverOutputs(out: string, logger: Logger): void {
  const journalFile = join(out, SWAP_JOURNAL);
  if (present(journalFile)) {
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as Journal;
    if (!present(join(out, journal.tmp))) {
      throw new UnfinishedSwapError(
        `${journalFile} records a swap of outputs that did not finish, but its backup folder ${join(out, journal.tmp)} is gone, ` +
          `so ${out} may hold a mix of two runs. Delete ${journalFile} and the items it lists, then run again to rewrite them.`,
      );
    }
    rollBack(out, journal);
    unlinkSync(journalFile);
    fsyncPath(out);
    rmSync(join(out, journal.tmp), { recursive: true, force: true });
    logger.warn(`An earlier run (pid ${journal.pid}) was stopped while moving its outputs into ${out}; its moves were undone, so the outputs before it are back in place.`);
  }
  for (const name of readdirSync(out)) {
    const owner = /^\.tmp-run-(\d+)-/.exec(name);
    if (!owner || processAlive(Number(owner[1]))) continue;
    rmSync(join(out, name), { recursive: true, force: true });
  }
}
