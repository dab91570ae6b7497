import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UserError } from './errors.ts';
import type { Logger } from './steps.ts';

// What `npm run pipeline` and `npm run init` share: reading the command line against their options
// and help text, and printing to the console. Each CLI keeps its own options and exit codes beyond.

/** Logs to the console, warnings on stderr with a `warning:` prefix. */
export const consoleLogger: Logger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(`warning: ${m}`),
};

/** `--help` and `-h` (added to every command's options). */
const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

/**
 * The option values, or the exit code when the command is done already: 0 after printing the help,
 * 2 (with the problem and the help on stderr) for an unknown option or a missing required one.
 */
export function readCommandLine<T extends ParseArgsOptionsConfig>(
  argv: string[],
  options: T,
  help: string,
  required: ReadonlyArray<keyof T & string>,
  print: { out: (m: string) => void; err: (m: string) => void } = { out: console.log, err: console.error },
): { values: ReturnType<typeof parseArgs<{ args: string[]; options: T & typeof HELP_OPTION; strict: true }>>['values'] } | { exit: number } {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...options, ...HELP_OPTION }, strict: true }));
  } catch (error) {
    print.err(`${(error as Error).message}\n\n${help}`);
    return { exit: 2 };
  }
  if ((values as { help?: boolean }).help) {
    print.out(help);
    return { exit: 0 };
  }
  const missing = required.filter((k) => !(values as Record<string, unknown>)[k]);
  if (missing.length > 0) {
    print.err(`Missing ${missing.map((m) => `--${m}`).join(', ')}.\n\n${help}`);
    return { exit: 2 };
  }
  return { values: values as never };
}

/**
 * Prints what ended a command and returns its exit code: 1 with the sentence of a `UserError`
 * (and `after`, what it means for the outputs), 3 with the stack for anything else, a bug.
 */
export function reportFailure(error: unknown, after = '', print: (m: string) => void = console.error): number {
  if (error instanceof UserError) {
    print(after === '' ? error.message : `${error.message}\n${after}`);
    return 1;
  }
  print(`Internal error (a bug in handoff; please report it with this message):\n${(error as Error).stack ?? String(error)}`);
  return 3;
}
