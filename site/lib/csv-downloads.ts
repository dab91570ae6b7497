import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { agreementView } from '../views/agreement-view.ts';
import { dataView } from '../views/data-view.ts';
import { homeView } from '../views/home-view.ts';
import { meetingView } from '../views/meeting-view.ts';
import { idPart } from '../views/page-context.ts';
import { periodView } from '../views/period-view.ts';
import { trendFamilyViews, trendsView } from '../views/trends-view.ts';
import { loadSite, resolveSnapshotsDir, type SiteData } from './snapshots.ts';
import { csvFile, spreadsheetFile, tableCsv, tableSpreadsheetCsv, type SiteTable } from './table.ts';

// Every table's CSV download, written beside its page once Astro has built the pages. These were
// Astro routes (`[table].csv.ts`), one static path per file: Astro's per-route work and its
// awaited write of each of 1,102 small files made the sample's build 1.3 s slower (9.7 s against
// 8.4 s); this loop, views included, takes about 0.5 s.

/** One download: its path under the site's folder and its text. */
export interface CsvDownload {
  path: string;
  text: string;
}

/** The downloads of a page's tables in `folder` ('' = the site's root); a pt-BR site also gets each spreadsheet form. */
function pageDownloads(site: SiteData, folder: string, tables: readonly SiteTable[]): CsvDownload[] {
  return tables.flatMap((table) => [
    { path: join(folder, csvFile(table)), text: tableCsv(table) },
    ...(site.locale === 'pt-BR' ? [{ path: join(folder, spreadsheetFile(table)), text: tableSpreadsheetCsv(table) }] : []),
  ]);
}

/** Every CSV download of the site, page by page, in the folders of the pages that link to them. */
export function csvDownloads(site: SiteData): CsvDownload[] {
  return [
    ...pageDownloads(site, '', homeView(site).tables),
    ...pageDownloads(site, 'agreement', agreementView(site).tables),
    ...pageDownloads(site, 'data', dataView(site).tables),
    ...pageDownloads(site, 'trends', trendsView(site).tables),
    ...trendFamilyViews(site).flatMap((view) => pageDownloads(site, join('trends', idPart(view.family.family)), view.tables)),
    ...site.periods.flatMap((snapshot) => [
      ...pageDownloads(site, join('periods', snapshot.period), periodView(site, snapshot).tables),
      ...pageDownloads(site, join('periods', snapshot.period, 'meeting'), meetingView(site, snapshot).tables),
    ]),
  ];
}

/** Writes every download of the site into `dir`; a second file at one path is a bug in the views. */
export function writeCsvDownloads(site: SiteData, dir: string): number {
  const seen = new Set<string>();
  for (const download of csvDownloads(site)) {
    if (seen.has(download.path)) throw new Error(`two CSV downloads at ${download.path}`);
    seen.add(download.path);
    const file = join(dir, download.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, download.text);
  }
  return seen.size;
}

/** The Astro integration that writes the downloads after every build (`npm run build` and a bare `astro build`). */
export function csvDownloadsIntegration(): AstroIntegration {
  let root = '';
  return {
    name: 'handoff-csv-downloads',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': ({ dir }) => {
        writeCsvDownloads(loadSite(resolveSnapshotsDir(root)), fileURLToPath(dir));
      },
    },
  };
}
