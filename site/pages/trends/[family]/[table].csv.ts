import type { APIRoute, GetStaticPaths } from 'astro';
import { csvResponse } from '../../../lib/csv-route.ts';
import { siteData } from '../../../lib/site-data.ts';
import type { SiteTable } from '../../../lib/table.ts';
import { idPart } from '../../../views/page-context.ts';
import { trendFamilyViews } from '../../../views/trends-view.ts';

/** The CSV download of the table on each family's trend page. */
export const getStaticPaths = (() =>
  trendFamilyViews(siteData()).flatMap((view) =>
    view.tables.map((table) => ({ params: { family: idPart(view.family.family), table: table.id }, props: { table } })),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => csvResponse((props as { table: SiteTable }).table);
