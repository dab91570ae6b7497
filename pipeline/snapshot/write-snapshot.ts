import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv } from '../csv.ts';
import { compareMetricRows } from '../metrics/metric-rows.ts';
import { DETAIL_FILE_SCHEMAS, type DetailFileName, type DetailFiles } from '../schemas/detail-files.ts';
import { manifestSchema, metricsFileSchema, type Manifest, type MetricRow } from '../schemas/snapshot.ts';
import type { MetricId } from '../metrics/catalogue/index.ts';

/** Columns of `metrics.csv`, in SPEC order. */
export const METRIC_COLUMNS = ['period', 'metric', 'segment_kind', 'segment', 'value', 'numerator', 'denominator', 'unit'] as const;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `metrics.csv` text: sorted rows, stable number formatting, formulas neutralised. */
export function metricsCsv(rows: readonly MetricRow[]): string {
  const sorted = [...rows].sort(compareMetricRows);
  return toCsv(METRIC_COLUMNS, sorted.map((r) => METRIC_COLUMNS.map((c) => r[c])));
}

/** `metrics.json` text: the same rows, one per line, so a diff between snapshots reads row by row. */
export function metricsJson(rows: readonly MetricRow[]): string {
  const sorted = metricsFileSchema.parse([...rows].sort(compareMetricRows));
  return sorted.length === 0 ? '[]\n' : `[\n${sorted.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`;
}

/** The files of one period's snapshot, as text, ready to write; detail files (plan.json, …) beside the fixed ones. */
export interface SnapshotFiles {
  'metrics.csv': string;
  'metrics.json': string;
  'contract.yaml': string;
  'manifest.json': string;
  [detail: string]: string;
}

/** A detail file's text: validated against its schema, pretty-printed for line-by-line diffs. */
export function detailJson<K extends DetailFileName>(name: K, content: unknown): string {
  return `${JSON.stringify(DETAIL_FILE_SCHEMAS[name].parse(content), null, 2)}\n`;
}

/**
 * Renders a period's snapshot. Only inputs (rows, detail files, contract, provenance) shape the
 * bytes, never the wall clock, so the same inputs and contract give byte-identical files.
 */
export function renderSnapshot(
  rows: readonly MetricRow[],
  contractText: string,
  manifest: Omit<Manifest, 'files'>,
  details?: Partial<DetailFiles>,
): SnapshotFiles {
  const files: Record<string, string> = { 'metrics.csv': metricsCsv(rows), 'metrics.json': metricsJson(rows), 'contract.yaml': contractText };
  for (const name of Object.keys(DETAIL_FILE_SCHEMAS).sort() as DetailFileName[]) {
    if (details?.[name] !== undefined) files[name] = detailJson(name, details[name]);
  }
  const full = manifestSchema.parse({ ...manifest, files: Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256(text)])) });
  return { ...files, 'manifest.json': `${JSON.stringify(full, null, 2)}\n` } as SnapshotFiles;
}

/** Writes a rendered snapshot into `dir` (created if needed). */
export function writeSnapshot(dir: string, files: SnapshotFiles): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

/** The metric rows of an existing snapshot folder, or null when there is none. */
export function readSnapshotMetrics(dir: string): MetricRow[] | null {
  const file = join(dir, 'metrics.json');
  if (!existsSync(file)) return null;
  return metricsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * Files of a snapshot folder whose bytes differ from a fresh rendering, sorted: changed, added or
 * gone. `manifest.json` is provenance (as_of, input hashes) that moves on every run, and
 * `restatements.json` is the folder's history, so neither counts; the manifest's `files` hashes
 * every other file, so a change to any of them is still caught.
 */
export function changedSnapshotFiles(dir: string, files: SnapshotFiles): string[] {
  const history = new Set(['manifest.json', 'restatements.json']);
  const onDisk = existsSync(dir) ? readdirSync(dir).filter((n) => !history.has(n)) : [];
  const names = [...new Set([...onDisk, ...Object.keys(files).filter((n) => !history.has(n))])].sort();
  return names.filter((name) => {
    const file = join(dir, name);
    const fresh = files[name];
    if (fresh === undefined || !existsSync(file)) return true;
    return readFileSync(file, 'utf8') !== fresh;
  });
}

/** One metric row whose value moved between a frozen snapshot and a fresh computation. */
export interface MetricChange {
  metric: MetricId;
  segment_kind: string;
  segment: string;
  old: number | null;
  new: number | null;
}

/** Rows that differ between two computations of the same period (added and removed rows included). */
export function diffMetrics(before: readonly MetricRow[], after: readonly MetricRow[]): MetricChange[] {
  const key = (r: MetricRow) => `${r.metric}\u0000${r.segment_kind}\u0000${r.segment}`;
  const old = new Map(before.map((r) => [key(r), r]));
  const fresh = new Map(after.map((r) => [key(r), r]));
  const changes: MetricChange[] = [];
  for (const k of [...new Set([...old.keys(), ...fresh.keys()])].sort()) {
    const a = old.get(k);
    const b = fresh.get(k);
    const same = a && b && a.value === b.value && a.numerator === b.numerator && a.denominator === b.denominator;
    if (same) continue;
    const [metric, segment_kind, segment] = k.split('\u0000') as [MetricId, string, string];
    changes.push({ metric, segment_kind, segment, old: a?.value ?? null, new: b?.value ?? null });
  }
  return changes;
}
