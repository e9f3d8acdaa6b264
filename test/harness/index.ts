/**
 * The tests' view of the local Discord: the implementation lives in src/fake-discord (the playground
 * runs the same code), so the tests and the playground can never drift apart.
 */
export * from '../../src/fake-discord/index.js';

import type { APIInteraction } from 'discord-api-types/v10';
import { PROGRESS_TITLES } from '../../src/bot/dispatcher.js';
import type { FakeDiscord, InteractionRecord } from '../../src/fake-discord/index.js';

const PROGRESS = new Set(Object.values(PROGRESS_TITLES));
const titleOf = (body: unknown): string | undefined =>
  (body as { embeds?: { title?: string }[] } | undefined)?.embeds?.[0]?.title;

/**
 * Dispatches an interaction and resolves once its final answer is there. An admin change that takes
 * over a second edits its deferred reply with progress ("Reindexing", "Adding the page"…) first, and
 * `interact` resolves on the first edit; this waits past those.
 */
export async function interactFinal(
  fake: FakeDiscord,
  payload: APIInteraction,
  timeoutMs = 60_000,
): Promise<InteractionRecord> {
  await fake.interact(payload, { timeoutMs });
  return fake.waitForInteraction(
    payload.id,
    (r) =>
      r.callback?.type !== 5 ||
      r.followUps.length > 0 ||
      r.edits.some((e) => !PROGRESS.has(titleOf(e) ?? '')),
    timeoutMs,
  );
}
