import type { OwnersFile } from '../schemas/owners.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import type { MetricId } from './catalogue/index.ts';

/** Columns of the per-owner table, in display order. */
export const OWNER_TABLE_METRICS = [
  'mql.count',
  'speed.within_sla_pct',
  'speed.median_minutes',
  'speed.not_contacted_pct',
  'attempts.adherent_pct',
  'attempts.mean',
  'attempts.gave_up_early_pct',
  'attempts.too_aggressive_pct',
  'acceptance.within_sla_pct',
  'acceptance.rejected_pct',
  'funnel.cohort.won_pct',
] as const satisfies readonly MetricId[];

/** `owners.json` of each period: the `owner` rows of the table's metrics, one entry per owner, owners in code-point order. */
export function ownersFiles(periods: readonly string[], rows: readonly MetricRow[]): Map<string, OwnersFile> {
  const wanted = new Set<MetricId>(OWNER_TABLE_METRICS);
  const out = new Map<string, OwnersFile>(periods.map((p) => [p, { period: p, metrics: [...OWNER_TABLE_METRICS], owners: [] }]));
  const byOwner = new Map<string, Map<string, OwnersFile['owners'][number]>>();
  for (const r of rows) {
    if (r.segment_kind !== 'owner' || !wanted.has(r.metric) || !out.has(r.period)) continue;
    const owners = byOwner.get(r.period) ?? byOwner.set(r.period, new Map()).get(r.period)!;
    const entry = owners.get(r.segment) ?? owners.set(r.segment, { owner: r.segment, values: {} }).get(r.segment)!;
    entry.values[r.metric] = { value: r.value, numerator: r.numerator, denominator: r.denominator };
  }
  for (const [period, owners] of byOwner) {
    const sorted = [...owners.values()].sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
    // Metric keys in table order, whatever order the rows came in, so the bytes are stable.
    out.get(period)!.owners = sorted.map((o) => ({
      owner: o.owner,
      values: Object.fromEntries(OWNER_TABLE_METRICS.filter((m) => m in o.values).map((m) => [m, o.values[m]!])),
    }));
  }
  return out;
}
