import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricFamily, metricLabel } from '../../site/i18n/glossary.ts';
import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';
import { idPart } from '../../site/views/page-context.ts';
import { type OpenSite, axeProblems, htmlFiles, openSite, printed, repoRoot, sidewaysScroll } from './harness.ts';
import { reviseContract, writeFullMetricSnapshots } from './snapshot-variants.ts';

// The site once the pipeline writes every metric of SPEC section 4 (synthetic values on the
// sample's 18 periods, see snapshot-variants.ts): every metric must find its place, and every
// page must stay within the quality bars with all of them. The latest period is measured under a
// revised agreement that moves every clause's promise, the most the meeting sheet has to flag.

/** Every scorecard clause's promise lowered by 5 points (defaults in pipeline/contract/schema.ts), and tier A's window doubled. */
function reviseEveryPromise(yaml: string): string {
  const levels = {
    mql_volume: [95, 85],
    icp_fit: [55, 45],
    completeness: [90, 80],
    speed_within_sla: [85, 75],
    attempt_adherence: [75, 65],
    acceptance_within_sla: [85, 75],
    rejection_reasons: [95, 90],
  };
  const revised = yaml.replace('response_within: 15m', 'response_within: 30m');
  if (revised === yaml || /^scorecard:/m.test(yaml)) throw new Error('the sample agreement changed shape: update reviseEveryPromise');
  return `${revised.trimEnd()}\nscorecard:\n${Object.entries(levels).map(([clause, [promised, atRisk]]) => `  ${clause}: {promised: ${promised}, at_risk: ${atRisk}}\n`).join('')}`;
}

describe('the site with every metric of SPEC section 4', () => {
  let site: OpenSite | undefined;
  let snapshots = '';
  let outDir = '';
  let baseUrl = '';
  let context: BrowserContext | undefined;
  let metrics: MetricId[] = [];

  beforeAll(async () => {
    snapshots = mkdtempSync(join(tmpdir(), 'handoff-full-snapshots-'));
    metrics = writeFullMetricSnapshots(join(repoRoot, 'data/snapshots'), snapshots).metrics;
    reviseContract(snapshots, '2026-10', reviseEveryPromise);
    site = await openSite(snapshots, [snapshots]);
    ({ outDir, context, baseUrl } = site);
  });
  afterAll(() => site?.close());

  it('keeps every page under 150 KB', () => {
    const sizes = htmlFiles(outDir).map((file) => ({ file: file.slice(outDir.length), kb: statSync(file).size / 1024 }));
    expect(sizes.length).toBeGreaterThan(50);
    expect(sizes.filter((s) => s.kb >= 150)).toEqual([]);
  });

  it('charts every metric on its family’s trend page under its glossary name', () => {
    expect(metrics.length).toBeGreaterThan(55);
    for (const metric of metrics) {
      const family = metricFamily(metric);
      expect(family, metric).not.toBe('other');
      const html = readFileSync(join(outDir, 'trends', idPart(family), 'index.html'), 'utf8');
      const label = metricLabel(metric, 'pt-BR');
      expect(label, metric).not.toBe(metric);
      expect(html, metric).toContain(`<svg id="chart-${idPart(metric)}"`);
      expect(html, metric).toContain(`<title id="chart-${idPart(metric)}-title">${label.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title>`);
    }
  });

  it('stays accessible, readable at 360 px, and prints the meeting view on one sheet', async () => {
    const page = await context!.newPage();
    for (const path of [
      '/index.html',
      '/agreement/index.html',
      '/trends/index.html',
      '/trends/plan/index.html',
      '/periods/2026-10/index.html',
      '/periods/2026-10/meeting/index.html',
      '/data/index.html',
    ]) {
      await page.goto(`${baseUrl}${path}`);
      expect(await axeProblems(page), path).toEqual([]);
    }
    await page.goto(`${baseUrl}/periods/2026-10/meeting/index.html`);
    // Seven clauses, each with a changed promise: marked Δ beside its promised level, explained in the scorecard's lead.
    expect(await page.locator('#scorecard .promise-mark').count()).toBe(7);
    expect(await page.locator('#scorecard .promise-note').textContent()).toBe(' · Δ promessa alterada desde Set 2026');
    expect(await page.locator('.page-head .agreement-version').textContent()).toBe('Acordo v2 (desde Out 2026)');
    expect((await printed(page)).sheets).toBe(1);
    await page.setViewportSize({ width: 360, height: 780 });
    for (const path of ['/trends/index.html', '/trends/speed/index.html', '/periods/2026-10/index.html', '/data/index.html']) {
      await page.goto(`${baseUrl}${path}`);
      expect(await sidewaysScroll(page), path).toBeLessThanOrEqual(0);
    }
    await page.close();
  }, 180_000);
});
