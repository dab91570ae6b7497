import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { isAlias, isCollection, isMap, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../errors.ts';
import { contractSchema, type Contract } from './schema.ts';

/** A loaded agreement: the resolved contract, its source text and that text's sha256. */
export interface LoadedContract {
  contract: Contract;
  path: string;
  text: string;
  sha256: string;
}

/** One problem in the contract file, already phrased for the person who edits it. */
export interface ContractProblem {
  path: string;
  line: number | null;
  message: string;
}

/** The sentence listing a YAML file's problems, one line each with file:line and the setting's path. */
export function problemsText(what: string, file: string, problems: readonly ContractProblem[], fix: string): string {
  return (
    `${what} ${file} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
    problems.map((p) => `  - ${file}${p.line === null ? '' : `:${p.line}`}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`).join('\n') +
    `\n${fix}`
  );
}

/** Thrown when `sla.yaml` cannot be used; `problems` holds every sentence, not just the first. */
export class ContractError extends UserError {
  readonly file: string;
  readonly problems: ContractProblem[];

  constructor(file: string, problems: ContractProblem[]) {
    super(problemsText('The contract', file, problems, 'Fix these lines in the contract and run again; see README.md "The contract" for every setting.'));
    this.file = file;
    this.problems = problems;
    this.name = 'ContractError';
  }
}

/**
 * The largest contract accepted, in bytes. A real sla.yaml is about 2 KB and a generous one (dozens
 * of tiers and holidays, long ICP lists) stays under 30 KB; 256 KB leaves ample room while keeping
 * a pasted or generated file from costing gigabytes to parse, since the text is also copied into
 * every snapshot and read by every page of the site.
 */
export const MAX_CONTRACT_BYTES = 256 * 1024;

/** `['tiers', 1, 'response_within']` → `tiers[1].response_within`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return value.length > 60 ? `"${value.slice(0, 40)}…" (${value.length} characters)` : `"${value}"`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The deepest YAML node that exists along `path`, so a missing key still points at its parent's line. */
function nodeAt(doc: ReturnType<typeof parseDocument>, path: ReadonlyArray<PropertyKey>): Node | null {
  let node: unknown = doc.contents;
  let found: Node | null = (doc.contents as Node | null) ?? null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      node = pair.value ?? pair.key;
      found = (pair.value ?? pair.key) as Node;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!node) break;
      found = node as Node;
    } else break;
  }
  return found;
}

function toProblems(error: z.ZodError, raw: unknown, lineOf: (path: ReadonlyArray<PropertyKey>) => number | null): ContractProblem[] {
  const problems: ContractProblem[] = [];
  for (const issue of error.issues) {
    // A union failure hides the useful message inside; report the branch that got furthest
    // (on a tie, the one with fewer problems: the wrong branch also lists the keys it does not know).
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = issue.errors.reduce((a, b) => (deepest(b) > deepest(a) || (deepest(b) === deepest(a) && b.length < a.length) ? b : a));
      if (deepest(best) > 0) {
        const nested = toProblems({ issues: best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })) } as z.ZodError, raw, lineOf);
        problems.push(...nested);
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          path: formatPath([...issue.path, key]),
          line: lineOf([...issue.path, key]),
          message: `unknown setting "${key}"; check its spelling against README.md "The contract"`,
        });
      }
      continue;
    }
    const path = formatPath(issue.path);
    const found = valueAt(raw, issue.path);
    let message = issue.message
      .replace(/^Invalid input: /, '')
      .replace(/^Too (small|big): expected (\w+) to (?:be|have) /, (_, __, what: string) => `expected a ${what} `);
    if (!message.includes('found')) {
      message = `found ${describeFound(found)}; ${message}`;
    }
    problems.push({ path, line: lineOf(issue.path), message });
  }
  return problems;
}

function deepest(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }>): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

/**
 * Aliases of aliases that expand past the yaml library's budget (a "billion laughs" file) throw
 * while converting; this names the line of the first alias whose anchor holds aliases itself.
 */
function aliasBombProblem(doc: Document, lineCounter: LineCounter, error: Error): ContractProblem {
  let line: number | null = null;
  visit(doc, {
    Alias(_, alias) {
      const target = alias.resolve(doc);
      let nested = false;
      if (isCollection(target)) visit(target, { Alias: () => ((nested = true), visit.BREAK) });
      if (!nested) return undefined;
      line = alias.range ? lineCounter.linePos(alias.range[0]).line : null;
      return visit.BREAK;
    },
  });
  return {
    path: '',
    line,
    message: `the YAML's aliases (*name) of aliases expand into too many copies (${error.message}); write the values out instead of repeating aliases of aliases`,
  };
}

/** A YAML file validated against a schema: its value, or every problem; `lineOf` points a path at its line. */
export type ParsedYaml<T> =
  | { value: T; raw: unknown; lineOf: (path: ReadonlyArray<PropertyKey>) => number | null }
  | { problems: ContractProblem[] };

/**
 * Validates YAML text against `schema` (nothing thrown): the contract and the meetings files share
 * the size bound, the YAML errors, the alias-bomb guard and the problem sentences with their lines.
 */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, bound: { bytes: number; what: string }): ParsedYaml<z.output<S>> {
  const bytes = Buffer.byteLength(text);
  if (bytes > bound.bytes) {
    const message = `the file is larger than the ${bound.bytes / 1024} KB ${bound.what}`;
    return { problems: [{ path: '', line: null, message }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        path: '',
        line: lineCounter.linePos(e.pos[0]).line,
        message: `the YAML cannot be read: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS() ?? {};
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) return { problems: [aliasBombProblem(doc, lineCounter, error)] };
    throw error;
  }
  const lineOf = (path: ReadonlyArray<PropertyKey>): number | null => {
    const node = nodeAt(doc, path);
    return node?.range ? lineCounter.linePos(node.range[0]).line : null;
  };
  const result = schema.safeParse(raw);
  if (result.success) return { value: result.data, raw, lineOf };
  // In file order, as the person will fix them; problems on one line keep the schema's order.
  return { problems: toProblems(result.error, raw, lineOf).sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

/** Validates contract text; returns the contract or the list of problems (nothing thrown). */
export function parseContract(text: string): { contract: Contract } | { problems: ContractProblem[] } {
  const parsed = parseYamlWith(contractSchema, text, {
    bytes: MAX_CONTRACT_BYTES,
    what: 'a contract may have (a real one is about 2 KB); keep only the settings of the agreement in it',
  });
  return 'problems' in parsed ? parsed : { contract: parsed.value };
}

/** Reads and validates `sla.yaml`; throws `ContractError` listing every problem with its line. */
export function loadContract(path: string): LoadedContract {
  let text: string;
  try {
    // One byte past the bound is enough for parseContract to refuse the file.
    text = readAtMost(path, MAX_CONTRACT_BYTES + 1).toString('utf8');
  } catch (error) {
    throw new ContractError(path, [
      { path: '', line: null, message: `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); pass an existing file with --config` },
    ]);
  }
  const parsed = parseContract(text);
  if ('problems' in parsed) throw new ContractError(path, parsed.problems);
  return { contract: parsed.contract, path, text, sha256: createHash('sha256').update(text).digest('hex') };
}

/** Reads at most `limit` bytes, so neither a huge file nor an endless one (a FIFO, /dev/zero) is read whole. */
export function readAtMost(path: string, limit: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let filled = 0;
    for (let n = 1; n > 0 && filled < limit; filled += n) n = readSync(fd, buffer, filled, limit - filled, null);
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
