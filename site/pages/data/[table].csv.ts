import type { GetStaticPaths } from 'astro';
import { tablePaths } from '../../lib/csv-route.ts';
import { siteData } from '../../lib/site-data.ts';
import { dataView } from '../../views/data-view.ts';

/** The CSV download of each table on the data page. */
export const getStaticPaths = (() => tablePaths(dataView(siteData()).tables)) satisfies GetStaticPaths;

export { GET } from '../../lib/csv-route.ts';
