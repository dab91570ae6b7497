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
import { columnsChart } from '../../site/charts/columns.ts';
import { textWidth, thinLabels } from '../../site/charts/theme.ts';

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
      { period: '2026-08', label: 'Ago 2026', closed: true, value: 30, target: null },
      { period: '2026-10', label: 'Out 2026', closed: false, value: 41, target: null },
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

  it('has a y axis in the count’s format, each period’s target as a dashed tick, and links each bar to its period', () => {
    const linked = periods.map((p) => ({ ...p, href: `../periods/${p.period}/index.html` }));
    const options = mqlTrendChart([...rows, count('2026-10', 'mql.target', 50), count('2026-08', 'mql.target', 35)], { periods: linked, format });
    expect(options.y?.axis).toBeUndefined();
    expect((options.y?.tickFormat as (v: number) => string)(1200)).toBe('1.200');
    // The scale reaches the highest target (50) above the highest count (41).
    expect(options.y?.domain).toEqual([0, 50]);
    const [bars, targets] = markData(options) as [TrendPoint[], TrendPoint[]];
    expect(targets.map((p) => [p.period, p.target])).toEqual([
      ['2026-08', 35],
      ['2026-10', 50],
    ]);
    const svg = renderChart(options, { id: 'mql', title: 'MQLs', description: 'd' });
    expect(bars.map((p) => p.href)).toEqual(['../periods/2026-08/index.html', '../periods/2026-10/index.html']);
    // Each link is named by its period and kept out of the tab order; a chart with links is a group, not an image (whose parts are presentational).
    expect(svg).toContain('<a tabindex="-1" aria-label="Out 2026" href="../periods/2026-10/index.html"');
    expect(svg).toContain('role="group"');
    expect(svg).toContain('stroke-dasharray="4,2"');
    expect(svg).toContain('>50</text>');
  });

  it('writes at most one period label per label width, counting back from the latest, without rotating them', () => {
    // 79 weeks on a 640px chart: the labels "S10 2026" are ~58px wide, so about one in eight is written.
    const weeks = Array.from({ length: 79 }, (_, i) => ({ period: `w${i}`, label: `S${i} 2026`, closed: true }));
    const options = mqlTrendChart(weeks.map((w) => count(w.period, 'mql.count', 10)), { periods: weeks, format, width: 640 });
    const ticks = options.x?.ticks as string[];
    expect(ticks.at(-1)).toBe('S78 2026');
    expect(ticks.length).toBeLessThanOrEqual(10);
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    expect(options.x?.tickRotate).toBeUndefined();
  });
});

describe('thinLabels', () => {
  it('keeps every label that fits and otherwise every nth, always the last', () => {
    expect(thinLabels(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c']);
    expect(thinLabels(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 3)).toEqual(['a', 'd', 'g']);
    expect(thinLabels(['a', 'b', 'c', 'd', 'e', 'f'], 2)).toEqual(['c', 'f']);
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
    // A conversion rate (0–1) on its whole scale too.
    expect(metricTrendChart(points.map((p) => ({ ...p, value: p.value && p.value / 100 })), { unit: 'ratio', format }).y?.domain).toEqual([0, 1]);
    // A time that never moved still gets a scale one unit tall.
    expect(metricTrendChart([{ ...points[0]!, value: 7 }], { unit: 'minutes', format }).y?.domain).toEqual([0, 7]);
    expect(metricTrendChart([{ ...points[0]!, value: 0 }], { unit: 'days', format }).y?.domain).toEqual([0, 1]);
  });
});

describe('metric trend labels and targets', () => {
  const pctFormat = (v: number) => `${new Intl.NumberFormat('pt-BR').format(v)}%`;
  const months: TrendPoint[] = [
    { period: '2026-09', label: 'Set 2026', closed: true, value: 82, target: 90, href: '../periods/2026-09/index.html' },
    { period: '2026-10', label: 'Out 2026', closed: false, value: 93, target: 85, href: '../periods/2026-10/index.html' },
  ];

  it('leaves room for the widest y label ("100%") and half the last period label ("Out 2026") past the last mark', () => {
    const options = metricTrendChart(months, { unit: 'pct', format: pctFormat });
    // Plot writes y labels 9px left of the frame (tick 6 + padding 3): "100%" is ~29px at 12px.
    expect(options.marginLeft! - 9).toBeGreaterThanOrEqual(textWidth('100%'));
    // Two bands in a 300px chart: the last label's centre is half a band (~63px) from the right edge, more than half of "Out 2026" (~29px).
    const band = (options.width! - options.marginLeft! - options.marginRight!) / 2;
    expect(band / 2 + options.marginRight!).toBeGreaterThanOrEqual(textWidth('Out 2026') / 2);
    // With 24 periods the band is narrow: the margin itself must hold half the label.
    const many = Array.from({ length: 24 }, (_, i) => ({ ...months[0]!, period: `p${i}`, label: i === 23 ? 'Out 2026' : `P${i}` }));
    const crowded = metricTrendChart(many, { unit: 'pct', format: pctFormat });
    const narrowBand = (crowded.width! - crowded.marginLeft! - crowded.marginRight!) / 24;
    expect(narrowBand / 2 + crowded.marginRight!).toBeGreaterThanOrEqual(textWidth('Out 2026') / 2);
  });

  it('draws the promised level of each period as a dashed line and links each point to its period', () => {
    const options = metricTrendChart(months, { unit: 'pct', format: pctFormat });
    const [promise, line, dots, latest] = markData(options) as TrendPoint[][];
    expect(promise!.map((p) => p.target)).toEqual([90, 85]);
    expect(line!.map((p) => p.value)).toEqual([82, 93]);
    expect(dots!.map((p) => p.period)).toEqual(['2026-09']);
    expect(latest!.map((p) => p.period)).toEqual(['2026-10']);
    const svg = renderChart(options, { id: 'clause', title: 'Clause', description: 'd' });
    expect(svg).toContain('<a tabindex="-1" aria-label="Set 2026" href="../periods/2026-09/index.html"');
    expect(svg).toContain('stroke-dasharray="4,3"');
    // Without targets or links the chart has neither.
    const plain = metricTrendChart(months.map(({ target: _t, href: _h, ...p }) => p), { unit: 'pct', format: pctFormat });
    expect(plain.marks).toHaveLength(2);
  });
});

describe('columns chart (the attempts histogram)', () => {
  it('writes values only while they fit their columns, at the chart’s own size', () => {
    const few = columnsChart([1, 2, 3].map((n) => ({ label: `${n}`, value: n * 100, highlight: n >= 2 })), { format });
    expect(few.marks).toHaveLength(4);
    const many = columnsChart(Array.from({ length: 30 }, (_, n) => ({ label: `${n}`, value: 12345, highlight: n >= 6 })), { format });
    expect(many.marks).toHaveLength(3);
    // The values use the chart's 12px, not a smaller size that a phone would shrink below 11px.
    // (Plot's font-size="10" on the root is overridden by the chart style's 12px.)
    const svg = renderChart(few, { id: 'c', title: 'c', description: 'd' });
    expect(svg.slice(svg.indexOf('>'))).not.toMatch(/font-size="/);
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
    // Drawn as wide as a phone's column, so its 12px labels stay 11px or more on a 390px screen.
    expect(first).toMatch(/\swidth="320"/);
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
