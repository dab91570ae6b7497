import type { SiteTable } from './table.ts';
import { tableCsv } from './table.ts';

/** The build-time response of a table's CSV download. */
export function csvResponse(table: SiteTable): Response {
  return new Response(tableCsv(table), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
