import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MetricRow } from '../../pipeline/schemas/snapshot.ts';
import { initials, ownerNames, publishableRows } from '../../site/lib/owners.ts';
import { loadSnapshots, publishSnapshots } from '../../site/lib/snapshots.ts';

const fixtures = fileURLToPath(new URL('../fixtures/snapshots', import.meta.url));

const ownerRow = (segment: string, value: number): MetricRow => ({
  period: '2026-10',
  metric: 'mql.count',
  segment_kind: 'owner',
  segment,
  value,
  numerator: null,
  denominator: null,
  unit: 'count',
});

describe('owners on the site', () => {
  it('writes initials without name particles', () => {
    expect(initials('Ana Beatriz da Costa')).toBe('A.B.C.');
    expect(initials('joão dos santos')).toBe('J.S.');
    expect(initials('  Édson   Arantes  ')).toBe('É.A.');
    expect(initials('Madonna')).toBe('M.');
    // A name made only of particles still has initials.
    expect(initials('de la')).toBe('D.L.');
  });

  it('numbers owners who share initials in name order, and keeps the no-owner bucket', () => {
    const names = ownerNames(['Bruno Lima', 'Beatriz Lopes', 'Ana Beatriz Costa', '(none)', 'Bruno Lima'], 'initials');
    expect(names && Object.fromEntries(names)).toEqual({
      'Ana Beatriz Costa': 'A.B.C.',
      'Beatriz Lopes': 'B.L. 1',
      'Bruno Lima': 'B.L. 2',
      '(none)': '(none)',
    });
    expect(ownerNames(['Bruno Lima'], 'names')?.get('Bruno Lima')).toBe('Bruno Lima');
    expect(ownerNames(['Bruno Lima'], 'hidden')).toBeNull();
  });

  it('renames owner rows or drops them, and leaves every other row alone', () => {
    const source: MetricRow = { ...ownerRow('paid', 7), segment_kind: 'source' };
    const rows = [source, ownerRow('Bruno Lima', 3), ownerRow('(none)', 1)];
    const names = ownerNames(['Bruno Lima', '(none)'], 'initials');
    expect(publishableRows(rows, names).map((r) => [r.segment_kind, r.segment, r.value])).toEqual([
      ['source', 'paid', 7],
      ['owner', 'B.L.', 3],
      ['owner', '(none)', 1],
    ]);
    expect(publishableRows(rows, null)).toEqual([source]);
  });

  it('gives a rep one label in every period and restatement of the site', () => {
    const loaded = loadSnapshots(fixtures);
    const published = publishSnapshots(loaded, 'initials');
    const october = published.find((p) => p.period === '2026-10')!;
    expect(october.metrics.filter((r) => r.segment_kind === 'owner').map((r) => `${r.segment}=${r.value}`)).toEqual([
      '(none)=34',
      'A.B.C.=500',
      'B.L. 1=400',
      'B.L. 2=300',
    ]);
    // Bruno Lima appears in September's restatement only; he is B.L. 2 there too.
    const september = published.find((p) => p.period === '2026-09')!;
    expect(september.restatements[0]!.changes.map((c) => `${c.segment_kind}:${c.segment}`)).toEqual(['all:all', 'owner:B.L. 2']);
    expect(JSON.stringify(published)).not.toMatch(/Bruno|Beatriz|Costa|Lopes/);

    const hidden = publishSnapshots(loaded, 'hidden');
    expect(hidden.flatMap((p) => p.metrics).filter((r) => r.segment_kind === 'owner')).toEqual([]);
    expect(hidden.find((p) => p.period === '2026-09')!.restatements[0]!.changes).toHaveLength(1);
  });

  it('publishes the owners behind a missed clause as it publishes the owner rows', () => {
    const loaded = loadSnapshots(fixtures);
    const contributor = (segment_kind: 'owner' | 'source', segment: string) => ({ segment_kind, segment, numerator: 10, denominator: 50, value: 20, shortfall: 35, share_pct: 60 });
    const withDrivers = loaded.map((p) =>
      p.period !== '2026-10'
        ? p
        : {
            ...p,
            details: {
              ...p.details,
              'contributors.json': {
                period: p.period,
                clauses: [
                  { id: 'speed_within_sla', metric: 'speed.within_sla_pct', status: 'missed' as const, promised: 90, shortfall: 40, contributors: [contributor('source', 'paid'), contributor('owner', 'Ana Beatriz Costa')] },
                ],
              },
            },
          },
    );
    const drivers = (mode: 'initials' | 'hidden') =>
      publishSnapshots(withDrivers, mode)
        .find((p) => p.period === '2026-10')!
        .details['contributors.json']!.clauses[0]!.contributors.map((c) => `${c.segment_kind}:${c.segment}`);
    expect(drivers('initials')).toEqual(['source:paid', 'owner:A.B.C.']);
    expect(drivers('hidden')).toEqual(['source:paid']);
  });
});
