import { dirname, resolve, sep } from 'node:path';

// Errors are classified by what they are, not by a list the CLI keeps: every problem the person
// running handoff can fix extends `UserError`; anything else reaching the CLI is a bug.

/** A problem the person running handoff can fix (an input, the contract, an argument, the disk); its message is the full sentence to print. */
export class UserError extends Error {
  override name = 'UserError';
}

/** A file or folder named on the command line that the file system refused: what, where, and which flag to change. */
export class PathError extends UserError {
  override name = 'PathError';
}

/** A path the person chose, and the flag that chose it. */
export interface ChosenPath {
  flag: string;
  path: string;
  /** What the flag must name, for the fix sentence. */
  wants: string;
}

const REFUSALS: Record<string, (path: string, syscall: string) => string> = {
  ENOENT: (p) => `${p} does not exist`,
  EACCES: (p, call) => `handoff is not allowed to ${call} ${p} (permission denied)`,
  EPERM: (p, call) => `handoff is not allowed to ${call} ${p} (the operation is not permitted, for example on an immutable folder)`,
  EROFS: (p, call) => `${p} is on a read-only file system, so handoff cannot ${call} it`,
  ENOTDIR: (p) => `part of ${p} is a file, not a folder`,
  EEXIST: (p, call) => (call === 'create the folder' ? `${p} is a file, not a folder` : `${p} already exists, so handoff cannot ${call} it`),
  EISDIR: (p) => `${p} is a folder where a file is needed`,
};

const ACTIONS: Record<string, string> = {
  mkdir: 'create the folder',
  mkdtemp: 'create a folder in',
  open: 'open',
  scandir: 'list',
  rename: 'move',
  unlink: 'delete',
  rmdir: 'delete',
  rm: 'delete',
  copyfile: 'copy',
  write: 'write',
  stat: 'inspect',
  lstat: 'inspect',
};

/**
 * Turns a Node file-system error (ENOENT, EACCES, EROFS…) on a path under one of `chosen` into a
 * sentence naming the path and its flag; other errors are not the person's to fix here, so null.
 */
export function pathError(error: unknown, chosen: readonly ChosenPath[]): PathError | null {
  const e = error as NodeJS.ErrnoException & { dest?: string };
  const refusal = typeof e?.code === 'string' ? REFUSALS[e.code] : undefined;
  if (!(error instanceof Error) || refusal === undefined) return null;
  for (const failed of [e.path, e.dest]) {
    if (typeof failed !== 'string') continue;
    // mkdtemp reports its template (`…/.tmp-run-XXXXXX`); the folder it failed in is what to name.
    const named = e.syscall === 'mkdtemp' ? dirname(failed) : failed;
    const at = resolve(named);
    const owner = chosen
      .filter((c) => at === resolve(c.path) || at.startsWith(resolve(c.path) + sep))
      .sort((a, b) => resolve(b.path).length - resolve(a.path).length)[0];
    if (!owner) continue;
    const action = ACTIONS[e.syscall ?? ''] ?? (e.syscall ? `${e.syscall}` : 'use');
    return new PathError(`Cannot use ${owner.flag} ${owner.path}: ${refusal(named, action)} (${e.code}). Give ${owner.flag} ${owner.wants}.`);
  }
  return null;
}
