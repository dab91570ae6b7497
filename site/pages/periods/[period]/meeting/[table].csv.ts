import type { APIRoute, GetStaticPaths } from 'astro';
import { csvResponse } from '../../../../lib/csv-route.ts';
import { siteData } from '../../../../lib/site-data.ts';
import type { SiteTable } from '../../../../lib/table.ts';
import { meetingView } from '../../../../views/meeting-view.ts';

/** The CSV download of each table on each meeting view. */
export const getStaticPaths = (() => {
  const site = siteData();
  return site.periods.flatMap((snapshot) =>
    meetingView(site, snapshot).tables.map((table) => ({ params: { period: snapshot.period, table: table.id }, props: { table } })),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => csvResponse((props as { table: SiteTable }).table);
