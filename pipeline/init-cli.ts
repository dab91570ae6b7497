import { consoleLogger, readCommandLine } from './command-line.ts';
import { UserError } from './errors.ts';
import { initContract } from './init.ts';

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
    if (error instanceof UserError) {
      console.error(error.message);
      return 1;
    }
    console.error(`Internal error: ${(error as Error).stack ?? String(error)}`);
    return 3;
  }
}

process.exitCode = await main(process.argv.slice(2));
