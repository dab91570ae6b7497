import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/** How a rendered chart is named: `id` is unique on its page ([a-z0-9-]); title and description are read aloud. */
export interface ChartLabel {
  id: string;
  title: string;
  description: string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const CHART_ID = /^[a-z][a-z0-9-]*$/;

/** Renders Plot options to a standalone, accessible SVG string; the same input always gives the same bytes. */
export function renderChart(options: PlotOptions, label: ChartLabel): string {
  if (!CHART_ID.test(label.id)) throw new Error(`chart id "${label.id}" must be lowercase letters, digits and dashes`);
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = Plot.plot({
    ...options,
    className: label.id,
    figure: false,
    document: document as unknown as Document,
  }) as unknown as Element;
  if (svg.tagName.toLowerCase() !== 'svg') throw new Error(`chart "${label.id}" rendered a <${svg.tagName}>, not an <svg>; drop its legend, title or caption options`);

  const title = document.createElementNS(SVG_NS, 'title');
  title.setAttribute('id', `${label.id}-title`);
  title.textContent = label.title;
  const desc = document.createElementNS(SVG_NS, 'desc');
  desc.setAttribute('id', `${label.id}-desc`);
  desc.textContent = label.description;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label.title);
  svg.setAttribute('aria-describedby', `${label.id}-desc`);
  svg.setAttribute('id', label.id);

  return stableIds(svg.outerHTML, label.id);
}

/**
 * Plot numbers clip paths and patterns from a process-wide counter, so the same chart gets other
 * ids on another page or run; rename every generated id after the chart, in order of appearance.
 */
function stableIds(markup: string, chartId: string): string {
  const own = new Set([chartId, `${chartId}-title`, `${chartId}-desc`]);
  const renamed = new Map<string, string>();
  for (const match of markup.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1];
    if (id !== undefined && !own.has(id) && !renamed.has(id)) renamed.set(id, `${chartId}-${renamed.size + 1}`);
  }
  let out = markup;
  for (const [from, to] of renamed) {
    const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(\\sid="|url\\(#|href="#)${escaped}(?=[")])`, 'g'), `$1${to}`);
  }
  return out;
}
