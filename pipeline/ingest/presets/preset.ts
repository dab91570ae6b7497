import type { Contract, InputKind } from '../../contract/schema.ts';

// A preset says how one tool's export maps onto the canonical columns (SPEC section 2). It is
// data, not code: staging (stage.ts) resolves it against the header actually found and turns it
// into SQL over the raw table, so a preset never touches the file.

/** The tools handoff knows; `canonical` is handoff's own column names. */
export type PresetName = Contract['mapping']['preset'];

/** Names a tool may give one column (English and Portuguese exports), tried in order; matching ignores case, accents and spacing. */
export interface HeaderRef {
  header: readonly string[];
}

/**
 * How a canonical column's text is built from one row. Generic over the leaf so the same shape
 * serves presets (header names still to be looked up) and staging (columns of the raw table).
 * Every form yields trimmed text or NULL; typing (dates, numbers, enumerations) happens after.
 */
export type Source<Leaf> =
  | Leaf
  /** The same text on every row (`status: won` for a won-deals export). */
  | { constant: string }
  /** The non-empty parts joined (`First Name` + `Last Name`); empty when every part is. */
  | { concat: ReadonlyArray<Source<Leaf>>; separator: string }
  /** The first part that is not empty (`Celular`, else `Telefone`). */
  | { firstOf: ReadonlyArray<Source<Leaf>> }
  /** The first non-empty item of a list (`Associated Contact IDs` = `101;102` → `101`). */
  | { firstListItem: Source<Leaf>; separator: string }
  /**
   * The first capture group of `pattern` (DuckDB regular expression); a value that does not
   * match is passed on unchanged, so the typed parser quarantines it instead of it becoming empty.
   */
  | { extract: Source<Leaf>; pattern: string }
  /** The `then` of the first case whose `when` text is one of `in` (compared folded), else `else` (or empty). */
  | { cases: ReadonlyArray<Case<Leaf>>; else?: Source<Leaf> };

/** One branch of a `cases` source. `in` holds words as written; they are folded before comparing. */
export interface Case<Leaf> {
  when: Source<Leaf>;
  in: readonly string[];
  then: Source<Leaf>;
}

/**
 * Rows a tool exports that are not what the kind means (a planned, not-done activity): each is
 * quarantined with `reason`, so it is counted rather than silently dropped or loaded.
 */
export interface RowRule<Leaf> {
  when: Source<Leaf>;
  in: readonly string[];
  reason: string;
}

/** One input kind as a tool exports it. */
export interface PresetFile {
  /** File names looked for in the input folder after the canonical one, when sla.yaml names none. */
  paths: readonly string[];
  /** Canonical column → where its value comes from. Canonical columns left out fall back to a same-named header. */
  columns: Readonly<Record<string, Source<HeaderRef>>>;
  quarantine?: ReadonlyArray<RowRule<HeaderRef>>;
  /**
   * Last-resort link of a row to its lead when its `lead_id` is empty: the person's name and
   * organisation as the row writes them, matched (folded) to exactly one lead's `name` and `company`.
   */
  linkByName?: { name: HeaderRef; organization: HeaderRef };
}

/** A tool's exports, per input kind it has. */
export interface Preset {
  name: PresetName;
  files: Partial<Record<InputKind, PresetFile>>;
}

/** A header reference with its alternative names. */
export function h(...names: string[]): HeaderRef {
  return { header: names };
}

/** A constant source. */
export function constant(value: string): { constant: string } {
  return { constant: value };
}

/** Tests that mark a deal won or lost (a flag column, a stage name), tried in order. */
export type DealTests = ReadonlyArray<Omit<Case<HeaderRef>, 'then'>>;

/**
 * A deals export's `status` (won, lost, else open) and `closed_at` from won and lost tests. CRMs
 * fill the close date of open deals with the expected one, so only a closed deal's counts.
 */
export function dealClosing(won: DealTests, lost: DealTests, closeDate: HeaderRef): { status: Source<HeaderRef>; closed_at: Source<HeaderRef> } {
  return {
    status: {
      cases: [...won.map((c) => ({ ...c, then: constant('won') })), ...lost.map((c) => ({ ...c, then: constant('lost') }))],
      else: constant('open'),
    },
    closed_at: { cases: [...won, ...lost].map((c) => ({ ...c, then: closeDate })) },
  };
}
