import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Contract } from '../../pipeline/contract/schema.ts';
import { Db } from '../../pipeline/db.ts';
import { ingest, type Ingested, type IngestOptions } from '../../pipeline/ingest/ingest.ts';
import { startFromPrevious } from '../../pipeline/ingest/reuse.ts';
import type { Logger } from '../../pipeline/steps.ts';

// Runs of ingest one after another, each into its own warehouse file started as a copy of the
// previous run's (as a pipeline run starts from the last good run's): what the reuse and append
// tests need.

/** Input folders and warehouse files in a scratch folder that lives as long as the test file. */
export function scratchRuns(prefix: string) {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  return {
    /** A path inside the scratch folder. */
    path(name: string): string {
      return join(root, name);
    },
    /** A new input folder holding `files` (name → text). */
    folder(files: Record<string, string>): string {
      const input = join(root, `in-${n++}`);
      mkdirSync(input);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(input, name), text);
      return input;
    },
    /**
     * Ingests `input` into a new warehouse, started as a copy of `from` when given; `read` reads
     * what the test needs before the file is closed.
     */
    async ingest<T>(
      input: string,
      contract: Contract,
      { from, ...options }: IngestOptions & { from?: string },
      read: (db: Db, ingested: Ingested, messages: string[]) => Promise<T>,
    ): Promise<T & { path: string }> {
      const path = join(root, `w-${n++}.duckdb`);
      const messages: string[] = [];
      const logger: Logger = { info: (m) => messages.push(m), warn: (m) => messages.push(m) };
      const reusePrevious = from !== undefined && startFromPrevious(from, path);
      const db = await Db.open(path);
      try {
        const ingested = await ingest(db, logger, input, contract, { reusePrevious, ...options });
        return { path, ...(await read(db, ingested, messages)) };
      } finally {
        db.close();
      }
    },
  };
}
