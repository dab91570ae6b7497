import type { GetStaticPaths } from 'astro';
import { tablePaths } from '../lib/csv-route.ts';
import { siteData } from '../lib/site-data.ts';
import { homeView } from '../views/home-view.ts';

/** The CSV download of each table on the home page. */
export const getStaticPaths = (() => tablePaths(homeView(siteData()).tables)) satisfies GetStaticPaths;

export { GET } from '../lib/csv-route.ts';
