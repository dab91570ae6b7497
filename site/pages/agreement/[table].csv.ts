import type { GetStaticPaths } from 'astro';
import { tablePaths } from '../../lib/csv-route.ts';
import { siteData } from '../../lib/site-data.ts';
import { agreementView } from '../../views/agreement-view.ts';

/** The CSV download of each table on the agreement page. */
export const getStaticPaths = (() => tablePaths(agreementView(siteData()).tables)) satisfies GetStaticPaths;

export { GET } from '../../lib/csv-route.ts';
