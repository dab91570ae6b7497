import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Builds the site from the hand-written fixture snapshots, serves it, and reads it in the real
// browser the CI installs. A missing Chromium is a failure, not a skip: a skipped smoke test
// would let a broken site ship green.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const chromiumPath = '/usr/bin/chromium';
const screenshots = join(repoRoot, 'test-results');
const astroBin = join(repoRoot, 'node_modules/astro/bin/astro.mjs');

// Worked out by hand from tests/fixtures/snapshots (locale pt-BR): 2026-10 is the latest period.
const expected = {
  title: 'Fixture Ltda: Marketing ⇄ Vendas · handoff',
  latestMqls: '1.234',
  septemberLeadFlow: '4.518',
  septemberLostFlow: '52',
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

function build(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // process.execPath is the Node that runs vitest (the pinned one), not whatever `node` is on PATH.
    const child = spawn(process.execPath, [astroBin, 'build', '--outDir', outDir], {
      cwd: repoRoot,
      env: { ...process.env, HANDOFF_SNAPSHOTS: 'tests/fixtures/snapshots', TZ: 'UTC', ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`astro build exited with ${code}:\n${output}`))));
  });
}

function serve(root: string): Promise<Server> {
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

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

/** Every request the page made that failed or was answered with an error, and every console error. */
function watch(page: Page): string[] {
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

describe('the report site built from the fixture snapshots', () => {
  let outDir = '';
  let profileDir = '';
  let server: Server | undefined;
  let baseUrl = '';
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium is missing at ${chromiumPath}; install it (apt-get install -y chromium) to run the e2e tests`);
    }
    outDir = mkdtempSync(join(tmpdir(), 'handoff-site-'));
    profileDir = mkdtempSync(join(tmpdir(), 'handoff-chromium-'));
    mkdirSync(screenshots, { recursive: true });
    await build(outDir);
    server = await serve(outDir);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const dir of [outDir, profileDir]) if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('shows the latest MQL count on the home page and a period funnel one link away', async () => {
    const page = await context!.newPage();
    const problems = watch(page);
    await page.goto(`${baseUrl}/`);

    expect(await page.title()).toBe(expected.title);
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    await expect.poll(() => page.locator('.kpi-value[data-metric="mql.count"]').first().textContent()).toBe(expected.latestMqls);
    expect(await page.locator('#periods tbody tr').count()).toBe(3);
    expect(await page.locator('svg#mql-trend title').textContent()).toBe('MQLs por período');
    await page.screenshot({ path: join(screenshots, 'home.png'), fullPage: true });

    await page.locator('#periods a', { hasText: 'Setembro de 2026' }).click();
    await page.waitForURL(/\/periods\/2026-09\/index\.html$/);
    expect(await page.locator('h1').textContent()).toBe('Setembro de 2026');
    expect(await page.locator('tr[data-stage="lead"] td').textContent()).toBe(expected.septemberLeadFlow);
    expect(await page.locator('tr[data-stage="lost"] td').textContent()).toBe(expected.septemberLostFlow);
    expect(await page.locator('svg#funnel-flow').textContent()).toContain(expected.septemberLeadFlow);
    await page.screenshot({ path: join(screenshots, 'period.png'), fullPage: true });

    expect(problems).toEqual([]);
    await page.close();
  });

  it('reads well on a 360 px wide phone', async () => {
    const page = await context!.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    for (const path of ['/', '/periods/2026-10/index.html']) {
      await page.goto(`${baseUrl}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await page.screenshot({ path: join(screenshots, 'period-360.png'), fullPage: true });
    await page.goto(`${baseUrl}/`);
    await page.screenshot({ path: join(screenshots, 'home-360.png'), fullPage: true });
    await page.close();
  });

  it('works opened from the file system, styles and links included', async () => {
    const page = await context!.newPage();
    const problems = watch(page);
    await page.goto(pathToFileURL(join(outDir, 'index.html')).href);
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('system-ui');
    await page.locator('#periods a', { hasText: 'Agosto de 2026' }).click();
    await page.waitForURL(/\/periods\/2026-08\/index\.html$/);
    expect(await page.locator('h1').textContent()).toBe('Agosto de 2026');
    await page.locator('.crumbs a').click();
    await page.waitForURL(/\/index\.html$/);
    expect(await page.title()).toBe(expected.title);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('needs no script, stays small and publishes no absolute build path', () => {
    const pages = htmlFiles(outDir);
    expect(pages.map((p) => p.slice(outDir.length)).sort()).toEqual([
      '/index.html',
      '/periods/2026-08/index.html',
      '/periods/2026-09/index.html',
      '/periods/2026-10/index.html',
    ]);
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      expect(html, file).not.toMatch(/<script/i);
      expect(statSync(file).size, file).toBeLessThan(150 * 1024);
      expect(html, file).not.toContain(repoRoot);
      expect(html, file).not.toMatch(/\s(?:href|src)="\//);
    }
  });
});
