import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenSite, openSampleSite, openSite, repoRoot, writeScreenshotSet } from './harness.ts';
import { writeContractVariant } from './snapshot-variants.ts';

// The screenshot set of a monthly contract (the sample), in pt-BR as committed and in English:
// home, period, meeting, trends, agreement and data pages at 1440 and 390 px, written to
// test-results/monthly-<locale>-<page>-<width>.png for a person to review. The weekly contract's
// set is written by meeting-and-locale.test.ts, which runs the weekly pipeline. Every page of a
// set must fit a 390 px phone, every section unfolded.

describe('the screenshot set of the monthly sample, in Portuguese', () => {
  let site: OpenSite | undefined;
  beforeAll(async () => {
    site = await openSampleSite();
  });
  afterAll(() => site?.close());

  it('writes home, period, meeting, trends, agreement and data at 1440 and 390 px, each fitting the phone', async () => {
    expect(await writeScreenshotSet(site!.context, site!.baseUrl, 'monthly-pt-BR', '2026-10')).toEqual([]);
  }, 180_000);
});

describe('the screenshot set of the monthly sample, in English', () => {
  let site: OpenSite | undefined;
  beforeAll(async () => {
    const snapshots = mkdtempSync(join(tmpdir(), 'handoff-snapshots-sample-en-'));
    writeContractVariant(join(repoRoot, 'data/snapshots'), snapshots, (yaml) => yaml.replace('locale: pt-BR', 'locale: en'));
    site = await openSite(snapshots, [snapshots]);
  });
  afterAll(() => site?.close());

  it('writes home, period, meeting, trends, agreement and data at 1440 and 390 px, each fitting the phone', async () => {
    const page = await site!.context.newPage();
    await page.goto(`${site!.baseUrl}/index.html`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.close();
    expect(await writeScreenshotSet(site!.context, site!.baseUrl, 'monthly-en', '2026-10')).toEqual([]);
  }, 180_000);
});
