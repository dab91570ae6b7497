import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

// Shared by the fault-injection tests: the pipeline as a real child process (so it can be killed
// with SIGKILL at a named fault point), and a byte-level picture of an outputs folder.

const ROOT = resolve(import.meta.dirname, '../..');

/** Every file (sha256) and folder under `dir`, by path relative to it; `skip` leaves out top-level names. */
export function tree(dir: string, skip: readonly string[] = []): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      if (rel === '' && skip.includes(name)) continue;
      const full = join(dir, path);
      if (lstatSync(full).isDirectory()) {
        found[`${path}/`] = 'dir';
        walk(path);
      } else found[path] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk('');
  return found;
}

/** A pipeline CLI run in a child process, with what it printed and how it ended. */
export interface CliRun {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `pipeline/cli.ts` in its own Node process (no npm wrapper: its pid is the run's). */
export function startCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, ['pipeline/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

/** Waits until `file` exists; fails with the run's output if the run ends first. */
export async function waitForFile(file: string, run: CliRun, timeoutMs = 90_000): Promise<void> {
  let ended: string | null = null;
  void run.exited.then((r) => (ended = `the run ended (code ${r.code}) before reaching the fault point:\n${r.stdout}\n${r.stderr}`));
  const until = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (ended) throw new Error(ended);
    if (Date.now() > until) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** kill -9, then waits for the exit so the pid is reaped (a zombie would still look alive). */
export async function killHard(run: CliRun): Promise<void> {
  run.child.kill('SIGKILL');
  const { signal } = await run.exited;
  if (signal !== 'SIGKILL') throw new Error(`expected the run to die of SIGKILL, got ${signal}`);
}

/** How many tables a warehouse file holds (0 for the empty file a lost checkpoint leaves). */
export async function tableCount(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll('SELECT count(*)::INTEGER FROM information_schema.tables');
    connection.closeSync();
    return reader.getRowsJson()[0]![0] as number;
  } finally {
    instance.closeSync();
  }
}
