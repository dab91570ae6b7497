// The side effects every step receives, injected so tests are silent and deterministic.

/** Where steps report progress; the CLI prints it, tests collect or drop it. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** The wall clock, injected so runs and tests are reproducible. */
export interface Clock {
  now(): Date;
}

/** A logger that prints nothing. */
export const silentLogger: Logger = { info: () => {}, warn: () => {} };

/** A logger that keeps every line, for tests that assert on progress messages. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`warning: ${m}`) };
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant. */
export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}
