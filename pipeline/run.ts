import { localInstant } from './summary.ts';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runActions, type ActionsResult } from './actions/run-actions.ts';
import { ownActionsFiles } from './actions/write-actions.ts';
import { loadContract, type LoadedContract } from './contract/load.ts';
import { meetingsFile, readMeetings, type MeetingSource } from './contract/meetings.ts';
import { CANONICAL_KINDS, type InputKind } from './contract/schema.ts';
import { toCsv } from './csv.ts';
import { Db, literal, type DbOptions } from './db.ts';
import { UserError } from './errors.ts';
import { ingest, type Ingested } from './ingest/ingest.ts';
import { columnsToTell } from './ingest/column-report.ts';
import { CODE_VERSION, startFromPrevious } from './ingest/reuse.ts';
import { timestampSql } from './ingest/value-sql.ts';
import { localDate } from './calendar/zone.ts';
import { buildModel, latestInputTimestamp, reportingPeriods } from './model/build-model.ts';
import { canUpdateModel, readModelKey, recordModelKey, sameModelKey, updateModel, type ModelKey } from './model/update-model.ts';
import type { Period } from './model/periods.ts';
import { computeMetrics } from './metrics/compute-metrics.ts';
import type { DetailFiles } from './schemas/detail-files.ts';
import { meetingsFileSchema } from './schemas/meetings.ts';
import { runSchema, type MetricRow, type Run } from './schemas/snapshot.ts';
import { changedSnapshotFiles, diffMetrics, readSnapshotMetrics, renderSnapshot, writeSnapshot, type MetricChange } from './snapshot/write-snapshot.ts';
import { DiskFullError, isDiskFull } from './outputs/disk-full.ts';
import { faultPoint } from './outputs/fault-points.ts';
import { lockOutputs } from './outputs/lock.ts';
import { hasUnfinishedSwap, makeRunFolder, recoverOutputs, swapIntoPlace } from './outputs/swap.ts';
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
  /** Accept an `asOf` more than a day after the newest input timestamp. */
  forceAsOf?: boolean;
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
  /** Every file of the snapshot whose bytes would change (manifest.json aside), metric files included. */
  files: string[];
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

const DAY_MS = 86_400_000;

/**
 * One run: contract → ingest → model → metrics → snapshots, all written into a temporary folder
 * inside `--out` under a lock on it, then swapped into place by `swapIntoPlace`, so a failed,
 * killed or out-of-disk run leaves the previous outputs as they were and two runs never mix.
 */
export async function runPipeline(options: RunOptions, deps: RunDeps): Promise<RunResult> {
  const loaded = loadContract(options.config);
  // Read with the contract, so a typo in a meetings file stops the run before any work.
  const meetings = readMeetings(options.config);
  let release: (() => void) | null = null;
  try {
    mkdirSync(options.out, { recursive: true });
    release = lockOutputs(options.out, deps.logger, deps.clock.now());
    recoverOutputs(options.out, deps.logger);
    faultPoint('locked');
    return await runLocked(options, loaded, meetings, deps);
  } catch (error) {
    if (isDiskFull(error) && !(error instanceof DiskFullError)) throw new DiskFullError(options.out, error);
    throw error;
  } finally {
    release?.();
  }
}

async function runLocked(options: RunOptions, loaded: LoadedContract, meetings: MeetingSource[], { logger, clock }: RunDeps): Promise<RunResult> {
  const started = performance.now();
  const startedAt = clock.now().toISOString();
  const { contract } = loaded;
  const tmp = makeRunFolder(options.out);
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
    faultPoint('ingested');

    const newest = await latestInputTimestamp(db);
    const asOf = options.asOf === undefined ? newest : await parseAsOf(db, options.asOf, loaded);
    if (asOf === null) throw new AsOfError('The inputs hold no timestamp, so there is no default cut-off; pass --as-of.');
    if (newest !== null && Date.parse(asOf) > Date.parse(newest) + DAY_MS && !options.forceAsOf) {
      throw new AsOfError(
        `--as-of ${asOf} is more than a day after the newest timestamp in the inputs (${newest}), so every period up to it would be ` +
          'measured without data and frozen. Check the date (or the export), or pass --force-as-of to measure at that instant anyway; ' +
          'periods that start after the data are never written.',
      );
    }
    // As the site shows it: in the agreement's zone, the zone named; the UTC instant after it.
    logger.info(`as_of: ${localInstant(asOf, contract.timezone)} = ${asOf}`);

    const modelStage = timer();
    // The model is a function of the staged inputs, the contract, as_of and the code: when none
    // changed, the copied warehouse already holds it.
    const modelKey: ModelKey = { contract: loaded.sha256, asOf, tool: CODE_VERSION };
    const previousModel = reusePrevious ? await readModelKey(db) : null;
    if (ingested.allReused && previousModel !== null && sameModelKey(previousModel, modelKey)) {
      logger.info('model: inputs, contract and as_of unchanged since the last run; its tables were kept');
    } else if (ingested.reusedOrGrown && (await canUpdateModel(db, previousModel, modelKey, ingested.grown))) {
      const updated = await updateModel(db, contract, asOf, ingested.grown);
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      logger.info(
        `model: only ${ingested.grown.join(', ')} grew since the last run, so only the handoffs of ${plural(updated.leads, 'lead')} named by its new rows ` +
          `were built again (${plural(updated.rows, 'row')} of ${updated.tables.join(', ')}); the other leads' rows were kept`,
      );
      await recordModelKey(db, modelKey);
    } else {
      await buildModel(db, contract, asOf);
      await recordModelKey(db, modelKey);
    }
    const periods = periodsWithData(await reportingPeriods(db, contract, asOf), newest, contract.timezone, logger);
    const modelSeconds = modelStage();
    logger.info(`model: ${periods.length} periods (${periods[0]?.key ?? '-'} … ${periods.at(-1)?.key ?? '-'}) in ${secondsText(modelSeconds)}`);

    const actionsStage = timer();
    const actions = await runActions(db, contract, asOf, { tmp, previous: join(options.out, 'actions') }, { logger });
    const actionsSeconds = actionsStage();

    const metricsStage = timer();
    const { rows, details } = options.actionsOnly ? { rows: [], details: new Map<string, DetailFiles>() } : await computeMetrics(db, { contract, periods, asOf });
    const metricsSeconds = metricsStage();
    if (!options.actionsOnly) logger.info(`metrics: ${rows.length} rows in ${secondsText(metricsSeconds)}`);
    // What each decision moves is checked against the metrics this run computed.
    const decisions = options.actionsOnly || meetings.length === 0 ? null : meetingsFile(meetings, new Set(rows.map((r) => r.metric)), contract);

    const snapshotStage = timer();
    const { written, drift } = options.actionsOnly
      ? { written: new Set<string>(), drift: [] }
      : writeSnapshots(tmp, options, loaded, ingested, periods, rows, details, asOf, clock);
    if (!options.actionsOnly) writeRejects(tmp, ingested, await rejectRows(db, ingested));
    if (decisions !== null) {
      mkdirSync(join(tmp, 'snapshots'), { recursive: true });
      writeFileSync(join(tmp, 'snapshots', 'meetings.json'), `${JSON.stringify(meetingsFileSchema.parse(decisions), null, 2)}\n`);
    }
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
    await db.checkpoint();
    db.close();
    db = null;
    faultPoint('written');
    const actionItems = [...new Set([...ownActionsFiles(join(tmp, 'actions')), ...ownActionsFiles(join(options.out, 'actions'))])].map((f) => `actions/${f}`);
    const items = options.actionsOnly
      ? actionItems
      : [
          ...[...written].map((key) => `snapshots/${key}`),
          // Not frozen with the periods: a decision's status changes after its meeting; gone when the folder is.
          'snapshots/meetings.json',
          'warehouse.duckdb',
          'warehouse.duckdb.wal',
          ...CANONICAL_KINDS.map((kind) => `rejects/${kind}.csv`),
          'run.json',
          ...actionItems,
        ];
    swapIntoPlace(options.out, tmp, items);
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
    // A swap that could not even be rolled back keeps its journal and needs its backups in `tmp`.
    if (!hasUnfinishedSwap(options.out)) rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The periods that start on or before the newest input timestamp: a period after the data would
 * be all zeros, and once closed it would stay frozen that way through every later run.
 */
function periodsWithData(periods: Period[], newest: string | null, timezone: string, logger: Logger): Period[] {
  if (newest === null) return periods;
  const lastDay = localDate(timezone, Date.parse(newest));
  const kept = periods.filter((p) => p.startsOn <= lastDay);
  const dropped = periods.slice(kept.length);
  if (dropped.length > 0) {
    logger.warn(`${dropped.length} period${dropped.length === 1 ? '' : 's'} after the newest input timestamp ${newest} (${dropped[0]!.key} … ${dropped.at(-1)!.key}) hold no data and were not written.`);
  }
  return kept;
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
export async function parseAsOf(db: Db, text: string, loaded: LoadedContract): Promise<string> {
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
      ...(columnsToTell(ingested.columns) === null ? {} : { columns: ingested.columns }),
    }, details.get(period.key));
    // Every file is frozen, not only the metrics: a reason's new wording changes reasons.json alone.
    const changedFiles = existing ? changedSnapshotFiles(existingDir, files) : [];
    const drifted = changes.length > 0 || changedFiles.length > 0;
    if (closed && existing) {
      if (drifted) drift.push({ period: period.key, changes, files: changedFiles });
      if (!options.restate || !drifted) continue;
    }
    const dir = join(tmp, 'snapshots', period.key);
    writeSnapshot(dir, files);
    if (closed && existing && drifted) {
      // A restated snapshot keeps its history: when, which metrics moved from what to what, which files changed.
      const historyFile = join(existingDir, 'restatements.json');
      const history = existsSync(historyFile) ? (JSON.parse(readFileSync(historyFile, 'utf8')) as unknown[]) : [];
      history.push({ restated_at: clock.now().toISOString(), as_of: asOf, changes, files: changedFiles });
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
