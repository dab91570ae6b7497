import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, htmlFiles, launch, repoRoot, screenshots, serve, watch } from './harness.ts';

// Builds the site from the hand-written fixture snapshots, serves it, and reads it in the real
// browser the CI installs. A missing Chromium is a failure, not a skip: a skipped smoke test
// would let a broken site ship green.

// Worked out by hand from tests/fixtures/snapshots (locale pt-BR): 2026-10 is the latest period.
const expected = {
  title: 'Fixture Ltda: Marketing ⇄ Vendas · handoff',
  latestMqls: '1.234',
  septemberLeadFlow: '4.518',
  septemberLostFlow: '52',
};

describe('the report site built from the fixture snapshots', () => {
  let outDir = '';
  let profileDir = '';
  let server: Server | undefined;
  let baseUrl = '';
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'handoff-site-'));
    profileDir = mkdtempSync(join(tmpdir(), 'handoff-chromium-'));
    mkdirSync(screenshots, { recursive: true });
    await build(outDir, 'tests/fixtures/snapshots');
    server = await serve(outDir);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    context = await launch(profileDir);
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
