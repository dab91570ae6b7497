import { fileURLToPath } from 'node:url';
import { root } from 'astro:config/server';
import { loadSite, resolveSnapshotsDir, SNAPSHOTS_READY, type SiteData } from './snapshots.ts';

/**
 * The site's data for this build: the snapshots folder HANDOFF_SNAPSHOTS names, or data/snapshots,
 * read once; when the pipeline is still writing them (`npm run report`), once it has finished.
 */
export async function siteData(): Promise<SiteData> {
  await (globalThis as Record<symbol, unknown>)[SNAPSHOTS_READY];
  return loadSite(resolveSnapshotsDir(fileURLToPath(root)));
}
