import { linkSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import type { Logger } from '../steps.ts';

/** The lock file at the root of `--out`: it holds the pid of the run writing there. */
export const LOCK_FILE = '.handoff.lock';

/** Another live run holds the lock on `--out`. */
export class OutputsLockedError extends UserError {
  override name = 'OutputsLockedError';
}

/** What a lock file says about its holder. */
interface LockHolder {
  pid: number;
  started_at: string;
}

/** True while a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return Number.isInteger(parsed.pid) && (parsed.pid as number) > 0 ? { pid: parsed.pid!, started_at: String(parsed.started_at ?? '?') } : null;
  } catch {
    return null;
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Takes `<out>/.handoff.lock` for this process (created exclusively, so of two runs only one gets
 * it) and returns its release. A live holder is refused with a sentence naming its pid; a lock left
 * by a run that no longer exists is taken over with a warning.
 */
export function lockOutputs(out: string, logger: Logger, now: Date): () => void {
  const file = join(out, LOCK_FILE);
  const mine = `${JSON.stringify({ pid: process.pid, started_at: now.toISOString() } satisfies LockHolder)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      return () => {
        if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        // Created but not written (a full disk): leave no empty lock behind.
        if (readHolder(file) === null) rmSync(file, { force: true });
        throw error;
      }
    }
    let holder = readHolder(file);
    if (holder === null) {
      // Created an instant ago and not yet written, or left empty by a run killed right then.
      sleepMs(200);
      holder = readHolder(file);
    }
    if (holder !== null && processAlive(holder.pid)) {
      throw new OutputsLockedError(
        `Another handoff run (pid ${holder.pid}, started ${holder.started_at}) is writing to ${out}. ` +
          `Wait for it to finish and run again. If no handoff run is going (pid ${holder.pid} is some other program), delete ${file}.`,
      );
    }
    // Move the stale lock aside under a name of our own, then check it is the one we judged dead:
    // two runs taking over at once cannot both remove a live lock this way.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const moved = readHolder(aside);
    if (moved !== null && holder !== null && moved.pid !== holder.pid && processAlive(moved.pid)) {
      try {
        linkSync(aside, file);
      } finally {
        unlinkSync(aside);
      }
      continue;
    }
    unlinkSync(aside);
    logger.warn(
      holder === null
        ? `${file} was empty (a run was killed while taking it); taking the lock over.`
        : `A run that no longer exists (pid ${holder.pid}, started ${holder.started_at}) left ${out} locked; taking the lock over.`,
    );
  }
  throw new OutputsLockedError(`Could not take the lock ${file}: other runs kept taking it. Wait for them to finish and run again.`);
}
