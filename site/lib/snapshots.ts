import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { formatPath, parseContract } from '../../pipeline/contract/load.ts';
import { SWAP_JOURNAL } from '../../pipeline/outputs/swap.ts';
import type { Contract } from '../../pipeline/contract/schema.ts';
import { DETAIL_FILE_SCHEMAS, type DetailFileName, type DetailFiles } from '../../pipeline/schemas/detail-files.ts';
import { meetingsFileSchema, type Decision, type Meeting } from '../../pipeline/schemas/meetings.ts';
import { manifestSchema, metricsFileSchema, segmentKindSchema, type Manifest, type MetricRow, type SegmentKind, type Unit } from '../../pipeline/schemas/snapshot.ts';
import { printable } from '../../pipeline/terminal.ts';
import type { Locale } from '../i18n/index.ts';
import { ownerNames, publishableRows, publishedOwner, type OwnerMode } from './owners.ts';
import { metricIdSchema, type MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// The site reads snapshot folders only through the pipeline's zod schemas, and refuses to build
// from a snapshot that does not match its manifest: a published number must be traceable.

// `restatements.json` is written by pipeline/run.ts without a shared schema yet; this one follows
// what it writes and belongs in pipeline/schemas/snapshot.ts once that file settles.
/** `restatements.json`: each time a frozen period was replaced (`--restate`), and which metric rows moved. */
export const restatementsSchema = z.array(
  z.strictObject({
    /** When the restating run happened (UTC). */
    restated_at: z.string(),
    /** The data cut-off of the restating run. */
    as_of: z.string(),
    changes: z.array(
      z.strictObject({
        metric: metricIdSchema,
        segment_kind: segmentKindSchema,
        segment: z.string(),
        old: z.number().nullable(),
        new: z.number().nullable(),
      }),
    ),
    /** The snapshot's files that changed (manifest.json aside); absent in restatements written before it was recorded. */
    files: z.array(z.string()).optional(),
  }),
);
/** One restatement of a period. */
export type Restatement = z.infer<typeof restatementsSchema>[number];

/** One period's frozen snapshot, validated. */
export interface PeriodSnapshot {
  period: string;
  manifest: Manifest;
  metrics: MetricRow[];
  /** The agreement the period was measured with, resolved with defaults. */
  contract: Contract;
  /** Each time the period was restated, oldest first; empty when it never was. */
  restatements: Restatement[];
  /**
   * The richer detail files the snapshot has (scorecard, plan, distributions…). A folder written
   * by an older run may lack some; the sections built on a missing file are left out.
   */
  details: Partial<DetailFiles>;
}

/**
 * Everything the site is built from: the periods oldest first, the latest one, its locale and how
 * owners are published. Owner rows are already renamed or dropped as `owners` says.
 */
export interface SiteData {
  periods: PeriodSnapshot[];
  latest: PeriodSnapshot;
  locale: Locale;
  owners: OwnerMode;
  /** The alignment meetings' decisions (`meetings.json` beside the period folders), oldest first; empty when there is none. */
  meetings: PublishedMeeting[];
}

/** A decision as the site may publish it: its owner as `publish.owners` allows, null when owners are hidden. */
export type PublishedDecision = Omit<Decision, 'owner'> & { owner: string | null };

/** A meeting as the site may publish it. */
export type PublishedMeeting = Omit<Meeting, 'decisions'> & { decisions: PublishedDecision[] };

/** The snapshots folder cannot be used; `problems` holds one full sentence per problem found. */
export class SnapshotError extends Error {
  readonly dir: string;
  readonly problems: string[];

  constructor(dir: string, problems: string[]) {
    super(
      `The snapshots in ${dir} cannot be published (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nWrite the snapshots again with `npm run report` (or `npm run pipeline -- --out DIR`, then HANDOFF_SNAPSHOTS=DIR/snapshots), or point HANDOFF_SNAPSHOTS at another snapshots folder.',
    );
    this.name = 'SnapshotError';
    this.dir = dir;
    this.problems = problems;
  }
}

/** A period folder name: a month, a quarter or an ISO week. */
export const PERIOD_PATTERN = /^\d{4}-(\d{2}|Q[1-4]|W\d{2})$/;

/**
 * Where a build started beside the pipeline (`npm run report`, scripts/report.ts) puts the promise
 * of the snapshots it is still writing: settled once they are written and checked, on `globalThis`
 * because the pages run from Astro's bundle, a module graph of their own.
 */
export const SNAPSHOTS_READY = Symbol.for('handoff.snapshots-ready');

/** The snapshots folder: `HANDOFF_SNAPSHOTS` (relative to the repo root) or `data/snapshots`. */
export function resolveSnapshotsDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.HANDOFF_SNAPSHOTS?.trim();
  const dir = configured === undefined || configured === '' ? 'data/snapshots' : configured;
  return isAbsolute(dir) ? dir : resolve(root, dir);
}

/** Code-point order: the same on every machine, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function zodProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${file}: ${issue.path.length === 0 ? '' : `${formatPath(issue.path)}: `}${issue.message}`);
}

function readJson(file: string, problems: string[]): unknown {
  if (!existsSync(file)) {
    problems.push(`${file}: the file is missing`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    problems.push(`${file}: the JSON cannot be read (${(error as Error).message})`);
    return undefined;
  }
}

// Every period of a site usually carries the same agreement, word for word: parsed once per text
// (18 parses of the sample's were 0.1 s of each build). Parsing is pure, so a cached result serves.
const contractsByText = new Map<string, ReturnType<typeof parseContract>>();

function parsedContract(text: string): ReturnType<typeof parseContract> {
  let parsed = contractsByText.get(text);
  if (!parsed) {
    parsed = parseContract(text);
    contractsByText.set(text, parsed);
  }
  return parsed;
}

function loadPeriod(dir: string, period: string, problems: string[]): PeriodSnapshot | null {
  const folder = join(dir, period);
  const before = problems.length;

  const manifestFile = join(folder, 'manifest.json');
  const manifestRaw = readJson(manifestFile, problems);
  let manifest: Manifest | undefined;
  if (manifestRaw !== undefined) {
    const parsed = manifestSchema.safeParse(manifestRaw);
    if (parsed.success) manifest = parsed.data;
    else problems.push(...zodProblems(manifestFile, parsed.error));
  }
  if (manifest && manifest.period !== period) {
    problems.push(`${manifestFile}: period is "${manifest.period}" but the folder is ${period}`);
  }

  const metricsFile = join(folder, 'metrics.json');
  const metricsRaw = readJson(metricsFile, problems);
  let metrics: MetricRow[] | undefined;
  if (metricsRaw !== undefined) {
    const parsed = metricsFileSchema.safeParse(metricsRaw);
    if (parsed.success) metrics = parsed.data;
    else problems.push(...zodProblems(metricsFile, parsed.error));
  }
  const stray = metrics?.findIndex((row) => row.period !== period) ?? -1;
  if (metrics && stray >= 0) {
    problems.push(`${metricsFile}: [${stray}].period is "${metrics[stray]?.period}" but the folder is ${period}`);
  }

  const contractFile = join(folder, 'contract.yaml');
  let contract: Contract | undefined;
  if (!existsSync(contractFile)) {
    problems.push(`${contractFile}: the file is missing`);
  } else {
    const text = readFileSync(contractFile, 'utf8');
    const parsed = parsedContract(text);
    if ('problems' in parsed) {
      problems.push(...parsed.problems.map((p) => `${contractFile}${p.line === null ? '' : `:${p.line}`}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`));
    } else {
      contract = parsed.contract;
    }
    if (manifest && sha256(text) !== manifest.contract.sha256) {
      problems.push(`${contractFile}: its sha256 differs from manifest.json contract.sha256, so it is not the agreement this period was measured with`);
    }
  }

  for (const [name, expected] of Object.entries(manifest?.files ?? {})) {
    const file = join(folder, name);
    if (!existsSync(file)) problems.push(`${file}: listed in manifest.json files but missing`);
    else if (sha256(readFileSync(file)) !== expected)
      problems.push(`${file}: its sha256 differs from manifest.json files, so it was changed after the pipeline wrote it`);
  }

  const restatementsFile = join(folder, 'restatements.json');
  let restatements: Restatement[] = [];
  if (existsSync(restatementsFile)) {
    const parsed = restatementsSchema.safeParse(readJson(restatementsFile, problems));
    if (parsed.success) restatements = parsed.data;
    else problems.push(...zodProblems(restatementsFile, parsed.error));
  }

  const details: Partial<DetailFiles> = {};
  for (const name of Object.keys(DETAIL_FILE_SCHEMAS) as DetailFileName[]) {
    const file = join(folder, name);
    if (!existsSync(file)) continue;
    const parsed = DETAIL_FILE_SCHEMAS[name].safeParse(readJson(file, problems));
    if (!parsed.success) problems.push(...zodProblems(file, parsed.error));
    else if (parsed.data.period !== period) problems.push(`${file}: period is "${parsed.data.period}" but the folder is ${period}`);
    else (details as Record<DetailFileName, unknown>)[name] = parsed.data;
  }

  if (problems.length > before || !manifest || !metrics || !contract) return null;
  return { period, manifest, metrics, contract, restatements, details };
}

/** Reads and validates every period folder in `dir`, oldest first; throws `SnapshotError` listing every problem. */
export function loadSnapshots(dir: string): PeriodSnapshot[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SnapshotError(dir, [`${dir}: the snapshots folder does not exist`]);
  }
  // The pipeline's outputs folder holds the snapshots folder; a swap journal there means a run was
  // stopped halfway through moving its outputs in, so the periods may mix two runs.
  const journal = join(dirname(resolve(dir)), SWAP_JOURNAL);
  if (existsSync(journal)) {
    throw new SnapshotError(dir, [
      `${journal}: a pipeline run was stopped while moving its outputs into place, so these snapshots may mix two runs; run the pipeline on that --out again (it first puts the previous outputs back), then build`,
    ]);
  }
  const problems: string[] = [];
  const periods: PeriodSnapshot[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
    // Hidden folders are the pipeline's work in progress; loose files are notes for people.
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (!PERIOD_PATTERN.test(entry.name)) {
      problems.push(`${join(dir, entry.name)}: not a period folder; expected a name such as 2026-10, 2026-Q4 or 2026-W43`);
      continue;
    }
    const snapshot = loadPeriod(dir, entry.name, problems);
    if (snapshot) periods.push(snapshot);
  }
  if (problems.length === 0 && periods.length === 0) {
    problems.push(`${dir}: there is no period folder to publish`);
  }
  if (problems.length > 0) throw new SnapshotError(dir, problems);
  // Sort by calendar, not name, so a switch from months to quarters still reads in time order.
  return periods.sort(
    (a, b) => compare(a.manifest.starts_on, b.manifest.starts_on) || compare(a.manifest.ends_before, b.manifest.ends_before) || compare(a.period, b.period),
  );
}

/** `meetings.json` beside the period folders, validated with the pipeline's schema; none when absent. */
export function loadMeetings(dir: string): Meeting[] {
  const file = join(dir, 'meetings.json');
  if (!existsSync(file)) return [];
  const problems: string[] = [];
  const parsed = meetingsFileSchema.safeParse(readJson(file, problems));
  if (!parsed.success) problems.push(...zodProblems(file, parsed.error));
  if (problems.length > 0 || !parsed.success) throw new SnapshotError(dir, problems);
  return parsed.data.meetings;
}

// A build runs this module up to three times, each a module graph of its own: `npm run build` and
// `npm run report` from source, the pages from Astro's bundle, the CSV downloads from the config.
// One cache on globalThis reads and checks a build's snapshots once (0.2 s each time on the sample).
const SITE_CACHE = Symbol.for('handoff.site-cache');
const cache = ((globalThis as Record<symbol, unknown>)[SITE_CACHE] ??= new Map<string, SiteData>()) as Map<string, SiteData>;

/**
 * The snapshots as they may be published under the latest agreement's `publish.owners`: one
 * label per rep across every period (rows and restatements), or no owner rows at all.
 */
export function publishSnapshots(periods: readonly PeriodSnapshot[], mode: OwnerMode): PeriodSnapshot[] {
  const names = siteOwnerNames(periods, mode);
  return periods.map((p) => ({
    ...p,
    details: publishableDetails(p.details, names),
    metrics: publishableRows(p.metrics, names),
    restatements: p.restatements.map((r) => ({
      ...r,
      changes: r.changes.flatMap((c) => {
        if (c.segment_kind !== 'owner') return [c];
        const owner = publishedOwner(c.segment, names);
        return owner === null ? [] : [{ ...c, segment: owner }];
      }),
    })),
  }));
}

/** How each rep of the snapshots (rows, restatements, owners.json, contributors.json) is published under `mode`; null when hidden. */
function siteOwnerNames(periods: readonly PeriodSnapshot[], mode: OwnerMode): Map<string, string> | null {
  const owners = periods.flatMap((p) => [
    ...p.metrics.filter((row) => row.segment_kind === 'owner').map((row) => row.segment),
    ...p.restatements.flatMap((r) => r.changes.filter((c) => c.segment_kind === 'owner').map((c) => c.segment)),
    ...(p.details['owners.json']?.owners.map((o) => o.owner) ?? []),
    ...(p.details['contributors.json']?.clauses.flatMap((c) => c.contributors.filter((x) => x.segment_kind === 'owner').map((x) => x.segment)) ?? []),
  ]);
  return ownerNames(owners, mode);
}

/**
 * The meetings' decisions as they may be published under `mode`, with the reps of `periods` (the
 * snapshots as loaded): an owner who is one of those reps reads as the rep does everywhere else
 * (initials under `initials`); any other owner, a team or a role, as written; and no owner at all
 * when owners are hidden, since a file's free text cannot tell a person from a team.
 */
export function publishMeetings(meetings: readonly Meeting[], periods: readonly PeriodSnapshot[], mode: OwnerMode): PublishedMeeting[] {
  const names = siteOwnerNames(periods, mode);
  return meetings.map((meeting) => ({
    ...meeting,
    decisions: meeting.decisions.map((decision) => ({ ...decision, owner: names === null ? null : (names.get(decision.owner) ?? decision.owner) })),
  }));
}

/**
 * Detail files as they may be published: the reps of owners.json and contributors.json renamed
 * like the owner rows, or left out when owners are hidden.
 */
function publishableDetails(details: Partial<DetailFiles>, names: ReadonlyMap<string, string> | null): Partial<DetailFiles> {
  const out = { ...details };
  const file = details['owners.json'];
  if (file) {
    const owners = file.owners.flatMap((o) => {
      const owner = publishedOwner(o.owner, names);
      return owner === null ? [] : [{ ...o, owner }];
    });
    out['owners.json'] = { ...file, owners };
  }
  const drivers = details['contributors.json'];
  if (drivers) {
    const clauses = drivers.clauses.map((c) => ({
      ...c,
      contributors: c.contributors.flatMap((x) => {
        if (x.segment_kind !== 'owner') return [x];
        const owner = publishedOwner(x.segment, names);
        return owner === null ? [] : [{ ...x, segment: owner }];
      }),
    }));
    out['contributors.json'] = { ...drivers, clauses };
  }
  return out;
}

/**
 * Parsed snapshot data with every text, keys included, made printable (pipeline/terminal.ts):
 * labels such as sources and owners come from the inputs, and a control sequence in one would
 * reach the pages and the CSV downloads, which people open in terminals too.
 */
function printableData<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableData) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k), printableData(v)])) as T;
  return value;
}

/**
 * The site's data from `dir`, read once per build. The latest period's agreement decides the
 * language and how owners are published, for every page: a rep hidden today stays hidden in
 * last year's pages too.
 */
export function loadSite(dir: string): SiteData {
  const cached = cache.get(dir);
  if (cached) return cached;
  const loaded = loadSnapshots(dir).map(printableData);
  const newest = loaded.at(-1);
  if (!newest) throw new SnapshotError(dir, [`${dir}: there is no period folder to publish`]);
  const owners = newest.contract.publish.owners;
  const periods = publishSnapshots(loaded, owners);
  const site: SiteData = { periods, latest: periods.at(-1)!, locale: newest.contract.locale, owners, meetings: publishMeetings(printableData(loadMeetings(dir)), loaded, owners) };
  cache.set(dir, site);
  return site;
}

/** The row of a metric for one segment (the whole period by default), if the snapshot has it. */
export function metricRow(snapshot: PeriodSnapshot, metric: MetricId, segmentKind: SegmentKind = 'all', segment = 'all'): MetricRow | undefined {
  return snapshot.metrics.find((row) => row.metric === metric && row.segment_kind === segmentKind && row.segment === segment);
}

/** The value of a metric for one segment; null when it is absent or not computable. */
export function metricValue(snapshot: PeriodSnapshot, metric: MetricId, segmentKind: SegmentKind = 'all', segment = 'all'): number | null {
  return metricRow(snapshot, metric, segmentKind, segment)?.value ?? null;
}

/**
 * The unit of a metric in a snapshot: that of its first row, whatever the breakdown; `count` when
 * the snapshot has none. Anything with metric rows will do (the whole-period rows of many periods).
 */
export function unitOf(snapshot: Pick<PeriodSnapshot, 'metrics'>, metric: MetricId): Unit {
  return snapshot.metrics.find((row) => row.metric === metric)?.unit ?? 'count';
}

/** The period before and after `period`, for navigation. */
export function neighbours(periods: readonly PeriodSnapshot[], period: string): { previous: PeriodSnapshot | undefined; next: PeriodSnapshot | undefined } {
  const index = periods.findIndex((p) => p.period === period);
  return { previous: index > 0 ? periods[index - 1] : undefined, next: index >= 0 ? periods[index + 1] : undefined };
}
