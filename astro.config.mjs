// @ts-check
import { defineConfig } from 'astro/config';
import { csvDownloadsIntegration } from './site/lib/csv-downloads.ts';

// Set here, it stops Astro from sending usage events for every build of the report (events are
// recorded after the config loads); scripts that must not print the one-time notice set it too.
process.env.ASTRO_TELEMETRY_DISABLED = '1';

// The report is read by people who may open it straight from a zip or a shared drive, so every
// page is a self-contained `…/index.html`: styles inlined, no client script, relative links
// (site/lib/paths.ts). Snapshots are found by site/lib/snapshots.ts (HANDOFF_SNAPSHOTS).
export default defineConfig({
  output: 'static',
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist',
  build: {
    format: 'directory',
    inlineStylesheets: 'always',
  },
  devToolbar: { enabled: false },
  // The bundle Vite makes here runs once, at build time, to render the pages (no page ships a
  // script), so Rollup's tree-shaking only costs: 0.3–0.5 s of the sample's build, same pages.
  vite: { build: { rollupOptions: { treeshake: false } } },
  // Each table's CSV download is written beside its page after the build (site/lib/csv-downloads.ts).
  integrations: [csvDownloadsIntegration()],
});
