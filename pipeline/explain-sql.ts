import { loadContract } from './contract/load.ts';
import { Db } from './db.ts';
import { ingest } from './ingest/ingest.ts';
import { ZONE_TO_UTC } from './ingest/value-sql.ts';
import { buildModel, latestInputTimestamp } from './model/build-model.ts';
import type { RanStep } from './model/run-models.ts';
import { AsOfError, parseAsOf } from './run.ts';
import type { Logger } from './steps.ts';

// `npm run pipeline -- sql`: the SQL a run executes for a contract and its inputs, in run order,
// as one script an analyst can read (and run against a built warehouse): the staging statements
// per input, the variables, then each model step with its grain and where it comes from.

/** What `pipeline sql` is asked to explain. */
export interface ExplainOptions {
  input: string;
  config: string;
  asOf?: string;
  allowOutsideInput?: boolean;
}

/**
 * Staging statements of an input: its file's lines (read_csv; for records spanning lines, the
 * lines marked and the records set aside), the rows as read (a view that splits them), and its
 * typed table (defined, then filled); the kind is the name's last part.
 */
const STAGING =
  /^\s*(?:CREATE OR REPLACE (?:TEMP )?(?:TABLE|VIEW)|INSERT INTO|UPDATE|SET VARIABLE) "?(?:_lines_|_js_records_)?(?:_read_|stg_)([a-z_]+)"?(?:\s+AS\b|\s*\(|\s+SELECT\b|\s+SET\b|\s*=)/;

/** The session macro staging calls to read the contract zone's wall-clock times (value-sql.ts). */
const ZONE_MACRO = new RegExp(`^\\s*CREATE OR REPLACE TEMP MACRO ${ZONE_TO_UTC}\\b`);

/** Builds the run in memory and returns its SQL as text. */
export async function explainSql(options: ExplainOptions, logger: Logger, now: Date): Promise<string> {
  const loaded = loadContract(options.config);
  const staging = new Map<string, string[]>();
  let zoneMacro: string | null = null;
  let recording = true;
  const db = await Db.open(':memory:', {
    onStatement: (sql) => {
      if (recording && ZONE_MACRO.test(sql)) zoneMacro = sql.trim();
      const match = recording ? STAGING.exec(sql) : null;
      if (match) staging.set(match[1]!, [...(staging.get(match[1]!) ?? []), sql.trim()]);
    },
  });
  try {
    await ingest(db, logger, options.input, loaded.contract, { now, allowOutsideInput: options.allowOutsideInput ?? false });
    recording = false;
    const asOf = options.asOf === undefined ? await latestInputTimestamp(db) : await parseAsOf(db, options.asOf, loaded);
    if (asOf === null) throw new AsOfError('The inputs hold no timestamp, so there is no default cut-off; pass --as-of.');
    const steps: RanStep[] = [];
    await buildModel(db, loaded.contract, asOf, (s) => steps.push(s));
    const out = [
      `-- The SQL of a handoff run: contract ${options.config}, inputs ${options.input}, as_of ${asOf}.`,
      '-- Staging is generated from the mapping (pipeline/ingest/stage.ts); the model is pipeline/model/sql/*.sql',
      '-- in depends_on order, plus the steps code writes (pipeline/model/code-models.ts).',
      '',
    ];
    if (zoneMacro !== null) out.push(`-- ===== staging: ${ZONE_TO_UTC}, the contract zone's wall-clock time to UTC (pipeline/ingest/value-sql.ts) =====`, `${zoneMacro};`, '');
    for (const [kind, statements] of staging) {
      out.push(`-- ===== staging: stg_${kind} (the file's lines, the rows as read, the typed table) =====`, ...statements.map((s) => `${s};`), '');
    }
    for (const step of steps) {
      out.push(`-- ===== ${step.name}: ${step.grain} =====`, `-- from ${step.from}`);
      if (step.builtByCode) out.push('-- written row by row by code (no SQL text); the statements below need a warehouse that has it');
      out.push(...step.statements.map((s) => `${s};`), '');
    }
    return `${out.join('\n').trimEnd()}\n`;
  } finally {
    db.close();
  }
}
