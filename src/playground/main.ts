/**
 * `npm run playground`: the real bot on a local Discord, and a web page to talk to it like a Discord
 * channel, on 127.0.0.1 — no Discord account, no token. Ctrl-C stops everything.
 */
import { loadConfig } from '../config.js';
import { requireCorpusFolder, runEntry } from '../entry.js';
import { createLogger } from '../log.js';
import { PLAYGROUND_TOKEN, PlaygroundError, startPlayground } from './server.js';
import { demoLinks } from './demo/site.js';

async function main(): Promise<number> {
  const config = loadConfig();
  await requireCorpusFolder(config.corpusDir);
  const log = createLogger({ level: config.logLevel, format: config.logFormat, secrets: [PLAYGROUND_TOKEN] });
  let playground;
  try {
    playground = await startPlayground({ config, log });
  } catch (err) {
    if (err instanceof PlaygroundError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const pg = playground;
  const demo = demoLinks(pg.url.replace(/\/$/, ''));
  process.stdout.write(
    `\nDossier playground: open ${pg.url}\n` +
      `The real bot answers on a local Discord (articles from ${config.corpusDir}); you are an admin there.\n` +
      `A made-up news site to add from: ${pg.url}demo/  (try /admin add-url url:${demo.article}  or  /admin follow url:${demo.feed})\n` +
      `Press Ctrl-C to stop.\n\n`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return 0;
}

await runEntry(main);
