import Papa from 'papaparse';

/** A cell of a CSV we write: text, a number, or empty. */
export type Cell = string | number | boolean | null | undefined;

/**
 * Where a cell may start once a spreadsheet splits our text: the text's start, or after `,` and
 * `;` (the list separators of en and pt-BR Excel, which split a CSV on opening), tab and `|`
 * (offered by the import dialogs of Excel, LibreOffice and Google Sheets), or CR/LF (a reader
 * that ignores quotes starts a row there); matched where a formula trigger (`=` `+` `-` `@`)
 * follows, behind any spaces a spreadsheet may trim. Space is no split character: splitting on it
 * is a deliberate import choice, and it would mark every `São Paulo - SP` and `+55 11` inside a
 * name or a phone list.
 */
const FORMULA_START = /(^|[,;\t|\r\n])(?=[ \t\u00a0]*[=+\-@])/g;

/**
 * Makes a text cell safe to open in a spreadsheet however it is split: wherever a cell could
 * start (the text's start or after a split character) and a formula trigger follows, an
 * apostrophe is inserted, so `Ana;=HYPERLINK(…)` becomes `Ana;'=HYPERLINK(…)`; a cell starting
 * with tab or CR gets one too (OWASP's triggers). Nothing else changes, so safe text stays
 * byte-identical; numbers are written as numbers by `toCsv` and never reach here.
 */
export function neutraliseFormula(value: string): string {
  const start = /^[\t\r]/.test(value) ? `'${value}` : value;
  return start.replace(FORMULA_START, "$1'");
}

/** Decimals a spreadsheet CSV keeps: enough for a rate (43,75%) without the float noise of a computed share. */
export const SPREADSHEET_DECIMALS = 2;

/**
 * Writes rows as RFC 4180 CSV with `\n` line ends and a final newline, byte-stable for the same
 * input. Text cells are neutralised unless `raw` (rejects keep what was read, verbatim).
 * `spreadsheet` writes the form a Brazilian Excel opens in columns: a UTF-8 BOM (accents read
 * right), `;` between cells and numbers rounded with a decimal comma.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<Cell>>, options: { raw?: boolean; spreadsheet?: boolean } = {}): string {
  const scale = 10 ** SPREADSHEET_DECIMALS;
  const cells = rows.map((row) =>
    row.map((cell) => {
      if (cell === null || cell === undefined) return '';
      if (typeof cell === 'number' && options.spreadsheet) return Number.isFinite(cell) ? String(Math.round(cell * scale) / scale).replace('.', ',') : '';
      if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
      if (typeof cell === 'boolean') return cell ? 'true' : 'false';
      return options.raw ? cell : neutraliseFormula(cell);
    }),
  );
  const header_ = options.spreadsheet ? header.map((h) => neutraliseFormula(h)) : [...header];
  const body = Papa.unparse(
    { fields: header_, data: cells },
    { newline: '\n', quotes: false, quoteChar: '"', escapeFormulae: false, delimiter: options.spreadsheet ? ';' : ',' },
  );
  return options.spreadsheet ? `\ufeff${body}\n` : `${body}\n`;
}
