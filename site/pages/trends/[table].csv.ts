import type { GetStaticPaths } from 'astro';
import { tablePaths } from '../../lib/csv-route.ts';
import { siteData } from '../../lib/site-data.ts';
import { trendsView } from '../../views/trends-view.ts';

/** The CSV download of each table on the trends page. */
export const getStaticPaths = (() => tablePaths(trendsView(siteData()).tables)) satisfies GetStaticPaths;

export { GET } from '../../lib/csv-route.ts';
