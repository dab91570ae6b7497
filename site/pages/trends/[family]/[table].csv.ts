import type { GetStaticPaths } from 'astro';
import { tablePaths } from '../../../lib/csv-route.ts';
import { siteData } from '../../../lib/site-data.ts';
import { idPart } from '../../../views/page-context.ts';
import { trendFamilyViews } from '../../../views/trends-view.ts';

/** The CSV download of the table on each family's trend page. */
export const getStaticPaths = (() =>
  trendFamilyViews(siteData()).flatMap((view) => tablePaths(view.tables, { family: idPart(view.family.family) }))) satisfies GetStaticPaths;

export { GET } from '../../../lib/csv-route.ts';
