import { describe, expect, it } from 'vitest';
import { neutraliseFormula, toCsv } from '../../pipeline/csv.ts';
import { countRow, pctRow } from '../../pipeline/metrics/metric-rows.ts';
import { diffMetrics, metricsCsv, metricsJson } from '../../pipeline/snapshot/write-snapshot.ts';

const rows = [
  countRow('mql.count', { period: '2026-10', segment_kind: 'source', segment: 'paid', value: 4 }),
  countRow('mql.count', { period: '2026-10', segment_kind: 'all', segment: 'all', value: 7 }),
  pctRow('2026-10', 'speed.within_sla_pct', 'all', 'all', 1, 3),
  pctRow('2026-10', 'acceptance.rejected_pct', 'all', 'all', 0, 0),
  countRow('mql.count', { period: '2026-10', segment_kind: 'source', segment: '=HYPERLINK("x")', value: 1 }),
];

describe('snapshot files', () => {
  it('sorts rows by metric, then all → source → tier → segment → owner, then segment', () => {
    expect(metricsCsv(rows)).toBe(
      [
        'period,metric,segment_kind,segment,value,numerator,denominator,unit',
        // A zero denominator is n/a (empty), never 0.
        '2026-10,acceptance.rejected_pct,all,all,,0,0,pct',
        '2026-10,mql.count,all,all,7,,,count',
        // The formula-looking segment is neutralised with a leading apostrophe.
        `2026-10,mql.count,source,"'=HYPERLINK(""x"")",1,,,count`,
        '2026-10,mql.count,source,paid,4,,,count',
        // 1 of 3 = 33.333…%
        '2026-10,speed.within_sla_pct,all,all,33.333333333333336,1,3,pct',
        '',
      ].join('\n'),
    );
  });
  it('writes metrics.json one row per line and refuses rows outside the schema', () => {
    const text = metricsJson(rows.slice(0, 2));
    expect(text).toBe(
      '[\n' +
        '  {"period":"2026-10","metric":"mql.count","segment_kind":"all","segment":"all","value":7,"numerator":null,"denominator":null,"unit":"count"},\n' +
        '  {"period":"2026-10","metric":"mql.count","segment_kind":"source","segment":"paid","value":4,"numerator":null,"denominator":null,"unit":"count"}\n' +
        ']\n',
    );
    expect(() => metricsJson([{ ...rows[0]!, numerator: 1.5 }])).toThrow();
  });
  it('neutralises every formula prefix but leaves numbers as numbers', () => {
    expect(['=1+1', '+55 11', '-2', '@SUM', 'ok'].map(neutraliseFormula)).toEqual(["'=1+1", "'+55 11", "'-2", "'@SUM", 'ok']);
    expect(toCsv(['n'], [[-2]])).toBe('n\n-2\n');
    expect(toCsv(['t'], [['=x']], { raw: true })).toBe('t\n=x\n');
  });
  it('lists what changed between two computations of a period', () => {
    const after = [{ ...rows[1]!, value: 8 }, rows[0]!];
    expect(diffMetrics(rows.slice(0, 2), after)).toEqual([{ metric: 'mql.count', segment_kind: 'all', segment: 'all', old: 7, new: 8 }]);
    expect(diffMetrics(rows.slice(0, 1), [])).toEqual([{ metric: 'mql.count', segment_kind: 'source', segment: 'paid', old: 4, new: null }]);
  });
});
