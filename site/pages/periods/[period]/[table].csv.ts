import type { GetStaticPaths } from 'astro';
import { periodTablePaths } from '../../../lib/csv-route.ts';
import { siteData } from '../../../lib/site-data.ts';
import { periodView } from '../../../views/period-view.ts';

/** The CSV download of each table on each period page. */
export const getStaticPaths = (() => periodTablePaths(siteData(), periodView)) satisfies GetStaticPaths;

export { GET } from '../../../lib/csv-route.ts';
