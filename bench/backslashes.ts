/**
 * `npm run bench:backslashes`: issue #17's goal for the one question shape that froze the bot — an
 * article holding a run of 64,000 backslashes. Through the real bot and the fake Discord: while one
 * user sends `/search` that cites it (three at a time, as in the attack), twenty other users ask
 * `/who Peskov`; the same is then timed with no such article in the corpus (the three searches
 * asking for an ordinary word, "summit", instead).
 * Reports the time to each callback (what Discord's 3-second window measures).
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBot } from '../src/bot/bot.js';
import { loadConfig } from '../src/config.js';
import { createEngine } from '../src/serve/engine.js';
import { chatInput, startFakeDiscord, user } from '../src/fake-discord/index.js';
import { createLogger } from '../src/log.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GdOsSr.backslash-bench-token-never-logged_0123';
const RUN = '\\'.repeat(64_000);

interface Round {
  search: number[];
  others: number[];
}

async function round(withRun: boolean, rounds: number): Promise<Round> {
  const fake = await startFakeDiscord({ token: TOKEN });
  const dir = await mkdtemp(path.join(tmpdir(), 'dossier-backslash-'));
  await cp(path.join(ROOT, 'test/fixtures/seed-corpus'), dir, { recursive: true });
  if (withRun)
    await writeFile(
      path.join(dir, 'backslashes.md'),
      `---\ntitle: Backslash ferry\npublished: 2024-03-04\n---\nThe Marrowgate ferry summit met on Monday. ${RUN} the ferry summit closed.\n`,
    );
  const log = createLogger({ level: 'silent' });
  const config = loadConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: fake.api,
    CORPUS_DIR: dir,
    LOG_LEVEL: 'silent',
    COOLDOWN_SECONDS: '0',
  });
  const engine = await createEngine(config, log);
  const bot = createBot(engine, log);
  await bot.start(TOKEN);
  const out: Round = { search: [], others: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      const attacker = user({ id: '1500000000000000001' });
      const searches = Array.from({ length: 3 }, () =>
        fake.interact(
          chatInput({
            name: 'search',
            options: { terms: withRun ? 'Marrowgate' : 'summit' },
            user: attacker,
          }),
        ),
      );
      const others = Array.from({ length: 20 }, (_, i) =>
        fake.interact(
          chatInput({
            name: 'who',
            options: { name: 'Peskov' },
            user: user({ id: String(1_500_000_000_000_000_100n + BigInt(i)) }),
          }),
        ),
      );
      const s = await Promise.all(searches);
      const o = await Promise.all(others);
      // The first round warms the process up (code compiled, tables built): not counted.
      if (r === 0) continue;
      out.search.push(...s.map((x) => x.callback?.ms ?? Infinity));
      out.others.push(...o.map((x) => x.callback?.ms ?? Infinity));
    }
  } finally {
    await bot.stop();
    await engine.store.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]!);
};

const rounds = 6;
const attacked = await round(true, rounds);
const quiet = await round(false, rounds);
process.stdout.write(
  [
    `/search citing the 64,000-backslash paragraph (${attacked.search.length} searches): p50 ${pct(attacked.search, 0.5)} ms, max ${pct(attacked.search, 1)} ms (goal: within 1,000 ms)`,
    `other users' /who meanwhile (${attacked.others.length}): p50 ${pct(attacked.others, 0.5)} ms, p99 ${pct(attacked.others, 0.99)} ms, max ${pct(attacked.others, 1)} ms`,
    `/search summit, no such article (${quiet.search.length}): p50 ${pct(quiet.search, 0.5)} ms, max ${pct(quiet.search, 1)} ms`,
    `the same /who with no such article (${quiet.others.length}): p50 ${pct(quiet.others, 0.5)} ms, p99 ${pct(quiet.others, 0.99)} ms, max ${pct(quiet.others, 1)} ms`,
  ].join('\n') + '\n',
);
