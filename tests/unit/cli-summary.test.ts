import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';
import { describe, expect, it } from 'vitest';
import { driftLines, localInstant } from '../../pipeline/summary.ts';
import { buildSummary } from '../../site/lib/build-summary.ts';
import type { PeriodSnapshot, SiteData } from '../../site/lib/snapshots.ts';

describe('the command line summary', () => {
  it('prints as_of in the agreement’s zone with the zone, as the site shows it', () => {
    // 21:00 UTC is 18:00 in São Paulo (UTC-3, no daylight saving since 2019).
    expect(localInstant('2026-10-31T21:00:00Z', 'America/Sao_Paulo')).toBe('2026-10-31 18:00 America/Sao_Paulo (UTC-03:00)');
    expect(localInstant('2026-07-01T12:30:00Z', 'Europe/Lisbon')).toBe('2026-07-01 13:30 Europe/Lisbon (UTC+01:00)');
    expect(localInstant('2026-01-01T00:00:00Z', 'UTC')).toBe('2026-01-01 00:00 UTC (UTC+00:00)');
  });

  it('summarises drift in rounded values, three rows a period and three periods, then how many more', () => {
    // Made-up ids keep the expected lines short; the summary only prints them.
    const change = (metric: string, old: number | null, now: number | null) => ({ metric: metric as MetricId, segment_kind: 'all', segment: 'all', old, new: now });
    const period = (p: string, n: number) => ({ period: p, changes: Array.from({ length: n }, (_, i) => change(`m${i}`, 24.189526184538654, 85.84070796460178)), files: ['metrics.json', 'metrics.csv'] });
    const lines = driftLines([period('2025-05', 5), period('2025-06', 1), { ...period('2025-07', 0), files: ['plan.json'] }, period('2025-08', 7), period('2025-09', 71)], false);
    expect(lines).toEqual([
      'frozen period 2025-05 would change if restated: 5 metric rows (m0 24.19 → 85.84; m1 24.19 → 85.84; m2 24.19 → 85.84; and 2 more); 2 files (metrics.json, metrics.csv).',
      'frozen period 2025-06 would change if restated: 1 metric row (m0 24.19 → 85.84); 2 files (metrics.json, metrics.csv).',
      'frozen period 2025-07 would change if restated: 1 file (plan.json).',
      'and 2 more frozen periods (2025-08 … 2025-09; 78 metric rows) would change if restated.',
    ]);
    expect(driftLines([{ period: '2025-05', changes: [{ metric: 'x' as MetricId, segment_kind: 'tier', segment: 'A', old: null, new: 3 }], files: ['metrics.json'] }], true)).toEqual([
      'frozen period 2025-05 restated: 1 metric row (x [tier=A] n/a → 3); 1 file (metrics.json).',
    ]);
    expect(driftLines([], false)).toEqual([]);
  });

  it('ends the build with the periods, the latest period’s clauses, rows quarantined and where the site is', () => {
    const snapshot = (period: string, clauses: Array<{ id: string; status: string }>, quarantined: number[]): PeriodSnapshot =>
      ({
        period,
        manifest: {
          as_of: '2026-10-31T21:00:00Z',
          closed: false,
          inputs: Object.fromEntries(quarantined.map((n, i) => [['leads', 'deals'][i], { rows_quarantined: n }])),
        },
        contract: { timezone: 'America/Sao_Paulo' },
        details: { 'scorecard.json': { clauses } },
      }) as unknown as PeriodSnapshot;
    const latest = snapshot('2026-10', [{ id: 'icp_fit', status: 'missed' }, { id: 'speed', status: 'met' }, { id: 'cadence', status: 'at_risk' }], [4, 0]);
    const site = { periods: [snapshot('2026-09', [], [0]), latest], latest } as unknown as SiteData;
    expect(buildSummary(site, 'dist/index.html')).toEqual([
      'site: 2 periods (2026-09 … 2026-10); as_of 2026-10-31 18:00 America/Sao_Paulo (UTC-03:00)',
      '2026-10 (open): 3 clauses: 1 met, 1 at risk, 1 missed (missed: icp_fit)',
      'rows quarantined: 4 (leads 4; see the Data page)',
      'open dist/index.html in a browser, or run `npm run preview`',
    ]);
  });
});
