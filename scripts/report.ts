import { spawn } from 'node:child_process';

// `npm run report`: the pipeline (its arguments are this script's), then the site from the
// snapshots it wrote. The pipeline runs in a process of its own while Astro bundles the site's
// code beside it, on the other core; the pages wait for the snapshots (site/lib/site-data.ts).
// Run one after the other, the two took 12–14 s on the sample from a clean clone; side by side, 9–11 s.
// The pipeline, the longer of the two, starts before Astro is loaded: importing Astro takes
// 1–1.5 s, which a static import put ahead of the pipeline.

const pipeline = spawn(process.execPath, ['pipeline/cli.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
// Listened to before the import, so an early exit is not missed; what it means is decided after.
const exited = new Promise<number>((resolve, reject) => {
  pipeline.on('error', reject);
  pipeline.on('close', (code) => resolve(code ?? 1));
});
exited.catch(() => undefined);
const { buildSite, SnapshotsNotWritten } = await import('./build-site.ts');
const written = exited.then((code) => {
  if (code !== 0) throw new SnapshotsNotWritten(code);
});
process.exitCode = await buildSite(written);
