/** Small helpers the reliability tests share. */
import type { APIInteraction } from 'discord-api-types/v10';
import type { FakeDiscord, InteractionRecord } from '../harness/index.js';

const titleOf = (body: unknown): string | undefined =>
  (body as { embeds?: { title?: string }[] } | undefined)?.embeds?.[0]?.title;

/**
 * Dispatches an admin interaction and resolves once its final answer is there: a long reindex
 * edits its deferred reply with "Reindexing" progress first, and `interact` resolves on the first
 * edit.
 */
export async function adminReply(
  fake: FakeDiscord,
  payload: APIInteraction,
  timeoutMs = 60_000,
): Promise<InteractionRecord> {
  await fake.interact(payload, { timeoutMs });
  return fake.waitForInteraction(
    payload.id,
    (r) =>
      r.callback?.type !== 5 || r.followUps.length > 0 || r.edits.some((e) => titleOf(e) !== 'Reindexing'),
    timeoutMs,
  );
}
