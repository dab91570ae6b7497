import { consoleLogger, readCommandLine, reportFailure } from './command-line.ts';
import { initContract } from './init.ts';
import { printOnlyPrintable } from './terminal.ts';

// `npm run init`: prints what init found; exit 0 done, 1 a problem the user can fix, 2 a wrong command line.

const HELP = `handoff init: write a starter sla.yaml from a folder of CRM exports.

Usage:
  npm run init -- --input DIR [--out sla.yaml] [--force]

Options:
  --input DIR   folder with the CSV exports (leads/people/contacts, deals, activities)
  --out FILE    the contract to write (default: sla.yaml)
  --force       replace FILE when it exists (never done otherwise)
`;

async function main(argv: string[]): Promise<number> {
  const line = readCommandLine(argv, { input: { type: 'string' }, out: { type: 'string', default: 'sla.yaml' }, force: { type: 'boolean', default: false } }, HELP, ['input']);
  if ('exit' in line) return line.exit;
  const { values } = line;
  try {
    await initContract({ input: values.input!, out: values.out, force: values.force }, consoleLogger);
    return 0;
  } catch (error) {
    return reportFailure(error);
  }
}

// Header names from the exports reach what init prints; their control characters must not reach the terminal.
printOnlyPrintable(process.stdout);
printOnlyPrintable(process.stderr);
process.exitCode = await main(process.argv.slice(2));
