import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from './harness.ts';

// The site built from the committed sample snapshots, once for the whole e2e run: three test files
// read it (sample-site, drill-down, meeting-and-locale) and the screenshot set, and none writes
// to it, so one build serves them all rather than one each.

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the sample site was built into. */
    sampleSite: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const outDir = mkdtempSync(join(tmpdir(), 'handoff-sample-site-'));
  await build(outDir, 'data/snapshots');
  project.provide('sampleSite', outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
