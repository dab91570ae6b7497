import type { Contract, InputKind } from '../contract/schema.ts';
import type { ColumnReport } from '../schemas/snapshot.ts';
import { fold } from './enums.ts';
import { readColumns, readLeaves, resolveColumns } from './mapping.ts';
import { PRESETS, type HeaderRef, type Source } from './presets/index.ts';

/** Every header reference of a preset source, tests included (`cases` conditions too). */
export function headerRefs(source: Source<HeaderRef>): HeaderRef[] {
  return readLeaves(source, (s): s is HeaderRef => 'header' in s);
}

/** The column reports a snapshot manifest records: all of them when some input misses an expected column, else none. */
export function columnsToTell(columns: Partial<Record<InputKind, ColumnReport>>): Partial<Record<InputKind, ColumnReport>> | null {
  return Object.values(columns).some((c) => c.missing.length > 0) ? columns : null;
}

/**
 * What was read from one file, so a user sees it rather than a guess: canonical columns with the
 * headers they come from, the columns the preset expected but did not find, the headers left
 * unused, and unused headers that look like a missing column under another name (a preset header
 * name, without its `Object - ` prefix, inside the header: `Deal - Deal created (UTC)`).
 */
export function columnReport(kind: InputKind, header: readonly string[], contract: Contract, file: string): ColumnReport {
  const sources = resolveColumns(kind, header, contract, file);
  const mapped: Record<string, string> = {};
  const used = new Set<string>();
  for (const [column, source] of sources) {
    // A column a rule only tests (`Deal Stage` deciding won or lost) is read too, not unused.
    const cols = readColumns(source);
    cols.forEach((c) => used.add(c));
    if (cols.length > 0) mapped[column] = cols.join(' + ');
  }
  const expected = PRESETS[contract.mapping.preset].files[kind]?.columns ?? {};
  const missing = Object.keys(expected).filter((c) => !sources.has(c));
  const unused = header.filter((h) => !used.has(h));
  const lookalikes: Array<{ column: string; header: string }> = [];
  for (const column of missing) {
    const stems = [...new Set(headerRefs(expected[column]!).flatMap((r) => r.header).map((n) => fold(n.replace(/^.*? - /, ''))))].filter((s) => s.length >= 4);
    for (const h of unused) if (stems.some((s) => fold(h).includes(s))) lookalikes.push({ column, header: h });
  }
  return { mapped, missing, unused, ...(lookalikes.length > 0 ? { lookalikes } : {}) };
}
