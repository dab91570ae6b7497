import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseContract } from '../../pipeline/contract/load.ts';
import { manifestSchema, metricsFileSchema, type MetricRow, type SegmentKind, type Unit } from '../../pipeline/schemas/snapshot.ts';
import { metricsCsv, metricsJson } from '../../pipeline/snapshot/write-snapshot.ts';
import { glossaryIds } from '../../site/i18n/glossary.ts';
import { resolveMetric, type MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// Snapshot folders the site tests build from, derived from committed ones.
//
// `writeFullMetricSnapshots`: the snapshots as they will look once the pipeline writes every
// metric of SPEC section 4: the real snapshots of `from` plus a row for every metric id,
// whole-period and by each breakdown, and restatements of two closed periods. The values are
// synthetic (a hash of the row's key), so this folder only tests the site's shape and budgets:
// that every metric finds its label, section and chart, and that the pages stay small. It is
// never published.

/** The unit a metric id is written in: the catalogue's. */
export function unitOf(metric: MetricId): Unit {
  return resolveMetric(metric)!.entry.unit;
}

/** A number in [0, 1) from a text, the same on every run. */
function unit01(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

function syntheticRow(period: string, metric: MetricId, kind: SegmentKind, segment: string): MetricRow {
  const u = unit01(`${period}|${metric}|${kind}|${segment}`);
  const unit = unitOf(metric);
  const base = { period, metric, segment_kind: kind, segment, unit } as const;
  switch (unit) {
    case 'pct': {
      const denominator = 50 + Math.floor(u * 500);
      const numerator = Math.floor(denominator * unit01(`${metric}|n|${period}|${segment}`));
      return { ...base, value: (100 * numerator) / denominator, numerator, denominator };
    }
    case 'minutes':
      return { ...base, value: Math.round(5 + u * 600), numerator: null, denominator: null };
    case 'days':
      return { ...base, value: Math.round((1 + u * 30) * 10) / 10, numerator: null, denominator: null };
    case 'currency':
      return { ...base, value: Math.round(10_000 + u * 900_000), numerator: null, denominator: null };
    case 'ratio':
      return { ...base, value: Math.round(u * 1000) / 1000, numerator: null, denominator: null };
    case 'count':
      return { ...base, value: Math.floor(u * 2000), numerator: null, denominator: null };
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Copies the snapshots in `from` to `to`, adding a row for every metric of SPEC section 4 and restatements. */
export function writeFullMetricSnapshots(from: string, to: string): { metrics: MetricId[]; periods: string[] } {
  cpSync(from, to, { recursive: true });
  const periods = readdirSync(to, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  let metrics: MetricId[] = [];
  for (const period of periods) {
    const dir = join(to, period);
    const contract = parseContract(readFileSync(join(dir, 'contract.yaml'), 'utf8'));
    if ('problems' in contract) throw new Error(`${dir}/contract.yaml: ${contract.problems.map((p) => p.message).join('; ')}`);
    metrics = glossaryIds(contract.contract.handoff_fields);
    const rows = metricsFileSchema.parse(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')));
    const have = new Set(rows.map((r) => `${r.metric}|${r.segment_kind}|${r.segment}`));
    const segments: Array<[SegmentKind, string]> = [
      ['all', 'all'],
      ...[...new Set(rows.filter((r) => r.segment_kind !== 'all').map((r) => `${r.segment_kind}\u0000${r.segment}`))].map(
        (key) => key.split('\u0000') as [SegmentKind, string],
      ),
      ...contract.contract.tiers.map((tier): [SegmentKind, string] => ['tier', tier.name]),
    ];
    for (const metric of metrics) {
      // Plans, flows and outcomes are whole-period figures; the rest is broken down as well.
      const broken = !/^(plan|funnel\.flow|outcome|scorecard|mql\.target|mql\.pacing)/.test(metric);
      for (const [kind, segment] of broken ? segments : segments.slice(0, 1)) {
        if (!have.has(`${metric}|${kind}|${segment}`)) rows.push(syntheticRow(period, metric, kind, segment));
      }
    }
    const json = metricsJson(rows);
    const csv = metricsCsv(rows);
    writeFileSync(join(dir, 'metrics.json'), json);
    writeFileSync(join(dir, 'metrics.csv'), csv);
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    manifest.files['metrics.json'] = sha256(json);
    manifest.files['metrics.csv'] = sha256(csv);
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  // Two closed periods restated, every whole-period metric and forty breakdown rows moved each time.
  for (const period of periods.slice(-4, -2)) {
    const rows = metricsFileSchema.parse(JSON.parse(readFileSync(join(to, period, 'metrics.json'), 'utf8')));
    const changes = rows
      .filter((r) => r.segment_kind === 'all')
      .concat(rows.filter((r) => r.segment_kind !== 'all').slice(0, 40))
      .map((r) => ({ metric: r.metric, segment_kind: r.segment_kind, segment: r.segment, old: r.value === null ? null : r.value + 1, new: r.value }));
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(to, period, 'manifest.json'), 'utf8')));
    writeFileSync(
      join(to, period, 'restatements.json'),
      `${JSON.stringify([{ restated_at: '2026-11-02T12:00:00.000Z', as_of: manifest.as_of, changes }], null, 2)}\n`,
    );
  }
  return { metrics, periods };
}

/**
 * Copies the snapshots in `from` to `to` with every period's agreement edited by `edit` (the
 * manifests follow), for a site in the other language or with other publishing rules.
 */
export function writeContractVariant(from: string, to: string, edit: (yaml: string) => string): void {
  cpSync(from, to, { recursive: true });
  for (const entry of readdirSync(to, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    reviseContract(to, entry.name, edit);
  }
}

/**
 * Revises the agreement of one period of the snapshots in `dir`, in place (its manifest follows):
 * the period is then measured under a new version of the agreement, as after an alignment meeting.
 */
export function reviseContract(dir: string, period: string, edit: (yaml: string) => string): void {
  const folder = join(dir, period);
  const text = edit(readFileSync(join(folder, 'contract.yaml'), 'utf8'));
  const parsed = parseContract(text);
  if ('problems' in parsed) throw new Error(`${folder}/contract.yaml: ${parsed.problems.map((p) => p.message).join('; ')}`);
  writeFileSync(join(folder, 'contract.yaml'), text);
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')));
  manifest.contract = { ...manifest.contract, sha256: sha256(text), locale: parsed.contract.locale, name: parsed.contract.name };
  // Snapshots written by the pipeline list contract.yaml among their hashed files as well.
  if (manifest.files['contract.yaml'] !== undefined) manifest.files['contract.yaml'] = sha256(text);
  writeFileSync(join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
