import { consoleLogger, readCommandLine, reportFailure } from './command-line.ts';
import { pathError, UserError } from './errors.ts';
import { DEFAULT_MEMORY_LIMIT, memoryLimitProblem } from './db.ts';
import { explainSql } from './explain-sql.ts';
import { runPipeline } from './run.ts';
import { driftLines } from './summary.ts';
import { systemClock } from './steps.ts';
import { printOnlyPrintable } from './terminal.ts';

// The only place that prints and chooses exit codes: 0 done, 1 the inputs, contract or memory limit need a fix,
// 2 the command line is wrong, 3 an internal error (a bug: please report it with the message).

const HELP = `handoff pipeline: measure the marketing→sales SLA from CRM exports.

Usage:
  npm run pipeline -- --input DIR --config FILE --out DIR [--as-of TS] [--restate]
  npm run pipeline -- sql --input DIR --config FILE [--as-of TS]
                     print the SQL of a run, in run order, with the contract's values resolved:
                     the staging statements per input, then the warehouse model (pipeline/model/sql)

Options:
  --input DIR        folder with leads.csv (required), lead_events.csv, activities.csv, deals.csv, conversions.csv
  --config FILE      the agreement, sla.yaml
  --out DIR          receives warehouse.duckdb, snapshots/<period>/, rejects/, run.json
  --as-of TS         cut-off instant (e.g. 2026-10-31 18:00, 31/10/2026, 2026-10-31T18:00:00-03:00);
                     without an offset it is read in the contract's time zone. Default: the latest
                     timestamp in the inputs.
  --restate          recompute closed periods too; each restated snapshot records what changed
  --force-as-of      accept an --as-of more than a day after the newest input timestamp
                     (periods that start after the data are still never written)
  --actions-only     ingest, model and the private worklists (out/actions/) only, fast enough for cron;
                     snapshots, rejects and the warehouse are left as they are
  --full             read every input file again; by default a file whose bytes and settings are
                     unchanged since the last run in --out is taken from its warehouse, not re-read
  --allow-outside-input
                     read input files that resolve outside --input (a mapping.files.<kind>.path such
                     as ../exports/leads.csv, or a symbolic link); without it such a file stops the run
  --threads N        DuckDB worker threads (default: all cores)
  --memory-limit X   DuckDB memory limit, e.g. 4GB (default: 1GB; DuckDB spills to disk beyond it)
  -h, --help         this text

Examples:
  npm run pipeline -- --input data/sample --config sla.yaml --out data
  npm run pipeline -- --input data/sample --config sla.yaml --out data --actions-only
`;

/** `pipeline sql`: prints the run's SQL (explain-sql.ts) on stdout; warnings go to stderr. */
async function sqlCommand(argv: string[]): Promise<number> {
  const line = readCommandLine(
    argv,
    { input: { type: 'string' }, config: { type: 'string' }, 'as-of': { type: 'string' }, 'allow-outside-input': { type: 'boolean', default: false } },
    HELP,
    ['input', 'config'],
  );
  if ('exit' in line) return line.exit;
  const { values } = line;
  try {
    const options = { input: values.input!, config: values.config!, allowOutsideInput: values['allow-outside-input'], ...(values['as-of'] === undefined ? {} : { asOf: values['as-of'] }) };
    process.stdout.write(await explainSql(options, { info: () => {}, warn: consoleLogger.warn }, systemClock.now()));
    return 0;
  } catch (error) {
    return reportFailure(error);
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'sql') return sqlCommand(argv.slice(1));
  const line = readCommandLine(
    argv,
    {
      input: { type: 'string' },
      config: { type: 'string' },
      out: { type: 'string' },
      'as-of': { type: 'string' },
      restate: { type: 'boolean', default: false },
      'force-as-of': { type: 'boolean', default: false },
      'actions-only': { type: 'boolean', default: false },
      'allow-outside-input': { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      threads: { type: 'string' },
      'memory-limit': { type: 'string' },
    },
    HELP,
    ['input', 'config', 'out'],
  );
  if ('exit' in line) return line.exit;
  const { values } = line;
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    console.error(`--threads must be a whole number of at least 1, not "${values.threads}".`);
    return 2;
  }
  const memoryLimit = values['memory-limit'];
  const memoryProblem = memoryLimit === undefined ? null : memoryLimitProblem(memoryLimit);
  if (memoryProblem) {
    console.error(memoryProblem);
    return 2;
  }
  try {
    const result = await runPipeline(
      {
        input: values.input!,
        config: values.config!,
        out: values.out!,
        ...(values['as-of'] === undefined ? {} : { asOf: values['as-of'] }),
        restate: values.restate,
        forceAsOf: values['force-as-of'],
        actionsOnly: values['actions-only'],
        allowOutsideInput: values['allow-outside-input'],
        full: values.full,
        db: { ...(threads === undefined ? {} : { threads }), ...(memoryLimit === undefined ? {} : { memoryLimit }) },
      },
      { logger: consoleLogger, clock: systemClock },
    );
    for (const line of driftLines(result.drift, values.restate)) consoleLogger.warn(line);
    if (result.drift.length > 0 && !values.restate) {
      consoleLogger.warn('Closed periods were kept as frozen. Run again with --restate to replace them; each restated snapshot records what changed.');
    }
    const totals = Object.entries(result.run.inputs)
      .map(([kind, s]) => `${kind} ${s!.rows_read} read / ${s!.rows_loaded} loaded / ${s!.rows_quarantined} quarantined`)
      .join('; ');
    if (result.actions.webhook && !result.actions.webhook.ok) consoleLogger.warn(result.actions.webhook.message);
    console.log(`done in ${result.run.seconds.toFixed(2)} s: ${totals}. Outputs in ${values.out}${values['actions-only'] ? ' (worklists only, in actions/)' : ''}`);
    return 0;
  } catch (caught) {
    const error =
      caught instanceof UserError
        ? caught
        : (pathError(caught, [
            { flag: '--out', path: values.out!, wants: 'a folder handoff can write to (it is created if missing)' },
            { flag: '--input', path: values.input!, wants: 'the folder that holds the CSV exports' },
            { flag: '--config', path: values.config!, wants: 'the agreement file, sla.yaml' },
          ]) ?? caught);
    const unchanged = `Nothing was written; earlier outputs in ${values.out} are unchanged.`;
    if (!(error instanceof UserError) && /Out of Memory Error/.test(String(error))) {
      console.error(
        `DuckDB ran out of memory within its limit (${memoryLimit ?? DEFAULT_MEMORY_LIMIT}). Run again with a larger --memory-limit, ` +
          `for example --memory-limit 4GB, or with fewer --threads.\n${unchanged}`,
      );
      return 1;
    }
    return reportFailure(error, unchanged);
  }
}

// Inputs reach messages; their control characters must not reach the terminal (terminal.ts).
printOnlyPrintable(process.stdout);
printOnlyPrintable(process.stderr);
process.exitCode = await main(process.argv.slice(2));
