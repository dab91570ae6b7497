// @ts-check
import { defineConfig } from 'astro/config';

// The report is read by people who may open it straight from a zip or a shared drive, so every
// page is a self-contained `…/index.html`: styles inlined, no client script, relative links.
// Set here, it stops Astro from sending usage events for every build of the report (events are
// recorded after the config loads); scripts that must not print the one-time notice set it too.
process.env.ASTRO_TELEMETRY_DISABLED = '1';

export default defineConfig({
  output: 'static',
  srcDir: './site',
  outDir: './dist',
  publicDir: './site/public',
  trailingSlash: 'ignore',
  build: {
    format: 'directory',
    inlineStylesheets: 'always',
  },
  devToolbar: { enabled: false },
  prefetch: false,
  scopedStyleStrategy: 'class',
});
