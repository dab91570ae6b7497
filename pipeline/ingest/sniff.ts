import Papa from 'papaparse';

/** Delimiters an export may use; `auto` picks among them. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * Picks the delimiter of a CSV text from its first lines. PapaParse's guesser scores each
 * candidate by how consistently it splits the preview rows, which beats counting characters
 * in the header alone when names contain commas (`"Silva, Ana"`).
 */
export function sniffDelimiter(text: string): Delimiter {
  const preview = text.slice(0, 64 * 1024);
  const guess = Papa.parse<string[]>(preview, { preview: 20, delimitersToGuess: [...DELIMITERS] }).meta.delimiter;
  return (DELIMITERS as readonly string[]).includes(guess) ? (guess as Delimiter) : ',';
}
