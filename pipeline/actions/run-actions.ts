import { join } from 'node:path';
import type { Contract } from '../contract/schema.ts';
import type { Db } from '../db.ts';
import type { Logger } from '../steps.ts';
import { writeBriefs } from './briefs.ts';
import { postWebhook, type Sleep, type WebhookOutcome } from './webhook.ts';
import { buildWorklists, WORKLISTS, type WorklistName } from './worklists.ts';
import { readActionsState, webhookPayload, writeActions, type BriefedRow } from './write-actions.ts';

/** What the actions step did, for the run summary. */
export interface ActionsResult {
  counts: Record<WorklistName, number>;
  webhook: WebhookOutcome | null;
}

/**
 * Builds the worklists at `asOf`, writes them into `<tmp>/actions` (moved into place with the
 * rest of the run), and posts the webhook when the contract asks for one. `previousDir` is the
 * current `<out>/actions`, whose state tells which priority MQLs are new.
 */
export async function runActions(
  db: Db,
  contract: Contract,
  asOf: string,
  dirs: { tmp: string; previous: string },
  deps: { logger: Logger; env?: NodeJS.ProcessEnv; sleep?: Sleep },
): Promise<ActionsResult> {
  const settings = contract.actions;
  const previous = readActionsState(dirs.previous);
  const lists = await buildWorklists(db, contract, asOf, { dueSoonMinutes: settings.due_soon, previousAsOf: previous?.as_of ?? null });
  // A rep calls the leads on these lists first, so each gets a brief; under-attempted leads have been worked already.
  const briefed: readonly WorklistName[] = ['breached', 'due-soon', 'new-priority'];
  const actionsDir = join(dirs.tmp, 'actions');
  const briefs = await writeBriefs(db, contract, asOf, briefed.flatMap((n) => lists[n].map((r) => r.handoff_id)), actionsDir);
  const withBriefs = Object.fromEntries(
    WORKLISTS.map((n) => [n, lists[n].map((r) => ({ ...r, brief: briefed.includes(n) ? (briefs.get(r.handoff_id) ?? null) : null }))]),
  ) as Record<WorklistName, BriefedRow[]>;
  writeActions(actionsDir, withBriefs, asOf);
  const counts = Object.fromEntries(WORKLISTS.map((n) => [n, lists[n].length])) as Record<WorklistName, number>;
  deps.logger.info(`actions: ${WORKLISTS.map((n) => `${counts[n]} ${n}`).join(', ')}`);

  const hook = settings.webhook;
  if (!hook) return { counts, webhook: null };
  const url = hook.url ?? (hook.url_env ? (deps.env ?? process.env)[hook.url_env] : undefined);
  if (!url) {
    const outcome: WebhookOutcome = {
      ok: false,
      attempts: 0,
      status: null,
      message: `webhook: not sent, the environment variable ${hook.url_env} (actions.webhook.url_env) is not set; the worklists were written anyway`,
    };
    deps.logger.warn(outcome.message);
    return { counts, webhook: outcome };
  }
  const outcome = await postWebhook(
    { url, attempts: hook.retries + 1, backoffMs: 1000, timeoutMs: hook.timeout_seconds * 1000 },
    webhookPayload(hook.format, lists, hook.lists, asOf, hook.top),
    deps.sleep,
  );
  if (outcome.ok) deps.logger.info(outcome.message);
  else deps.logger.warn(outcome.message);
  return { counts, webhook: outcome };
}
