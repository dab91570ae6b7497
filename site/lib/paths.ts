// Links are relative and name `index.html`, so the same files work behind any web server, under
// any base path, and opened straight from the file system (where folders do not resolve).

/** The site folder of the home page. */
export const HOME_PAGE = '';

/** The site folder of a period's page. */
export function periodPage(period: string): string {
  return `periods/${period}/`;
}

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
