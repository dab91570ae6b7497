import type { APIRoute } from 'astro';
import type { PeriodSnapshot, SiteData } from './snapshots.ts';
import type { SiteTable } from './table.ts';
import { tableCsv } from './table.ts';

// What the `[table].csv.ts` routes share. Astro wants `getStaticPaths` and `GET` exported from
// each route file: a route builds its paths with `tablePaths` or `periodTablePaths` and
// re-exports `GET` from here.

/** The build-time response of a table's CSV download. */
export function csvResponse(table: SiteTable): Response {
  return new Response(tableCsv(table), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}

/** The `GET` of every CSV route: the table its static path carries as a prop, as CSV. */
export const GET: APIRoute = ({ props }) => csvResponse((props as { table: SiteTable }).table);

/** One static path per table, by its id, beside the route's other `params`; the table goes along as a prop. */
export function tablePaths<P extends Record<string, string>>(tables: readonly SiteTable[], params: P = {} as P) {
  return tables.map((table) => ({ params: { ...params, table: table.id }, props: { table } }));
}

/** The static paths of every table on each period's page of one kind (`periodView`, `meetingView`). */
export function periodTablePaths(site: SiteData, view: (site: SiteData, snapshot: PeriodSnapshot) => { tables: readonly SiteTable[] }) {
  return site.periods.flatMap((snapshot) => tablePaths(view(site, snapshot).tables, { period: snapshot.period }));
}
