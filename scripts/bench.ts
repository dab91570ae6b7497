// `npm run bench`: prints how long the pipeline takes on a generated dataset, next to the floor of
// DuckDB's own bulk `read_csv` of the same files, and the peak memory of each. A script that
// prints figures, not a test. Each phase runs in its own child process so its peak RSS is its own.
//
//   npm run bench [-- --size large|medium|sample] [--data DIR] [--threads N] [--memory-limit 2GB]
//
// The last line is always: bench: pipeline <s> s, read_csv <s> s, ratio <x>, peak_rss <MiB> MiB
// Before it: bench: floor_file <s> s, ratio_file <x> (the pipeline over read_csv into a database
// file) and bench: actions_only … (the cron path after that run, with nothing and with one file changed).
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Db, literal } from '../pipeline/db.ts';
import { runPipeline } from '../pipeline/run.ts';
import { silentLogger, systemClock } from '../pipeline/steps.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'large' },
    data: { type: 'string' },
    phase: { type: 'string' },
    out: { type: 'string' },
    threads: { type: 'string' },
    'memory-limit': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('Usage: npm run bench [-- --size large|medium|sample] [--data DIR] [--threads N] [--memory-limit 2GB]');
  process.exit(0);
}

const size = values.size!;
const data = values.data ?? (size === 'sample' ? 'data/sample' : join('bench-data', size));
const dbOptions = {
  ...(values.threads ? { threads: Number(values.threads) } : {}),
  ...(values['memory-limit'] ? { memoryLimit: values['memory-limit'] } : {}),
};
const mib = (bytes: number) => bytes / 1024 / 1024;
// process.resourceUsage().maxRSS is in KiB.
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

/**
 * Phase (a): DuckDB's own bulk load of every CSV of the dataset into tables, the floor: in memory
 * (the ratio's denominator), or into a database file as the pipeline's warehouse is (context).
 */
async function readCsvPhase(intoFile: boolean): Promise<object> {
  const scratch = intoFile ? mkdtempSync(join(tmpdir(), 'handoff-bench-')) : null;
  const db = await Db.open(scratch ? join(scratch, 'floor.duckdb') : ':memory:', dbOptions);
  const started = performance.now();
  const tables: Record<string, number> = {};
  for (const file of readdirSync(data).filter((f) => f.endsWith('.csv')).sort()) {
    const table = file.replace(/\.csv$/, '');
    await db.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv(${literal(join(data, file))}, header = true, ignore_errors = true)`);
    tables[table] = (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`)).n;
  }
  if (scratch) await db.run('CHECKPOINT');
  const seconds = (performance.now() - started) / 1000;
  db.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  return { seconds, tables, peak_rss_mib: peakRssMiB() };
}

/** The start of a statement, one line, as the profile names it. */
const statementLabel = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 110);

/** Phase (b): the full pipeline into the output folder `out` (kept for phase c), with every DuckDB statement timed. */
async function pipelinePhase(out: string): Promise<object> {
  const statements: Array<{ sql: string; seconds: number }> = [];
  const started = performance.now();
    const onStatement = (sql: string, ms: number) => statements.push({ sql: statementLabel(sql), seconds: ms / 1000 });
    const result = await runPipeline({ input: data, config: 'sla.yaml', out, db: { ...dbOptions, onStatement } }, { logger: silentLogger, clock: systemClock });
    const seconds = (performance.now() - started) / 1000;
    const rows = Object.fromEntries(Object.entries(result.run.inputs).map(([k, s]) => [k, s!.rows_read]));
    const inDuckDb = statements.reduce((sum, x) => sum + x.seconds, 0);
    const slowest = [...statements].sort((a, b) => b.seconds - a.seconds).slice(0, 12);
    return { seconds, stages: result.stageSeconds, rows, peak_rss_mib: peakRssMiB(), in_duckdb: inDuckDb, statements: statements.length, slowest };
}

/**
 * Phase (c): the cron path (`--actions-only`) after phase b's run in `out`: with nothing changed,
 * then with activities.csv changed (one row appended; the other files are links to the dataset's).
 */
async function actionsPhase(out: string): Promise<object> {
  const timed = async (input: string) => {
    const started = performance.now();
    const result = await runPipeline(
      { input, config: 'sla.yaml', out, actionsOnly: true, allowOutsideInput: true, db: dbOptions },
      { logger: silentLogger, clock: systemClock },
    );
    return { seconds: (performance.now() - started) / 1000, stages: result.stageSeconds };
  };
  const unchanged = await timed(data);
  const changed = mkdtempSync(join(tmpdir(), 'handoff-bench-input-'));
  try {
    for (const file of readdirSync(data).filter((f) => f.endsWith('.csv'))) {
      if (file === 'activities.csv') copyFileSync(join(data, file), join(changed, file));
      else symlinkSync(resolve(data, file), join(changed, file));
    }
    // A new activity: the last row again under a new id, so the file changes and nothing else does.
    const activities = join(changed, 'activities.csv');
    const size = statSync(activities).size;
    const fd = openSync(activities, 'r');
    const end = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, end, 0, end.length, size - end.length);
    closeSync(fd);
    const tail = end.toString('utf8').trimEnd().split('\n').at(-1)!;
    appendFileSync(activities, `${tail.replace(/^([^,]*)/, '$1-bench')}\n`);
    const oneChanged = await timed(changed);
    return { unchanged, one_changed: oneChanged };
  } finally {
    rmSync(changed, { recursive: true, force: true });
  }
}

if (values.phase) {
  const result =
    values.phase === 'pipeline' ? await pipelinePhase(values.out!) : values.phase === 'actions' ? await actionsPhase(values.out!) : await readCsvPhase(values.phase === 'read_csv_file');
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

if (!existsSync(join(data, 'leads.csv'))) {
  if (values.data) throw new Error(`${data} has no leads.csv; generate it with npm run sample -- --size ${size} --out ${data}`);
  console.log(`generating the ${size} dataset into ${data} …`);
  execFileSync('npm', ['run', '-s', 'sample', '--', '--size', size, '--out', data], { stdio: 'inherit' });
}
const bytes = readdirSync(data).filter((f) => f.endsWith('.csv')).reduce((sum, f) => sum + statSync(join(data, f)).size, 0);
console.log(`dataset ${data}: ${mib(bytes).toFixed(0)} MiB of CSV`);

function phase(name: string, out?: string): Record<string, unknown> {
  const args = ['scripts/bench.ts', '--phase', name, '--size', size, '--data', data, ...(out === undefined ? [] : ['--out', out])];
  if (values.threads) args.push('--threads', values.threads);
  if (values['memory-limit']) args.push('--memory-limit', values['memory-limit']);
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, TZ: 'UTC' } });
  if (child.status !== 0) throw new Error(`bench phase ${name} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

const floor = phase('read_csv') as { seconds: number; tables: Record<string, number>; peak_rss_mib: number };
console.log(`read_csv: ${floor.seconds.toFixed(2)} s, peak RSS ${floor.peak_rss_mib.toFixed(0)} MiB`);
for (const [table, n] of Object.entries(floor.tables)) console.log(`  ${table}: ${n} rows`);
const fileFloor = phase('read_csv_file') as { seconds: number; peak_rss_mib: number };
console.log(`read_csv into a database file (the pipeline writes one too): ${fileFloor.seconds.toFixed(2)} s, peak RSS ${fileFloor.peak_rss_mib.toFixed(0)} MiB`);

const out = mkdtempSync(join(tmpdir(), 'handoff-bench-'));
const run = phase('pipeline', out) as {
  seconds: number;
  stages: Record<string, number>;
  rows: Record<string, number>;
  peak_rss_mib: number;
  in_duckdb: number;
  statements: number;
  slowest: Array<{ sql: string; seconds: number }>;
};
const totalRows = Object.values(run.rows).reduce((a, b) => a + b, 0);
console.log(`pipeline: ${run.seconds.toFixed(2)} s, peak RSS ${run.peak_rss_mib.toFixed(0)} MiB`);
for (const [stage, s] of Object.entries(run.stages)) {
  console.log(`  ${stage.padEnd(9)} ${s.toFixed(2).padStart(7)} s  ${Math.round(totalRows / Math.max(s, 1e-9)).toLocaleString('en')} input rows/s`);
}
for (const [kind, n] of Object.entries(run.rows)) console.log(`  ${kind}: ${n} rows read`);
// The profile: where the time goes, statement by statement (the rest is JS: byte scans, hashing, writing files).
console.log(`profile: ${run.statements} DuckDB statements took ${run.in_duckdb.toFixed(1)} s of ${run.seconds.toFixed(1)} s; the slowest:`);
for (const x of run.slowest) console.log(`  ${x.seconds.toFixed(2).padStart(6)} s  ${x.sql}`);

type Timed = { seconds: number; stages: Record<string, number> };
let cron: { unchanged: Timed; one_changed: Timed };
try {
  cron = phase('actions', out) as typeof cron;
} finally {
  rmSync(out, { recursive: true, force: true });
}
const stagesText = (t: Timed) => Object.entries(t.stages).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
console.log(`--actions-only after that run, nothing changed: ${cron.unchanged.seconds.toFixed(2)} s (${stagesText(cron.unchanged)})`);
console.log(`--actions-only, activities.csv changed: ${cron.one_changed.seconds.toFixed(2)} s (${stagesText(cron.one_changed)})`);

console.log(`bench: floor_file ${fileFloor.seconds.toFixed(1)} s, ratio_file ${(run.seconds / fileFloor.seconds).toFixed(2)}`);
const share = (t: Timed) => `${Math.round((100 * t.seconds) / run.seconds)}%`;
console.log(
  `bench: actions_only unchanged ${cron.unchanged.seconds.toFixed(1)} s (${share(cron.unchanged)} of the run), ` +
    `activities.csv changed ${cron.one_changed.seconds.toFixed(1)} s (${share(cron.one_changed)})`,
);
const ratio = run.seconds / floor.seconds;
console.log(`bench: pipeline ${run.seconds.toFixed(1)} s, read_csv ${floor.seconds.toFixed(1)} s, ratio ${ratio.toFixed(2)}, peak_rss ${Math.round(run.peak_rss_mib)} MiB`);
