// One POST per run to the contract's webhook, retried with backoff on 5xx answers and network
// errors, each attempt bounded by a timeout (its redirects included). A webhook that keeps
// failing never fails the run: the caller reports the outcome in the run summary and the worklist
// files are written anyway. Messages name the URL only as `redactUrl` prints it; the network
// stack's own errors (ECONNREFUSED, ENOTFOUND, TLS) name at most the host.

/** How to deliver: where, and how patiently. */
export interface WebhookDelivery {
  url: string;
  /** Total attempts, the first included. */
  attempts: number;
  /** Milliseconds before the first retry; doubled at each retry. */
  backoffMs: number;
  /** Milliseconds an attempt may take before it is abandoned. */
  timeoutMs: number;
}

/** What happened to one delivery, in words fit for the run summary. */
export interface WebhookOutcome {
  ok: boolean;
  attempts: number;
  status: number | null;
  message: string;
}

/** Waits, injected so tests need not sleep. */
export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The URL as it may be printed: `https://***@host/…?***`. A user name and password, the path (a
 * Slack webhook's path is its secret) and the query are each replaced by a mark that says
 * something was there; the fragment is dropped.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const userinfo = u.username !== '' || u.password !== '' ? '***@' : '';
    return `${u.protocol}//${userinfo}${u.host}${u.pathname.length > 1 ? '/…' : ''}${u.search === '' ? '' : '?***'}`;
  } catch {
    return '(an invalid URL)';
  }
}

/** Same-origin 307/308 redirects followed per attempt; more is a loop. */
const MAX_REDIRECTS = 3;

/** An attempt's last HTTP status, and why its redirect was not followed when it was not. */
interface Answer {
  status: number;
  refused?: string;
}

/**
 * POSTs once, following a redirect only where it cannot leak or lose the payload: to the same
 * origin (scheme, host and port) and with 307 or 308, which keep the method and body. A redirect
 * to another origin is never followed (the payload, with lead names, would go to a host nobody
 * configured), nor a 301/302/303 (it would turn the POST into a GET and drop the payload).
 */
async function postOnce(url: URL, payload: string, timeoutMs: number): Promise<Answer> {
  const signal = AbortSignal.timeout(timeoutMs);
  let target = url;
  for (let hop = 0; ; hop++) {
    const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload, redirect: 'manual', signal });
    await response.arrayBuffer().catch(() => undefined);
    const status = response.status;
    if (status < 300 || status > 399) return { status };
    const location = response.headers.get('location');
    const next = location === null ? null : URL.parse(location, target);
    if (next === null) return { status, refused: `answered HTTP ${status} without a usable Location` };
    if (next.origin !== target.origin) {
      return { status, refused: `answered HTTP ${status}, a redirect to another host (${next.origin === 'null' ? next.protocol : next.host}); it was not followed and nothing was sent there` };
    }
    if (status !== 307 && status !== 308) {
      return { status, refused: `answered HTTP ${status}, a redirect to ${redactUrl(next.href)} that would turn the POST into a GET; it was not followed (set the URL to where it points)` };
    }
    if (hop === MAX_REDIRECTS) return { status, refused: `redirected more than ${MAX_REDIRECTS} times` };
    target = next;
  }
}

/** POSTs `body` as JSON; retries 5xx, 429 and network errors; never throws. */
export async function postWebhook(delivery: WebhookDelivery, body: unknown, sleep: Sleep = realSleep): Promise<WebhookOutcome> {
  const where = redactUrl(delivery.url);
  const refuse = (attempts: number, status: number | null, why: string): WebhookOutcome => ({
    ok: false,
    attempts,
    status,
    message: `webhook ${where}: ${why}; check actions.webhook.url in the contract (the worklists were written anyway)`,
  });
  const url = URL.parse(delivery.url);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) return refuse(0, null, 'not sent, it is not an http(s) URL');
  // fetch refuses such a URL with a message quoting it; handoff sends no credentials from a URL.
  if (url.username !== '' || url.password !== '') return refuse(0, null, 'not sent, the URL carries a user name or password (user:password@), which handoff does not send');
  const payload = JSON.stringify(body);
  let lastStatus: number | null = null;
  let lastError = '';
  for (let attempt = 1; attempt <= delivery.attempts; attempt++) {
    if (attempt > 1) await sleep(delivery.backoffMs * 2 ** (attempt - 2));
    try {
      const answer = await postOnce(url, payload, delivery.timeoutMs);
      if (answer.refused !== undefined) return refuse(attempt, answer.status, answer.refused);
      lastStatus = answer.status;
      if (answer.status >= 200 && answer.status < 300) {
        return { ok: true, attempts: attempt, status: answer.status, message: `webhook ${where}: delivered (HTTP ${answer.status}) after ${attempt} attempt${attempt === 1 ? '' : 's'}` };
      }
      // A 4xx other than 429 will not get better by asking again: the URL or payload is wrong.
      if (answer.status < 500 && answer.status !== 429) return refuse(attempt, answer.status, `refused with HTTP ${answer.status}`);
      lastError = `HTTP ${answer.status}`;
    } catch (error) {
      lastStatus = null;
      const e = error as Error;
      lastError = e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${delivery.timeoutMs} ms` : (e.cause as Error | undefined)?.message ?? e.message;
    }
  }
  return {
    ok: false,
    attempts: delivery.attempts,
    status: lastStatus,
    message: `webhook ${where}: failed after ${delivery.attempts} attempts (last: ${lastError}); the worklists were written anyway`,
  };
}
