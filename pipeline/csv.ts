import Papa from 'papaparse';

/** A cell of a CSV we write: text, a number, or empty. */
export type Cell = string | number | boolean | null | undefined;

/**
 * Makes a text cell safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or CR would
 * be run as a formula, so such text gets a leading apostrophe. Numbers are written as numbers.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Writes rows as RFC 4180 CSV with `\n` line ends and a final newline, byte-stable for the same
 * input. Text cells are neutralised unless `raw` (rejects keep what was read, verbatim).
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<Cell>>, options: { raw?: boolean } = {}): string {
  const cells = rows.map((row) =>
    row.map((cell) => {
      if (cell === null || cell === undefined) return '';
      if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
      if (typeof cell === 'boolean') return cell ? 'true' : 'false';
      return options.raw ? cell : neutraliseFormula(cell);
    }),
  );
  const body = Papa.unparse({ fields: [...header], data: cells }, { newline: '\n', quotes: false, quoteChar: '"', escapeFormulae: false });
  return `${body}\n`;
}
