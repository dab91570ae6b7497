import type { APIRoute, GetStaticPaths } from 'astro';
import { csvResponse } from '../../lib/csv-route.ts';
import { siteData } from '../../lib/site-data.ts';
import type { SiteTable } from '../../lib/table.ts';
import { dataView } from '../../views/data-view.ts';

/** The CSV download of each table on the data page. */
export const getStaticPaths = (() => dataView(siteData()).tables.map((table) => ({ params: { table: table.id }, props: { table } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => csvResponse((props as { table: SiteTable }).table);
