// Chart colours are CSS custom properties with fallbacks, so the page's stylesheet (dark mode,
// print) restyles the build-time SVG without re-rendering it.

/** Fill of the main series. */
export const ACCENT = 'var(--chart-accent, #4338ca)';
/** Fill of a series that is not final yet (the period in progress). */
export const ACCENT_SOFT = 'var(--chart-accent-soft, #a5b4fc)';
/** Fill of losses. */
export const NEGATIVE = 'var(--chart-negative, #e11d48)';
/** Inline style of every chart: the page's font at a readable size (an object: linkedom cannot parse style text). */
export const CHART_STYLE = { fontFamily: 'inherit', fontSize: '12px' } satisfies Partial<CSSStyleDeclaration>;

/** Rough rendered width of a label in pixels at 12px: there is no text measurement at build time. */
export function textWidth(text: string): number {
  return Math.ceil(text.length * 7.2);
}

/** Mark options that link each point to its `href`, named by its `label` (render.ts moves the name onto the link). */
export const LINK_MARK = { href: 'href', ariaLabel: 'label' } as const;

/**
 * The widest a chart may be drawn and still show its 12px labels at 11px or more on a 390px phone,
 * where the page's column is 316px wide and the SVG shrinks to fit it.
 */
export const PHONE_CHART_WIDTH = 320;

/**
 * Every nth of `labels` so that at most `max` are written on an axis, counted back from the last
 * (the latest period is the one a reader looks for); all of them when they fit.
 */
export function thinLabels(labels: readonly string[], max: number): string[] {
  if (labels.length <= max) return [...labels];
  const step = Math.ceil(labels.length / Math.max(1, max));
  return labels.filter((_, i) => (labels.length - 1 - i) % step === 0);
}
