import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'astro';
import { buildSummary } from '../site/lib/build-summary.ts';
import { loadSite, resolveSnapshotsDir, SnapshotError } from '../site/lib/snapshots.ts';

// `npm run build`: checks the snapshots before Astro starts (a wrong HANDOFF_SNAPSHOTS prints its
// sentence, exit 1, and dist/ is left as it was), builds into a folder beside dist/ with only
// errors printed (no route list), swaps it in, and ends with what the site holds and where it is.

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const next = join(root, '.dist-next');
const old = join(root, '.dist-old');

async function main(): Promise<number> {
  let site;
  try {
    site = loadSite(resolveSnapshotsDir(root));
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    console.error(`${error.message}\nThe site in ${relative(process.cwd(), dist) || 'dist'}/ was left as it was.`);
    return 1;
  }
  for (const leftover of [next, old]) rmSync(leftover, { recursive: true, force: true });
  try {
    await build({ root, logLevel: 'error', outDir: next });
  } catch (error) {
    rmSync(next, { recursive: true, force: true });
    console.error(`The site could not be built; dist/ was left as it was.\n${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
  for (const line of buildSummary(site, relative(process.cwd(), join(dist, 'index.html')))) console.log(line);
  return 0;
}

process.exitCode = await main();
