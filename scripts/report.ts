import { spawn } from 'node:child_process';
import { buildSite, SnapshotsNotWritten } from './build-site.ts';

// `npm run report`: the pipeline (its arguments are this script's), then the site from the
// snapshots it wrote. The pipeline runs in a process of its own while Astro bundles the site's
// code beside it, on the other core; the pages wait for the snapshots (site/lib/site-data.ts).
// Run one after the other, the two took 12–14 s on the sample from a clean clone; side by side, 9–11 s.

const pipeline = spawn(process.execPath, ['pipeline/cli.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
const written = new Promise<void>((resolve, reject) => {
  pipeline.on('error', reject);
  pipeline.on('close', (code) => (code === 0 ? resolve() : reject(new SnapshotsNotWritten(code ?? 1))));
});
process.exitCode = await buildSite(written);
