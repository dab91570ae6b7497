import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook, redactUrl } from '../../pipeline/actions/webhook.ts';
import { webhookPayload } from '../../pipeline/actions/write-actions.ts';
import type { WorklistRow } from '../../pipeline/actions/worklists.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { fixedClock, memoryLogger } from '../../pipeline/steps.ts';

// Recording HTTP servers on 127.0.0.1 that answer from a script, one entry per request: a status,
// a redirect, or no answer at all. Every server is closed after each test.
type Answer = number | 'hang' | { status: number; location: string };
interface Received {
  method: string;
  path: string;
  body: unknown;
}
const servers: Server[] = [];
async function hookServer(script: Answer[]): Promise<{ origin: string; requests: Received[]; bodies: unknown[] }> {
  const requests: Received[] = [];
  const bodies: unknown[] = [];
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', body: text === '' ? null : JSON.parse(text) });
      bodies.push(requests.at(-1)!.body);
      const answer = script[Math.min(n++, script.length - 1)]!;
      if (answer === 'hang') return; // never answers
      if (typeof answer === 'number') res.writeHead(answer).end('ok');
      else res.writeHead(answer.status, { location: answer.location }).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, bodies };
}
let server: Server | undefined;
async function recorder(script: Answer[]): Promise<{ url: string; bodies: unknown[] }> {
  const { origin, bodies } = await hookServer(script);
  server = servers.at(-1);
  return { url: `${origin}/hooks/secret-token?key=abc`, bodies };
}
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()));
  }
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
    expect(redactUrl(url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…\?\*\*\*$/);
  });

  it('reports a refused connection as a network error after its retries', async () => {
    const { url } = await recorder([200]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const outcome = await postWebhook({ url, attempts: 2, backoffMs: 1, timeoutMs: 500 }, {}, noSleep);
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(2);
    expect(outcome.message).toMatch(/ECONNREFUSED|fetch failed/);
  });
});

describe('postWebhook and redirects', () => {
  const delivery = (url: string) => ({ url, attempts: 3, backoffMs: 1, timeoutMs: 2000 });

  for (const status of [301, 302, 307, 308]) {
    it(`reports a ${status} to another host as a failure, sends nothing there and does not retry`, async () => {
      const other = await hookServer([200]);
      const hook = await hookServer([{ status, location: `${other.origin}/steal?token=xyz` }]);
      const outcome = await postWebhook(delivery(`${hook.origin}/hooks/secret-token`), { lead: 'Ana Lima' }, noSleep);
      expect(outcome).toMatchObject({ ok: false, attempts: 1, status });
      expect(outcome.message).toBe(
        `webhook ${hook.origin}/…: answered HTTP ${status}, a redirect to another host (${other.origin.slice('http://'.length)}); ` +
          'it was not followed and nothing was sent there; check actions.webhook.url in the contract (the worklists were written anyway)',
      );
      expect(other.requests).toEqual([]);
      expect(hook.requests).toHaveLength(1);
    });
  }

  it('follows a 307 and a 308 on the same origin with the same POST and body', async () => {
    const hook = await hookServer([
      { status: 307, location: '/moved' },
      { status: 308, location: '/moved/again' },
      200,
    ]);
    const outcome = await postWebhook(delivery(`${hook.origin}/hook`), { n: 1 }, noSleep);
    expect(outcome).toMatchObject({ ok: true, attempts: 1, status: 200 });
    expect(hook.requests).toEqual([
      { method: 'POST', path: '/hook', body: { n: 1 } },
      { method: 'POST', path: '/moved', body: { n: 1 } },
      { method: 'POST', path: '/moved/again', body: { n: 1 } },
    ]);
  });

  it('does not follow a 301/302 on the same origin, which would drop the payload into a GET, and says where it points without its secrets', async () => {
    const hook = await hookServer([{ status: 301, location: '/new/secret-path?token=xyz' }, 200]);
    const outcome = await postWebhook(delivery(`${hook.origin}/hook`), { n: 1 }, noSleep);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain(`answered HTTP 301, a redirect to ${hook.origin}/…?*** that would turn the POST into a GET; it was not followed (set the URL to where it points)`);
    expect(hook.requests).toHaveLength(1);
  });

  it('stops a redirect loop on the same origin', async () => {
    const hook = await hookServer([{ status: 307, location: '/hook' }]);
    const outcome = await postWebhook(delivery(`${hook.origin}/hook`), {}, noSleep);
    expect(outcome.message).toContain('redirected more than 3 times');
    expect(hook.requests).toHaveLength(4);
  });

  it('never prints a user name, password, path or query, and sends nothing with credentials in the URL', async () => {
    const hook = await hookServer([200]);
    const url = `${hook.origin.replace('://', '://admin:s3cr3t-pw@')}/services/T0/B0/x0x0x0?token=q9q9q9`;
    const outcome = await postWebhook(delivery(url), {}, noSleep);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/^webhook http:\/\/\*\*\*@127\.0\.0\.1:\d+\/…\?\*\*\*: not sent, the URL carries a user name or password/);
    for (const secret of ['admin', 's3cr3t-pw', 'services', 'x0x0x0', 'q9q9q9']) expect(outcome.message).not.toContain(secret);
    expect(hook.requests).toEqual([]);
    expect(redactUrl('https://u:p@hooks.example.test/a/b?c=d#e')).toBe('https://***@hooks.example.test/…?***');
    expect(redactUrl('not a url: https://u:p@x')).toBe('(an invalid URL)');
  });
});

describe('the Slack payload', () => {
  it('escapes & < > in every lead-supplied value, so a name cannot ping a channel or disguise a link', () => {
    const row: WorklistRow = {
      handoff_id: 'L1#1', lead_id: 'L1', tier: 'A', owner: 'Rita & <@U123>', source: null, name: '<!everyone> Ana', company: '<https://evil.test|Reset password>',
      email: null, phone: null, mql_at: '2026-10-14 09:00', deadline: '2026-10-14 09:15', minutes: 5, attempts: 0, attempts_expected: null, why: 'no attempt <!here>',
    };
    const lists = { breached: [row], 'due-soon': [], 'under-attempted': [], 'new-priority': [] };
    const { text } = webhookPayload('slack', lists, ['breached'], '2026-10-14T12:00:00Z', 5) as { text: string };
    expect(text.split('\n')[2]).toBe(
      '• [A] &lt;!everyone&gt; Ana (&lt;https://evil.test|Reset password&gt;), Rita &amp; &lt;@U123&gt;: no attempt &lt;!here&gt;',
    );
    expect(text).not.toMatch(/<[!@h]/);
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
