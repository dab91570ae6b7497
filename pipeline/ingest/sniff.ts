import { CsvRecordReader } from './csv-records.ts';

/** Delimiters an export may use; `auto` picks among them. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * Picks the delimiter of a CSV text from its first records: the candidate that splits the header
 * into the most fields while the rows that follow agree with that count most often. Quote-aware,
 * so `"Silva, Ana"` does not vote for the comma; ties go to the order of DELIMITERS.
 * (PapaParse's guesser picked `,` for two-line `;` files with no comma at all.)
 */
export function sniffDelimiter(text: string): Delimiter {
  const preview = text.slice(0, 64 * 1024);
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    const records = new CsvRecordReader(delimiter).feed(preview).slice(0, 30);
    const width = records[0]?.fields.length ?? 0;
    if (width < 2) continue;
    const rows = records.slice(1);
    const agreeing = rows.length === 0 ? 1 : rows.filter((r) => r.fields.length === width).length / rows.length;
    const score = agreeing * 1000 + Math.min(width, 999);
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}
