// One POST per run to the contract's webhook, retried with backoff on 5xx answers and network
// errors, each attempt bounded by a timeout. A webhook that keeps failing never fails the run:
// the caller reports the outcome in the run summary and the worklist files are written anyway.

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

/** Removes credentials and query strings from a URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.length > 1 ? '/…' : ''}`;
  } catch {
    return '(an invalid URL)';
  }
}

/** POSTs `body` as JSON; retries 5xx, 429 and network errors; never throws. */
export async function postWebhook(delivery: WebhookDelivery, body: unknown, sleep: Sleep = realSleep): Promise<WebhookOutcome> {
  const where = redactUrl(delivery.url);
  const payload = JSON.stringify(body);
  let lastStatus: number | null = null;
  let lastError = '';
  for (let attempt = 1; attempt <= delivery.attempts; attempt++) {
    if (attempt > 1) await sleep(delivery.backoffMs * 2 ** (attempt - 2));
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(delivery.timeoutMs),
      });
      lastStatus = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        return { ok: true, attempts: attempt, status: response.status, message: `webhook ${where}: delivered (HTTP ${response.status}) after ${attempt} attempt${attempt === 1 ? '' : 's'}` };
      }
      // A 4xx other than 429 will not get better by asking again: the URL or payload is wrong.
      if (response.status < 500 && response.status !== 429) {
        return {
          ok: false,
          attempts: attempt,
          status: response.status,
          message: `webhook ${where}: refused with HTTP ${response.status}; check actions.webhook.url in the contract (the worklists were written anyway)`,
        };
      }
      lastError = `HTTP ${response.status}`;
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
