import { fileURLToPath } from 'node:url';
import { root } from 'astro:config/server';
import { loadSite, resolveSnapshotsDir, type SiteData } from './snapshots.ts';

/** The site's data for this build: the snapshots folder HANDOFF_SNAPSHOTS names, or data/snapshots, read once. */
export function siteData(): SiteData {
  return loadSite(resolveSnapshotsDir(fileURLToPath(root)));
}
