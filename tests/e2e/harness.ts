import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

// What every browser test needs: build the site from a snapshots folder, serve it on 127.0.0.1,
// drive Debian's Chromium, and collect failed requests and console errors.

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const chromiumPath = '/usr/bin/chromium';
export const screenshots = join(repoRoot, 'test-results');
const astroBin = join(repoRoot, 'node_modules/astro/bin/astro.mjs');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
};

/** Builds the site from `snapshots` (relative to the repo) into `outDir`. */
export function build(outDir: string, snapshots: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // process.execPath is the Node that runs vitest (the pinned one), not whatever `node` is on PATH.
    const child = spawn(process.execPath, [astroBin, 'build', '--outDir', outDir], {
      cwd: repoRoot,
      env: { ...process.env, HANDOFF_SNAPSHOTS: snapshots, TZ: 'UTC', ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`astro build exited with ${code}:\n${output}`))));
  });
}

/** Serves a built site from `root` on a random loopback port. */
export function serve(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Every file under `dir` whose name ends in `extension`. */
export function filesOf(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesOf(path, extension);
    return entry.name.endsWith(extension) ? [path] : [];
  });
}

/** Every HTML file under `dir`. */
export function htmlFiles(dir: string): string[] {
  return filesOf(dir, '.html');
}

/** The serious and critical accessibility violations axe finds on the open page, one line each. */
export async function axeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Pixels the page scrolls sideways (0 when it fits the viewport). */
export function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Elements reaching past the viewport's right edge, outside a scrollable table region (`tag#id.class right`). */
export function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.right > width + 0.5 && !element.closest('.table-scroll') && !element.classList.contains('skip');
      })
      .map((element) => `${element.tagName.toLowerCase()}#${element.id}.${String(element.getAttribute('class'))} ${Math.round(element.getBoundingClientRect().right)}`);
  });
}

/** The pages of the screenshot set, by the name in the file: `period` is the period they show. */
export function screenshotPages(period: string): Array<[name: string, path: string]> {
  return [
    ['home', '/index.html'],
    ['period', `/periods/${period}/index.html`],
    ['meeting', `/periods/${period}/meeting/index.html`],
    ['trends', '/trends/index.html'],
    ['agreement', '/agreement/index.html'],
    ['data', '/data/index.html'],
  ];
}

/** The two widths of the screenshot set: a desktop and a phone. */
export const SCREENSHOT_WIDTHS = [1440, 390] as const;

/**
 * Writes the screenshot set of a site into test-results/ as `<set>-<page>-<width>.png` (`set` is
 * `<contract>-<locale>`, e.g. `weekly-pt-BR`), each page as a reader first sees it, and returns
 * what reaches past a 390 px phone's viewport on any of them once every section is unfolded:
 * empty when they all fit.
 */
export async function writeScreenshotSet(context: BrowserContext, baseUrl: string, set: string, period: string): Promise<string[]> {
  const page = await context.newPage();
  const problems: string[] = [];
  for (const width of SCREENSHOT_WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const [name, path] of screenshotPages(period)) {
      const response = await page.goto(`${baseUrl}${path}`);
      if (!response?.ok()) problems.push(`${path}: ${response?.status()}`);
      await page.screenshot({ path: join(screenshots, `${set}-${name}-${width}.png`), fullPage: true });
      if (width !== 390) continue;
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const sideways = await sidewaysScroll(page);
      if (sideways > 0) problems.push(`${path} scrolls ${sideways} px sideways`);
      problems.push(...(await overflowing(page)).map((element) => `${path}: ${element}`));
    }
  }
  await page.close();
  return problems;
}

/** The open page printed to PDF as its own CSS asks: its number of sheets and the first sheet's size in points. */
export async function printed(page: Page): Promise<{ sheets: number; width: number; height: number }> {
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
  const box = /\/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
  return { sheets: (pdf.match(/\/Type\s*\/Page(?!s)/g) ?? []).length, width: Number(box?.[1]), height: Number(box?.[2]) };
}

/** Every request the page made that failed or was answered with an error, and every console error. */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/** Launches Debian's Chromium headless with the flags this machine's closed network needs. */
export async function launch(profileDir: string): Promise<BrowserContext> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is missing at ${chromiumPath}; install it (apt-get install -y chromium) to run the e2e tests`);
  }
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** A site built from a snapshots folder, served on loopback, with a browser open on it. */
export interface OpenSite {
  outDir: string;
  baseUrl: string;
  context: BrowserContext;
  buildSeconds: number;
  /** Closes the browser and the server and removes the build, the profile and `alsoRemove`. */
  close(): Promise<void>;
}

/** Builds `snapshots` (relative to the repo, or absolute) into a temporary folder, serves it and launches Chromium. */
export async function openSite(snapshots: string, alsoRemove: string[] = []): Promise<OpenSite> {
  const outDir = mkdtempSync(join(tmpdir(), 'handoff-site-'));
  const started = performance.now();
  await build(outDir, snapshots);
  return openBuilt(outDir, (performance.now() - started) / 1000, [outDir, ...alsoRemove]);
}

/** The sample site the e2e run built once (global-setup.ts), served with a browser of its own; closing leaves the build. */
export function openSampleSite(): Promise<OpenSite> {
  return openBuilt(inject('sampleSite'), 0, []);
}

async function openBuilt(outDir: string, buildSeconds: number, remove: string[]): Promise<OpenSite> {
  const profileDir = mkdtempSync(join(tmpdir(), 'handoff-chromium-'));
  mkdirSync(screenshots, { recursive: true });
  const server = await serve(outDir);
  const context = await launch(profileDir);
  return {
    outDir,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    context,
    buildSeconds,
    close: async () => {
      await context.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const dir of [profileDir, ...remove]) rmSync(dir, { recursive: true, force: true });
    },
  };
}
