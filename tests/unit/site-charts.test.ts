import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import type { MetricRow } from '../../pipeline/schemas/snapshot.ts';
import { funnelFlowChart, funnelFlowData, type FlowStage } from '../../site/charts/funnel-flow.ts';
import { mqlTrendChart, type TrendPeriod } from '../../site/charts/mql-trend.ts';
import { renderChart } from '../../site/charts/render.ts';
import { barsChart } from '../../site/charts/bars.ts';
import { metricTrendChart, type TrendPoint } from '../../site/charts/metric-trend.ts';
import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';
import { planActualChart } from '../../site/charts/plan-actual.ts';

const labels: Record<FlowStage, string> = { lead: 'Lead', mql: 'MQL', sal: 'SAL', sql: 'SQL', opportunity: 'Opp', won: 'Won', lost: 'Lost' };
const format = (value: number): string => new Intl.NumberFormat('pt-BR').format(value);

function count(period: string, metric: MetricId, value: number | null, segmentKind: MetricRow['segment_kind'] = 'all', segment = 'all'): MetricRow {
  return { period, metric, segment_kind: segmentKind, segment, value, numerator: null, denominator: null, unit: 'count' };
}

function markData(options: Plot.PlotOptions): unknown[] {
  return (options.marks ?? []).map((mark) => (mark as unknown as { data: unknown }).data);
}

// Rows deliberately out of order, with a breakdown row and a missing stage (sal).
const flowRows: MetricRow[] = [
  count('2026-10', 'funnel.flow.won', 3),
  count('2026-10', 'funnel.flow.lead', 1234),
  count('2026-10', 'funnel.flow.lost', 5),
  count('2026-10', 'funnel.flow.mql', 40),
  count('2026-10', 'funnel.flow.mql', 25, 'source', 'paid'),
  count('2026-10', 'funnel.flow.sql', 12),
  count('2026-10', 'funnel.flow.opportunity', 7),
  count('2026-10', 'mql.count', 40),
];

describe('funnel flow chart spec', () => {
  it('keeps the whole-period stages in funnel order and skips stages the snapshot lacks', () => {
    expect(funnelFlowData(flowRows, labels)).toEqual([
      { stage: 'lead', label: 'Lead', value: 1234 },
      { stage: 'mql', label: 'MQL', value: 40 },
      { stage: 'sql', label: 'SQL', value: 12 },
      { stage: 'opportunity', label: 'Opp', value: 7 },
      { stage: 'won', label: 'Won', value: 3 },
      { stage: 'lost', label: 'Lost', value: 5 },
    ]);
  });

  it('draws one bar and one value label per stage, bars on a fixed stage axis', () => {
    const options = funnelFlowChart(flowRows, { labels, format });
    expect(options.marks).toHaveLength(3);
    const [bars, values, rule] = markData(options);
    expect((bars as Array<{ stage: string; value: number }>).map((b) => [b.stage, b.value])).toEqual([
      ['lead', 1234],
      ['mql', 40],
      ['sql', 12],
      ['opportunity', 7],
      ['won', 3],
      ['lost', 5],
    ]);
    expect(values).toBe(bars);
    expect(rule).toEqual([0]);
    expect(options.y?.domain).toEqual(['Lead', 'MQL', 'SQL', 'Opp', 'Won', 'Lost']);
    expect(options.x?.domain).toEqual([0, 1234]);
  });
});

describe('MQL trend chart spec', () => {
  const periods: TrendPeriod[] = [
    { period: '2026-08', label: 'Ago 2026', closed: true },
    { period: '2026-09', label: 'Set 2026', closed: true },
    { period: '2026-10', label: 'Out 2026', closed: false },
  ];
  const rows = [
    count('2026-10', 'mql.count', 41),
    count('2026-08', 'mql.count', 30),
    count('2026-08', 'mql.count', 20, 'tier', 'A'),
    count('2026-10', 'funnel.flow.mql', 99),
  ];

  it('puts each period in time order, leaving out a period without an MQL count', () => {
    const options = mqlTrendChart(rows, { periods, format });
    const [bars, values] = markData(options);
    expect(bars).toEqual([
      { period: '2026-08', label: 'Ago 2026', closed: true, value: 30 },
      { period: '2026-10', label: 'Out 2026', closed: false, value: 41 },
    ]);
    expect(values).toBe(bars);
    expect(options.x?.domain).toEqual(['Ago 2026', 'Set 2026', 'Out 2026']);
  });

  it('drops the value labels once the bars are too many to label, keeping the bars', () => {
    const many = Array.from({ length: 13 }, (_, i) => ({ period: `2025-${String(i + 1).padStart(2, '0')}`, label: `P${i + 1}`, closed: true }));
    const options = mqlTrendChart(
      many.map((p) => count(p.period, 'mql.count', 10)),
      { periods: many, format },
    );
    expect(options.marks).toHaveLength(2);
    expect(markData(options)[0]).toHaveLength(13);
  });
});

describe('metric trend small multiple', () => {
  const points: TrendPoint[] = [
    { period: '2026-08', label: 'Ago', closed: true, value: 40 },
    { period: '2026-09', label: 'Set', closed: true, value: null },
    { period: '2026-10', label: 'Out', closed: false, value: 55 },
  ];

  it('draws counts as bars, closed and open periods apart, labelling only the first and last period', () => {
    const options = metricTrendChart(points, { unit: 'count', format });
    const [closed, open, rule] = markData(options);
    expect((closed as TrendPoint[]).map((p) => p.period)).toEqual(['2026-08']);
    expect((open as TrendPoint[]).map((p) => p.period)).toEqual(['2026-10']);
    expect(rule).toEqual([0]);
    expect(options.x?.domain).toEqual(['Ago', 'Set', 'Out']);
    expect(options.x?.ticks).toEqual(['Ago', 'Out']);
    expect(options.y?.domain).toEqual([0, 55]);
  });

  it('draws rates as a line on the whole 0–100 scale, the latest point marked', () => {
    const options = metricTrendChart(points, { unit: 'pct', format });
    const [line, dot] = markData(options);
    expect((line as TrendPoint[]).map((p) => p.value)).toEqual([40, 55]);
    expect((dot as TrendPoint[]).map((p) => p.period)).toEqual(['2026-10']);
    expect(options.y?.domain).toEqual([0, 100]);
    // A time that never moved still gets a scale one unit tall.
    expect(metricTrendChart([{ ...points[0]!, value: 7 }], { unit: 'minutes', format }).y?.domain).toEqual([0, 7]);
    expect(metricTrendChart([{ ...points[0]!, value: 0 }], { unit: 'days', format }).y?.domain).toEqual([0, 1]);
  });
});

describe('bars chart', () => {
  it('keeps the given order and leaves out bars without a value', () => {
    const options = barsChart(
      [
        { label: 'organic', value: 700 },
        { label: 'events', value: null },
        { label: 'paid', value: 534 },
      ],
      { format },
    );
    expect(options.y?.domain).toEqual(['organic', 'paid']);
    expect(options.x?.domain).toEqual([0, 700]);
  });
});

describe('renderChart', () => {
  const label = { id: 'funnel-flow', title: 'Fluxo do funil, outubro', description: 'Barras: Lead 1.234' };

  it('renders the same bytes twice, with title, description, size and the formatted numbers', () => {
    const first = renderChart(funnelFlowChart(flowRows, { labels, format }), label);
    const second = renderChart(funnelFlowChart(flowRows, { labels, format }), label);
    expect(second).toBe(first);
    expect(first).toMatch(/^<svg /);
    expect(first).toContain('<title id="funnel-flow-title">Fluxo do funil, outubro</title>');
    expect(first).toContain('<desc id="funnel-flow-desc">Barras: Lead 1.234</desc>');
    expect(first).toContain('role="img"');
    expect(first).toContain('aria-label="Fluxo do funil, outubro"');
    expect(first).toContain('aria-describedby="funnel-flow-desc"');
    expect(first).toMatch(/\swidth="420"/);
    expect(first).toMatch(/\sheight="\d+"/);
    expect(first).toContain('>1.234</text>');
    expect(first).toContain('>Opp</text>');
    expect(first).not.toContain('plot-d6a7b5');
  });

  it('names generated ids after the chart, so clip paths do not depend on what was drawn before', () => {
    const clipped: Plot.PlotOptions = { marks: [Plot.dot([1, 2, 3], { x: (d: number) => d, clip: true })] };
    const before = renderChart(clipped, { id: 'dots', title: 'Dots', description: 'Three dots' });
    renderChart(clipped, { id: 'other', title: 'Other', description: 'Advances the clip counter' });
    const after = renderChart(clipped, { id: 'dots', title: 'Dots', description: 'Three dots' });
    expect(after).toBe(before);
    expect(before).toContain('id="dots-1"');
    expect(before).toContain('url(#dots-1)');
    expect(before).not.toMatch(/plot-clip/);
  });

  it('writes coordinates to a tenth of a pixel and leaves Plot’s stylesheet to the page', () => {
    const svg = renderChart(metricTrendChart([{ period: 'p', label: 'P', closed: true, value: 1 / 3 }], { unit: 'ratio', format }), {
      id: 'third',
      title: 'A third',
      description: 'One third',
    });
    expect(svg).not.toContain('<style>');
    const coordinates = [...svg.matchAll(/\s(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g)].map((m) => m[1]!);
    expect(coordinates.length).toBeGreaterThan(3);
    expect(coordinates.filter((c) => /\.\d{2}/.test(c))).toEqual([]);
    expect([...svg.matchAll(/transform="([^"]*)"/g)].map((m) => m[1]!).filter((t) => /\.\d{2}/.test(t))).toEqual([]);
  });

  it('escapes text and refuses an id that cannot name an element', () => {
    const svg = renderChart(funnelFlowChart(flowRows, { labels, format }), { id: 'f', title: 'A < B & "C"', description: 'x' });
    expect(svg).toContain('<title id="f-title">A &lt; B &amp; "C"</title>');
    expect(() => renderChart({ marks: [] }, { id: 'Bad Id', title: 't', description: 'd' })).toThrow(/lowercase/);
  });
});

describe('plan against actual chart spec', () => {
  const pct = (value: number) => `${Math.round(value)}%`;
  const bars = [
    { label: 'Revenue', pct: 143.2 },
    { label: 'Deals won', pct: null },
    { label: 'MQLs', pct: 80 },
  ];

  it('draws the stages with a target, a track to 100%, the reached share and a rule at the target', () => {
    const options = planActualChart(bars, { format: pct });
    expect(options.y?.domain).toEqual(['Revenue', 'MQLs']);
    // The scale reaches the largest share, never less than the target.
    expect(options.x?.domain).toEqual([0, 143.2]);
    expect(planActualChart([{ label: 'MQLs', pct: 80 }], { format: pct }).x?.domain).toEqual([0, 100]);
    const [track, reached, values, rule] = markData(options);
    expect((reached as Array<{ pct: number }>).map((b) => b.pct)).toEqual([143.2, 80]);
    expect(track).toBe(reached);
    expect(values).toBe(reached);
    expect(rule).toEqual([100]);
    expect(options.marks).toHaveLength(4);
  });

  it('marks where an open period should be by now, and renders to an SVG with every value written', () => {
    const options = planActualChart(bars, { format: pct, expectedPct: 40 });
    expect(options.marks).toHaveLength(5);
    const svg = renderChart(options, { id: 'plan-actual', title: 'Plan', description: 'Revenue 143%, MQLs 80%' });
    expect(svg).toContain('143%');
    expect(svg).toContain('80%');
    expect(svg).not.toContain('Deals won');
  });
});
