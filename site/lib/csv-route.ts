import type { APIRoute } from 'astro';
import type { PeriodSnapshot, SiteData } from './snapshots.ts';
import type { SiteTable } from './table.ts';
import { SPREADSHEET_SUFFIX, tableCsv, tableSpreadsheetCsv } from './table.ts';
import { siteData } from './site-data.ts';

// What the `[table].csv.ts` routes share. Astro wants `getStaticPaths` and `GET` exported from
// each route file: a route builds its paths with `tablePaths` or `periodTablePaths` and
// re-exports `GET` from here.

/** A download's form: raw values for programs, or the spreadsheet form for a Brazilian Excel. */
export type CsvForm = 'machine' | 'spreadsheet';

/** The build-time response of a table's CSV download. */
export function csvResponse(table: SiteTable, form: CsvForm = 'machine'): Response {
  return new Response(form === 'spreadsheet' ? tableSpreadsheetCsv(table) : tableCsv(table), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}

/** The `GET` of every CSV route: the table its static path carries as a prop, as CSV. */
export const GET: APIRoute = ({ props }) => {
  const { table, form } = props as { table: SiteTable; form: CsvForm };
  return csvResponse(table, form);
};

/**
 * One static path per table, by its id, beside the route's other `params`; the table goes along as
 * a prop. A pt-BR site also gets each table's spreadsheet form, `<id>-planilha.csv`.
 */
export function tablePaths<P extends Record<string, string>>(tables: readonly SiteTable[], params: P = {} as P) {
  const spreadsheet = siteData().locale === 'pt-BR';
  return tables.flatMap((table) => [
    { params: { ...params, table: table.id }, props: { table, form: 'machine' as CsvForm } },
    ...(spreadsheet ? [{ params: { ...params, table: `${table.id}${SPREADSHEET_SUFFIX}` }, props: { table, form: 'spreadsheet' as CsvForm } }] : []),
  ]);
}

/** The static paths of every table on each period's page of one kind (`periodView`, `meetingView`). */
export function periodTablePaths(site: SiteData, view: (site: SiteData, snapshot: PeriodSnapshot) => { tables: readonly SiteTable[] }) {
  return site.periods.flatMap((snapshot) => tablePaths(view(site, snapshot).tables, { period: snapshot.period }));
}
