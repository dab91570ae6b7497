import type { APIRoute, GetStaticPaths } from 'astro';
import { csvResponse } from '../../lib/csv-route.ts';
import { siteData } from '../../lib/site-data.ts';
import type { SiteTable } from '../../lib/table.ts';
import { trendsView } from '../../views/trends-view.ts';

/** The CSV download of each table on the trends page. */
export const getStaticPaths = (() =>
  trendsView(siteData()).tables.map((table) => ({ params: { table: table.id }, props: { table } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => csvResponse((props as { table: SiteTable }).table);
