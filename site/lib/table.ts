import { toCsv } from '../../pipeline/csv.ts';
import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';

// Every table on the site is built once as a `SiteTable`; the page renders it as HTML
// (components/DataTable.astro) and the build writes the same rows as a CSV download beside the
// page (lib/csv-downloads.ts). The two cannot disagree because they are one value.

/** A column: `key` heads the CSV, `label` the HTML; `metric` links the label to the glossary. */
export interface TableColumn {
  key: string;
  label: string;
  numeric?: boolean;
  metric?: MetricId;
  /** Hashes and codes: monospace, broken anywhere on a narrow screen. */
  mono?: boolean;
  /** Only in the download: detail the page leaves out to stay readable (it says how many columns). */
  downloadOnly?: boolean;
}

/** A cell: `value` is written to the CSV (raw number or id), `text` shown on the page; `href` makes it a link. */
export interface TableCell {
  value: string | number | boolean | null;
  text: string;
  href?: string;
  /** Shows the text as a status badge of this kind (`open`, `closed`, …). */
  badge?: string;
}

/** A row; its first cell heads the row. `key` identifies it for tests and styling (`data-key`). */
export interface TableRow {
  key: string;
  cells: TableCell[];
}

/** A table of the site and its CSV download `<id>.csv` in the page's folder; the download may hold more rows and columns than the page. */
export interface SiteTable {
  /** Unique in its page folder; [a-z0-9-]. Names the HTML id and the CSV file. */
  id: string;
  caption: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Rows only in the download: detail the page summarises (it says how many) to stay small. */
  more?: TableRow[];
}

const TABLE_ID = /^[a-z][a-z0-9-]*$/;

/** A table, checked: a valid id and every row as wide as the header. */
export function siteTable(table: SiteTable): SiteTable {
  if (!TABLE_ID.test(table.id) || table.id.endsWith(SPREADSHEET_SUFFIX)) throw new Error(`table id "${table.id}" must be lowercase letters, digits and dashes, not ending in ${SPREADSHEET_SUFFIX}`);
  for (const row of [...table.rows, ...(table.more ?? [])]) {
    if (row.cells.length !== table.columns.length)
      throw new Error(`table ${table.id}: row ${row.key} has ${row.cells.length} cells for ${table.columns.length} columns`);
  }
  return table;
}

/**
 * For each of a page's tables in order, whether its header names carry their metric's definition:
 * only where a column's metric is new to the page part, so tables sharing columns define them once
 * (which keeps the period page within its budget).
 */
export function definesTerms(tables: readonly SiteTable[]): boolean[] {
  const defined = new Set<string>();
  return tables.map((table) => {
    const metrics = table.columns.flatMap((c) => (c.metric && !c.downloadOnly ? [c.metric] : []));
    const fresh = metrics.some((m) => !defined.has(m));
    for (const m of metrics) defined.add(m);
    return fresh;
  });
}

/** A cell whose CSV value and page text are the same text. */
export function textCell(text: string, href?: string): TableCell {
  return href === undefined ? { value: text, text } : { value: text, text, href };
}

/** The CSV download of a table: column keys as header, raw values, spreadsheet formulas neutralised. */
export function tableCsv(table: SiteTable): string {
  return toCsv(
    table.columns.map((column) => column.key),
    [...table.rows, ...(table.more ?? [])].map((row) => row.cells.map((cell) => cell.value)),
  );
}

/** The download file name of a table. */
export function csvFile(table: Pick<SiteTable, 'id'>): string {
  return `${table.id}.csv`;
}

/** What names the spreadsheet form of a table's download: `<id>-planilha.csv`. */
export const SPREADSHEET_SUFFIX = '-planilha';

/** The file name of a table's spreadsheet form (pt-BR sites only). */
export function spreadsheetFile(table: Pick<SiteTable, 'id'>): string {
  return `${table.id}${SPREADSHEET_SUFFIX}.csv`;
}

/**
 * The spreadsheet form of a table's download, for a Brazilian Excel: headed by the column labels,
 * text as the page shows it (translated labels and reasons), numbers rounded with a decimal comma,
 * `;` between cells and a UTF-8 BOM; formulas neutralised like the machine form.
 */
export function tableSpreadsheetCsv(table: SiteTable): string {
  return toCsv(
    table.columns.map((column) => column.label),
    [...table.rows, ...(table.more ?? [])].map((row) =>
      row.cells.map((cell, i) => (table.columns[i]?.numeric ? (typeof cell.value === 'number' ? cell.value : null) : cell.text)),
    ),
    { spreadsheet: true },
  );
}
