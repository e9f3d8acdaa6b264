/**
 * Per-user cooldown on question commands: a small token bucket, so a user may ask `burst` questions
 * in a row and then one every `seconds`. Memory stays bounded: idle users are forgotten.
 */
export interface Cooldown {
  /** 0 when the user may go ahead (and a token is taken), else milliseconds to wait. */
  take(userId: string, now?: number): number;
}

export function createCooldown(opts: { seconds: number; burst: number; maxUsers?: number }): Cooldown {
  const refillMs = opts.seconds * 1000;
  const maxUsers = opts.maxUsers ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(userId, now = Date.now()) {
      if (refillMs <= 0) return 0;
      const b = buckets.get(userId) ?? { tokens: opts.burst, at: now };
      const refilled = Math.min(opts.burst, b.tokens + (now - b.at) / refillMs);
      buckets.delete(userId); // re-insert: Map order becomes least-recently-used first
      if (refilled >= 1) {
        buckets.set(userId, { tokens: refilled - 1, at: now });
        if (buckets.size > maxUsers) buckets.delete(buckets.keys().next().value!);
        return 0;
      }
      buckets.set(userId, { tokens: refilled, at: now });
      return Math.ceil((1 - refilled) * refillMs);
    },
  };
}
