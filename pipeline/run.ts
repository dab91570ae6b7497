import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runActions, type ActionsResult } from './actions/run-actions.ts';
import { loadContract, type LoadedContract } from './contract/load.ts';
import type { InputKind } from './contract/schema.ts';
import { toCsv } from './csv.ts';
import { Db, literal, type DbOptions } from './db.ts';
import { UserError } from './errors.ts';
import { ingest, type Ingested } from './ingest/ingest.ts';
import { CODE_VERSION, startFromPrevious } from './ingest/reuse.ts';
import { timestampSql } from './ingest/value-sql.ts';
import { localDate } from './calendar/zone.ts';
import { buildModel, latestInputTimestamp, reportingPeriods } from './model/build-model.ts';
import type { Period } from './model/periods.ts';
import { computeMetrics } from './metrics/compute-metrics.ts';
import type { DetailFiles } from './schemas/detail-files.ts';
import { runSchema, type MetricRow, type Run } from './schemas/snapshot.ts';
import { diffMetrics, readSnapshotMetrics, renderSnapshot, writeSnapshot, type MetricChange } from './snapshot/write-snapshot.ts';
import type { Clock, Logger } from './steps.ts';
import { TOOL_VERSION } from './version.ts';

/** What one pipeline run is asked to do (the CLI's flags). */
export interface RunOptions {
  input: string;
  config: string;
  out: string;
  /** Cut-off in any input timestamp form; default: the latest timestamp in the inputs. */
  asOf?: string;
  /** Recompute closed (frozen) periods too, recording what changed. */
  restate?: boolean;
  /** Ingest, model and worklists only: no metrics, snapshots, rejects or warehouse are replaced. */
  actionsOnly?: boolean;
  /** Read input files that resolve outside `input` (`--allow-outside-input`). */
  allowOutsideInput?: boolean;
  /** Read and stage every input file again instead of reusing the previous warehouse's tables for unchanged ones (`--full`). */
  full?: boolean;
  db?: DbOptions;
}

/** The side effects a run receives. */
export interface RunDeps {
  logger: Logger;
  clock: Clock;
}

/** A frozen period whose recomputation differs from its snapshot. */
export interface FrozenDrift {
  period: string;
  changes: MetricChange[];
}

/** What a run did, for the CLI's summary and for tests. */
export interface RunResult {
  run: Run;
  periods: Period[];
  drift: FrozenDrift[];
  /** Seconds spent in each stage, for progress lines and the benchmark. */
  stageSeconds: Record<'ingest' | 'model' | 'metrics' | 'snapshot' | 'actions', number>;
  actions: ActionsResult;
}

/** A `--as-of` value that is not a timestamp. */
export class AsOfError extends UserError {
  override name = 'AsOfError';
}

const TMP_PREFIX = '.tmp-run-';

/**
 * One run: contract → ingest → model → metrics → snapshots, all written into a temporary folder
 * inside `--out` and moved into place only at the end, so a failed or killed run leaves the
 * previous outputs as they were.
 */
export async function runPipeline(options: RunOptions, { logger, clock }: RunDeps): Promise<RunResult> {
  const started = performance.now();
  const startedAt = clock.now().toISOString();
  const loaded = loadContract(options.config);
  const { contract } = loaded;
  mkdirSync(options.out, { recursive: true });
  for (const stale of readdirSync(options.out).filter((n) => n.startsWith(TMP_PREFIX))) {
    rmSync(join(options.out, stale), { recursive: true, force: true });
  }
  const tmp = mkdtempSync(join(options.out, TMP_PREFIX));
  let db: Db | null = null;
  try {
    const warehouse = join(tmp, 'warehouse.duckdb');
    let reusePrevious = !options.full && startFromPrevious(join(options.out, 'warehouse.duckdb'), warehouse);
    try {
      db = await Db.open(warehouse, options.db);
    } catch (error) {
      if (!reusePrevious) throw error;
      logger.warn(`the previous warehouse ${join(options.out, 'warehouse.duckdb')} could not be opened (${String(error).split('\n')[0]}), so every input is read again`);
      rmSync(warehouse, { force: true });
      rmSync(`${warehouse}.wal`, { force: true });
      reusePrevious = false;
      db = await Db.open(warehouse, options.db);
    }
    const ingestStage = timer();
    const ingested = await ingest(db, logger, options.input, contract, {
      now: clock.now(),
      allowOutsideInput: options.allowOutsideInput ?? false,
      // The last good run's warehouse is the cache of staged inputs; --full reads every file again.
      reusePrevious,
    });
    const ingestSeconds = ingestStage();
    logger.info(`ingest: done in ${secondsText(ingestSeconds)}`);

    const asOf = options.asOf === undefined ? await latestInputTimestamp(db) : await parseAsOf(db, options.asOf, loaded);
    if (asOf === null) throw new AsOfError('The inputs hold no timestamp, so there is no default cut-off; pass --as-of.');
    logger.info(`as_of: ${asOf}`);

    const modelStage = timer();
    // The model is a function of the staged inputs, the contract, as_of and the code: when none
    // changed, the copied warehouse already holds it.
    const modelKey = JSON.stringify({ contract: loaded.sha256, asOf, tool: CODE_VERSION });
    const modelHolds = reusePrevious && ingested.allReused && (await previousModelKey(db)) === modelKey;
    if (modelHolds) logger.info('model: inputs, contract and as_of unchanged since the last run; its tables were kept');
    else {
      await buildModel(db, contract, asOf);
      await recordModelKey(db, modelKey);
    }
    const periods = await reportingPeriods(db, contract, asOf);
    const modelSeconds = modelStage();
    logger.info(`model: ${periods.length} periods (${periods[0]?.key ?? '-'} … ${periods.at(-1)?.key ?? '-'}) in ${secondsText(modelSeconds)}`);

    const actionsStage = timer();
    const actions = await runActions(db, contract, asOf, { tmp, previous: join(options.out, 'actions') }, { logger });
    const actionsSeconds = actionsStage();

    const metricsStage = timer();
    const { rows, details } = options.actionsOnly ? { rows: [], details: new Map<string, DetailFiles>() } : await computeMetrics(db, { contract, periods, asOf });
    const metricsSeconds = metricsStage();
    if (!options.actionsOnly) logger.info(`metrics: ${rows.length} rows in ${secondsText(metricsSeconds)}`);

    const snapshotStage = timer();
    const { written, drift } = options.actionsOnly
      ? { written: new Set<string>(), drift: [] }
      : writeSnapshots(tmp, options, loaded, ingested, periods, rows, details, asOf, clock);
    if (!options.actionsOnly) writeRejects(tmp, ingested, await rejectRows(db, ingested));
    const run = runSchema.parse({
      as_of: asOf,
      contract: { path: options.config, sha256: loaded.sha256 },
      inputs: ingested.stats,
      columns: ingested.columns,
      periods: periods.map((p) => ({ period: p.key, closed: isClosed(p, asOf, contract.timezone), written: written.has(p.key) })),
      started_at: startedAt,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    });
    writeFileSync(join(tmp, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
    db.close();
    db = null;
    if (options.actionsOnly) moveActionsIntoPlace(tmp, options.out);
    else moveIntoPlace(tmp, options.out, written);
    const snapshotSeconds = snapshotStage();
    if (!options.actionsOnly) logger.info(`snapshots: ${written.size} written, ${periods.length - written.size} frozen kept, in ${secondsText(snapshotSeconds)}`);
    return {
      run,
      periods,
      drift,
      actions,
      stageSeconds: { ingest: ingestSeconds, model: modelSeconds, metrics: metricsSeconds, snapshot: snapshotSeconds, actions: actionsSeconds },
    };
  } finally {
    db?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const MODEL_KEY_TABLE = 'model_inputs';

/** The key the warehouse's model was built with (contract sha256, as_of, tool version), or null. */
async function previousModelKey(db: Db): Promise<string | null> {
  const found = await db.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary AND table_name = '${MODEL_KEY_TABLE}'`,
  );
  if (found.n === 0) return null;
  return (await db.all<{ key: string }>(`SELECT key FROM ${MODEL_KEY_TABLE}`))[0]?.key ?? null;
}

async function recordModelKey(db: Db, key: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${MODEL_KEY_TABLE} AS SELECT ${literal(key)} AS key`);
  await db.run(`COMMENT ON TABLE ${MODEL_KEY_TABLE} IS ${literal('One row: what the model tables were built from (contract sha256, as_of, tool version); a later run with the same inputs keeps them.')}`);
}

function timer(): () => number {
  const t = performance.now();
  return () => (performance.now() - t) / 1000;
}

const secondsText = (s: number) => `${s.toFixed(2)} s`;

// Time-zone offsets are trusted from 1900 on (calendar/zone.ts), and a cut-off centuries ahead would
// build a period, and a calendar, for every month until then: year 9999 exhausts the stack.
const AS_OF_YEARS = { from: 1900, to: 2199 } as const;

/** Reads `--as-of` with the same rules as input timestamps (no offset = the contract's zone). */
async function parseAsOf(db: Db, text: string, loaded: LoadedContract): Promise<string> {
  const parsed = timestampSql(literal(text.trim()), { timezone: loaded.contract.timezone, dayFirst: loaded.contract.mapping.date_format !== 'mdy', decimal: '.' });
  const row = await db.one<{ t: string | null; year: number | null }>(`SELECT strftime(${parsed}, '%Y-%m-%dT%H:%M:%SZ') AS t, year(${parsed}) AS year`);
  if (row.t === null || row.year === null) {
    throw new AsOfError(`--as-of "${text}" is not a timestamp. Write it as 2026-10-31, 2026-10-31 18:00, 31/10/2026 18:00 or 2026-10-31T18:00:00-03:00.`);
  }
  if (row.year < AS_OF_YEARS.from || row.year > AS_OF_YEARS.to) {
    throw new AsOfError(
      `--as-of "${text}" is in the year ${row.year}; it must fall between the years ${AS_OF_YEARS.from} and ${AS_OF_YEARS.to} (UTC), ` +
        'which is as far as the business calendar and time-zone rules go. Check the year.',
    );
  }
  return row.t;
}

/** A period is closed (frozen) once as_of is on or after its first day after. */
function isClosed(period: Period, asOf: string, timezone: string): boolean {
  return localDate(timezone, Date.parse(asOf)) >= period.endsBefore;
}

function writeSnapshots(
  tmp: string,
  options: RunOptions,
  loaded: LoadedContract,
  ingested: Ingested,
  periods: Period[],
  rows: MetricRow[],
  details: Map<string, DetailFiles>,
  asOf: string,
  clock: Clock,
): { written: Set<string>; drift: FrozenDrift[] } {
  const { contract } = loaded;
  const written = new Set<string>();
  const drift: FrozenDrift[] = [];
  const byPeriod = Map.groupBy(rows, (r) => r.period);
  const inputFiles = Object.fromEntries(
    Object.entries(ingested.files).map(([kind, f]) => [kind, { path: f.path, sha256: f.sha256, bytes: f.bytes }]),
  );
  for (const period of periods) {
    const periodRows = byPeriod.get(period.key) ?? [];
    const closed = isClosed(period, asOf, contract.timezone);
    const existingDir = join(options.out, 'snapshots', period.key);
    const existing = readSnapshotMetrics(existingDir);
    const changes = existing ? diffMetrics(existing, periodRows) : [];
    if (closed && existing) {
      if (changes.length > 0) drift.push({ period: period.key, changes });
      if (!options.restate) continue;
      if (changes.length === 0) continue;
    }
    const files = renderSnapshot(periodRows, loaded.text, {
      period: period.key,
      period_kind: period.kind,
      starts_on: period.startsOn,
      ends_before: period.endsBefore,
      closed,
      as_of: asOf,
      tool: { name: 'handoff', version: TOOL_VERSION },
      contract: { sha256: loaded.sha256, name: contract.name, locale: contract.locale, timezone: contract.timezone, currency: contract.currency },
      input_files: inputFiles,
      inputs: ingested.stats,
    }, details.get(period.key));
    const dir = join(tmp, 'snapshots', period.key);
    writeSnapshot(dir, files);
    if (closed && existing && changes.length > 0) {
      // A restated snapshot keeps its history: when, and which metrics moved from what to what.
      const historyFile = join(existingDir, 'restatements.json');
      const history = existsSync(historyFile) ? (JSON.parse(readFileSync(historyFile, 'utf8')) as unknown[]) : [];
      history.push({ restated_at: clock.now().toISOString(), as_of: asOf, changes });
      writeFileSync(join(dir, 'restatements.json'), `${JSON.stringify(history, null, 2)}\n`);
    } else if (existsSync(join(existingDir, 'restatements.json'))) {
      writeFileSync(join(dir, 'restatements.json'), readFileSync(join(existingDir, 'restatements.json')));
    }
    written.add(period.key);
  }
  return { written, drift };
}

async function rejectRows(db: Db, ingested: Ingested): Promise<Map<string, { header: string[]; rows: unknown[][] }>> {
  const out = new Map<string, { header: string[]; rows: unknown[][] }>();
  for (const [kind, stats] of Object.entries(ingested.stats)) {
    if (!stats || stats.rows_quarantined === 0) continue;
    const reader = await db.connection.runAndReadAll(`SELECT * FROM rejects_${kind} ORDER BY line`);
    // The source's own header, not DuckDB's column names: a source column called `reason` stays `reason`.
    out.set(kind, { header: ['line', 'reason', ...ingested.files[kind as InputKind]!.header], rows: reader.getRowsJson() as unknown[][] });
  }
  return out;
}

function writeRejects(tmp: string, ingested: Ingested, rejects: Map<string, { header: string[]; rows: unknown[][] }>): void {
  const dir = join(tmp, 'rejects');
  mkdirSync(dir, { recursive: true });
  for (const kind of Object.keys(ingested.stats)) {
    const found = rejects.get(kind);
    if (!found) continue;
    writeFileSync(join(dir, `${kind}.csv`), toCsv(found.header, found.rows as string[][], { raw: true }));
  }
}

/** Swaps the finished outputs into `out`: each rename is atomic, frozen snapshots are not touched. */
function moveIntoPlace(tmp: string, out: string, written: Set<string>): void {
  const replace = (from: string, to: string) => {
    rmSync(to, { recursive: true, force: true });
    renameSync(from, to);
  };
  mkdirSync(join(out, 'snapshots'), { recursive: true });
  for (const key of written) replace(join(tmp, 'snapshots', key), join(out, 'snapshots', key));
  replace(join(tmp, 'warehouse.duckdb'), join(out, 'warehouse.duckdb'));
  rmSync(join(out, 'warehouse.duckdb.wal'), { force: true });
  replace(join(tmp, 'rejects'), join(out, 'rejects'));
  replace(join(tmp, 'run.json'), join(out, 'run.json'));
  moveActionsIntoPlace(tmp, out);
}

/** Swaps in the worklists alone (what `--actions-only` replaces). */
function moveActionsIntoPlace(tmp: string, out: string): void {
  rmSync(join(out, 'actions'), { recursive: true, force: true });
  renameSync(join(tmp, 'actions'), join(out, 'actions'));
}
