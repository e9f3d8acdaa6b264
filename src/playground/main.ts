/**
 * `npm run playground`: the real bot on a local Discord, and a web page to talk to it like a Discord
 * channel, on 127.0.0.1 — no Discord account, no token. Ctrl-C stops everything.
 */
import { ConfigError, loadConfig } from '../config.js';
import { PlaygroundError, startPlayground } from './server.js';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  let playground;
  try {
    playground = await startPlayground({ config });
  } catch (err) {
    if (err instanceof PlaygroundError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const pg = playground;
  process.stdout.write(
    `\nDossier playground: open ${pg.url}\n` +
      `The real bot answers on a local Discord (articles from ${config.corpusDir}); you are an admin there.\n` +
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

const code = await main();
if (code !== 0) process.exit(code);
