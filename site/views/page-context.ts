import { dictionary, formatter, type Dictionary, type Formatter } from '../i18n/index.ts';
import type { PeriodSnapshot, SiteData } from '../lib/snapshots.ts';

/** What every view needs: the site, its labels, and a formatter on the clock and currency of one period's agreement. */
export interface PageContext {
  site: SiteData;
  t: Dictionary;
  fmt: Formatter;
}

/**
 * The context of a page about `snapshot` (the latest period by default). Pages speak the site's
 * language (the latest agreement's) but read times and amounts as the period's own agreement did.
 */
export function pageContext(site: SiteData, snapshot: PeriodSnapshot = site.latest): PageContext {
  return {
    site,
    t: dictionary(site.locale),
    fmt: formatter(site.locale, snapshot.contract.timezone, snapshot.contract.currency),
  };
}

/** The last local day of a period, from its first day after (`ends_before`). */
export function lastDayOf(endsBefore: string): string {
  return new Date(Date.parse(`${endsBefore}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** Only the file name of a path: a folder on the analyst's machine says nothing to readers and may leak names. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** A period id as a table id part: `2026-Q4` → `2026-q4`. */
export function idPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
