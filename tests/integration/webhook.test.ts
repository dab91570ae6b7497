import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook, redactUrl } from '../../pipeline/actions/webhook.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { fixedClock, memoryLogger } from '../../pipeline/steps.ts';

// A recording HTTP server on 127.0.0.1 that answers from a script, one entry per request.
type Answer = number | 'hang';
let server: Server | undefined;
async function recorder(script: Answer[]): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  let n = 0;
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      const answer = script[Math.min(n++, script.length - 1)]!;
      if (answer === 'hang') return; // never answers
      res.writeHead(answer).end('ok');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-token?key=abc`, bodies };
}
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const waits: number[] = [];
const noSleep = async (ms: number) => {
  waits.push(ms);
};

describe('postWebhook', () => {
  it('delivers on the first try', async () => {
    const { url, bodies } = await recorder([200]);
    const outcome = await postWebhook({ url, attempts: 3, backoffMs: 100, timeoutMs: 2000 }, { text: 'hi' }, noSleep);
    expect(outcome).toMatchObject({ ok: true, attempts: 1, status: 200 });
    expect(bodies).toEqual([{ text: 'hi' }]);
  });

  it('retries a server that fails twice, backing off 100 then 200 ms, then succeeds', async () => {
    waits.length = 0;
    const { url, bodies } = await recorder([503, 500, 200]);
    const outcome = await postWebhook({ url, attempts: 4, backoffMs: 100, timeoutMs: 2000 }, { n: 1 }, noSleep);
    expect(outcome).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(bodies).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it('gives up on a server that never answers, each attempt bounded by the timeout', async () => {
    const { url, bodies } = await recorder(['hang']);
    const started = performance.now();
    const outcome = await postWebhook({ url, attempts: 2, backoffMs: 10, timeoutMs: 300 }, { n: 1 }, noSleep);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/failed after 2 attempts \(last: no answer within 300 ms\)/);
    expect(bodies).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('does not retry a 404 and never prints the secret part of the URL', async () => {
    const { url, bodies } = await recorder([404]);
    const outcome = await postWebhook({ url, attempts: 3, backoffMs: 10, timeoutMs: 2000 }, {}, noSleep);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, status: 404 });
    expect(bodies).toHaveLength(1);
    expect(outcome.message).not.toContain('secret-token');
    expect(outcome.message).not.toContain('key=abc');
    expect(redactUrl(url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…$/);
  });

  it('reports a refused connection as a network error after its retries', async () => {
    const { url } = await recorder([200]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const outcome = await postWebhook({ url, attempts: 2, backoffMs: 1, timeoutMs: 500 }, {}, noSleep);
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(2);
    expect(outcome.message).toMatch(/ECONNREFUSED|fetch failed/);
  });
});

describe('the webhook in a run', () => {
  it('posts the chosen lists once, and a failing hook still leaves the worklists written', async () => {
    const { url, bodies } = await recorder([500]);
    const dir = mkdtempSync(join(tmpdir(), 'handoff-hook-run-'));
    try {
      const yaml = `${readFileSync('tests/fixtures/actions/sla.yaml', 'utf8')}actions:\n  webhook: {url_env: TEST_HOOK_URL, format: json, lists: [breached], retries: 1, timeout_seconds: 2}\n`;
      writeFileSync(join(dir, 'sla.yaml'), yaml);
      const logger = memoryLogger();
      const result = await runPipeline(
        { input: 'tests/fixtures/actions', config: join(dir, 'sla.yaml'), out: join(dir, 'out'), asOf: '2026-10-14 12:00', actionsOnly: true },
        { logger, clock: fixedClock('2026-10-14T12:00:05Z') },
      );
      process.env.TEST_HOOK_URL = url;
      const posted = await runPipeline(
        { input: 'tests/fixtures/actions', config: join(dir, 'sla.yaml'), out: join(dir, 'out'), asOf: '2026-10-14 12:00', actionsOnly: true },
        { logger, clock: fixedClock('2026-10-14T12:00:05Z') },
      );
      delete process.env.TEST_HOOK_URL;
      // Without the variable nothing is sent, and the summary says why.
      expect(result.actions.webhook?.message).toMatch(/TEST_HOOK_URL .* is not set/);
      // With it: two attempts (retries: 1), both answered 500, the run still succeeds.
      expect(posted.actions.webhook).toMatchObject({ ok: false, attempts: 2, status: 500 });
      expect(bodies).toHaveLength(2);
      expect(bodies[0]).toMatchObject({ as_of: '2026-10-14T12:00:00Z', counts: { breached: 1 } });
      expect(readFileSync(join(dir, 'out/actions/breached.csv'), 'utf8')).toContain('Ana A');
      expect(logger.lines.some((l) => l.startsWith('warning: webhook http://127.0.0.1'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
