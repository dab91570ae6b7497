import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'astro';
import { buildSummary } from '../site/lib/build-summary.ts';
import { loadSite, resolveSnapshotsDir, SnapshotError, SNAPSHOTS_READY, type SiteData } from '../site/lib/snapshots.ts';

// `npm run build`: checks the snapshots before Astro starts (a wrong HANDOFF_SNAPSHOTS prints its
// sentence, exit 1, and dist/ is left as it was), builds into a folder beside dist/ with only
// errors printed (no route list), swaps it in, and ends with what the site holds and where it is.

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const next = join(root, '.dist-next');
const old = join(root, '.dist-old');

/** The snapshots were never written: what the run that should have written them ended with. */
export class SnapshotsNotWritten extends Error {
  readonly exitCode: number;

  constructor(exitCode: number) {
    super(`the pipeline ended with exit code ${exitCode}`);
    this.name = 'SnapshotsNotWritten';
    this.exitCode = exitCode;
  }
}

/**
 * Builds the site into dist/ and returns the exit code. With `written`, the snapshots are still
 * being written (scripts/report.ts): Astro bundles the site's code meanwhile and its pages wait
 * for them; `written` rejects with `SnapshotsNotWritten` when they never will be.
 */
export async function buildSite(written?: Promise<void>): Promise<number> {
  const load = () => loadSite(resolveSnapshotsDir(root));
  let site: Promise<SiteData>;
  if (written === undefined) {
    try {
      site = Promise.resolve(load());
    } catch (error) {
      return refused(error);
    }
  } else {
    site = written.then(load);
    // Marked handled now: it may reject while Astro is still bundling, before a page waits for it.
    site.catch(() => undefined);
    (globalThis as Record<symbol, unknown>)[SNAPSHOTS_READY] = site;
  }
  for (const leftover of [next, old]) rmSync(leftover, { recursive: true, force: true });
  try {
    await build({ root, logLevel: 'error', outDir: next });
  } catch (error) {
    rmSync(next, { recursive: true, force: true });
    const why = await site.then(
      () => null,
      (reason: unknown) => reason,
    );
    if (why !== null) return refused(why);
    console.error(`The site could not be built; dist/ was left as it was.\n${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  let published: SiteData;
  try {
    published = await site;
  } catch (error) {
    rmSync(next, { recursive: true, force: true });
    return refused(error);
  }
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
  for (const line of buildSummary(published, relative(process.cwd(), join(dist, 'index.html')))) console.log(line);
  return 0;
}

/** Why no site was published, for people; anything else is a bug and is thrown on. */
function refused(error: unknown): number {
  const unchanged = `The site in ${relative(process.cwd(), dist) || 'dist'}/ was left as it was.`;
  if (error instanceof SnapshotError) {
    console.error(`${error.message}\n${unchanged}`);
    return 1;
  }
  if (error instanceof SnapshotsNotWritten) {
    // The pipeline has already said why; a failure is never 0.
    console.error(`The snapshots were not written, so no site was built. ${unchanged}`);
    return error.exitCode === 0 ? 1 : error.exitCode;
  }
  throw error;
}

if (import.meta.main) process.exitCode = await buildSite();
