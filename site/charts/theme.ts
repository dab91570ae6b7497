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
