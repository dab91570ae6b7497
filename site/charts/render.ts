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
  if (svg.tagName.toLowerCase() !== 'svg')
    throw new Error(`chart "${label.id}" rendered a <${svg.tagName}>, not an <svg>; drop its legend, title or caption options`);

  // A mark's link (a period's page) takes the name Plot wrote on its mark (LINK_MARK). It is for a
  // pointer or a finger, out of the tab order: the table beside every chart links the same periods.
  const links = [...svg.querySelectorAll('a')];
  for (const link of links) {
    const name = link.firstElementChild?.getAttribute('aria-label');
    if (name) link.setAttribute('aria-label', name);
    link.setAttribute('tabindex', '-1');
  }
  // Plot names its mark groups with aria-label, which a plain <g> may not carry (ARIA forbids
  // naming generic elements); the chart as a whole is named by its title.
  for (const element of svg.querySelectorAll('[aria-label]')) if (element.tagName.toLowerCase() !== 'a') element.removeAttribute('aria-label');

  const title = document.createElementNS(SVG_NS, 'title');
  title.setAttribute('id', `${label.id}-title`);
  title.textContent = label.title;
  const desc = document.createElementNS(SVG_NS, 'desc');
  desc.setAttribute('id', `${label.id}-desc`);
  desc.textContent = label.description;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  // An image's parts are presentational, so a chart with links is a group of them instead.
  svg.setAttribute('role', links.length > 0 ? 'group' : 'img');
  svg.setAttribute('aria-label', label.title);
  svg.setAttribute('aria-describedby', `${label.id}-desc`);
  svg.setAttribute('id', label.id);

  return compact(stableIds(svg.outerHTML, label.id));
}

const GEOMETRY = /\s(x|y|x1|x2|y1|y2|cx|cy|r|width|height|d|transform|points)="([^"]*)"/g;

/**
 * Smaller markup for the same drawing: Plot writes coordinates to 15 digits and a stylesheet
 * into every chart (the page's own rules already size and colour charts). A tenth of a pixel is
 * below what any screen or printer shows; a page with many small charts stays under its budget.
 */
function compact(markup: string): string {
  const round = (number: string) => {
    const value = Math.round(Number(number) * 10) / 10;
    return Object.is(value, -0) ? '0' : String(value);
  };
  return markup
    .replace(/<style>[^<]*<\/style>/g, '')
    .replace(GEOMETRY, (_, name: string, value: string) => ` ${name}="${value.replace(/-?\d*\.\d{2,}/g, round)}"`);
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
