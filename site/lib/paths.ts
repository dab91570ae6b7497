// Links are relative and name `index.html`, so the same files work behind any web server, under
// any base path, and opened straight from the file system (where folders do not resolve).

/** The site folder of the home page. */
export const HOME_PAGE = '';

/** The site folder of a period's page. */
export function periodPage(period: string): string {
  return `periods/${period}/`;
}

/** The site folder of a period's one-page meeting view. */
export function meetingPage(period: string): string {
  return `periods/${period}/meeting/`;
}

/** The site folder of the trends across periods. */
export const TRENDS_PAGE = 'trends/';
/** The site folder of one family of metrics across periods (`funnel-flow`). */
export function trendFamilyPage(family: string): string {
  return `${TRENDS_PAGE}${family}/`;
}
/** The site folder of the agreement, as a readable document. */
export const AGREEMENT_PAGE = 'agreement/';
/** The site folder of data quality and provenance. */
export const DATA_PAGE = 'data/';

function segments(page: string): string[] {
  return page.split('/').filter((part) => part !== '');
}

/** A relative link from the page in folder `from` to the page in folder `to`. */
export function hrefTo(from: string, to: string): string {
  const source = segments(from);
  const target = segments(to);
  let common = 0;
  while (common < source.length && common < target.length && source[common] === target[common]) common += 1;
  const up = source.slice(common).map(() => '..');
  return [...up, ...target.slice(common), 'index.html'].join('/');
}
