import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { MetricRow } from '../../pipeline/schemas/snapshot.ts';
import { ACCENT, CHART_STYLE, NEGATIVE, textWidth, PHONE_CHART_WIDTH } from './theme.ts';

/** The funnel stages whose events `funnel.flow.<stage>` counts, in funnel order. */
export const FLOW_STAGES = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost'] as const;
/** One stage of the funnel flow. */
export type FlowStage = (typeof FLOW_STAGES)[number];

/** One stage's events inside the period; null when the snapshot could not count them. */
export interface FlowBar {
  stage: FlowStage;
  label: string;
  value: number | null;
}

/** What the funnel-flow chart needs besides the rows: stage names and the number format. */
export interface FunnelFlowOptions {
  labels: Record<FlowStage, string>;
  format: (value: number) => string;
  width?: number;
}

/** The whole-period `funnel.flow.*` rows in stage order; stages the snapshot lacks are left out. */
export function funnelFlowData(rows: readonly MetricRow[], labels: Record<FlowStage, string>): FlowBar[] {
  const bars: FlowBar[] = [];
  for (const stage of FLOW_STAGES) {
    const row = rows.find((r) => r.metric === `funnel.flow.${stage}` && r.segment_kind === 'all' && r.segment === 'all');
    if (row) bars.push({ stage, label: labels[stage], value: row.value });
  }
  return bars;
}

/** A horizontal bar per stage with its event count written at the bar's end; losses stand apart in colour. */
export function funnelFlowChart(rows: readonly MetricRow[], options: FunnelFlowOptions): PlotOptions {
  const data = funnelFlowData(rows, options.labels).filter((bar) => bar.value !== null);
  const max = Math.max(1, ...data.map((bar) => bar.value ?? 0));
  const widest = Math.max(0, ...data.map((bar) => textWidth(bar.label)));
  const widestValue = Math.max(0, ...data.map((bar) => textWidth(options.format(bar.value ?? 0))));
  return {
    width: options.width ?? PHONE_CHART_WIDTH,
    height: 24 + Math.max(1, data.length) * 34,
    marginTop: 12,
    marginBottom: 12,
    marginLeft: widest + 14,
    marginRight: widestValue + 14,
    style: CHART_STYLE,
    x: { axis: null, domain: [0, max] },
    y: { domain: data.map((bar) => bar.label), label: null, tickSize: 0, padding: 0.25 },
    color: { type: 'identity' },
    marks: [
      Plot.barX(data, { x: 'value', y: 'label', fill: (bar: FlowBar) => (bar.stage === 'lost' ? NEGATIVE : ACCENT), rx: 3 }),
      Plot.text(data, {
        x: 'value',
        y: 'label',
        text: (bar: FlowBar) => options.format(bar.value ?? 0),
        textAnchor: 'start',
        dx: 6,
        fill: 'currentColor',
        fontWeight: 600,
      }),
      Plot.ruleX([0], { strokeOpacity: 0.35 }),
    ],
  };
}
