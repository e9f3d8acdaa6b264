/** `npm run console`: an interactive prompt taking the same inputs as `npm run ask`. */
import { createInterface } from 'node:readline/promises';
import { isUserError } from '../errors.js';
import { localContext, parseArgs, printReply, runCliLine, startEngine } from './shared.js';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const engine = await startEngine(args);
  const ctx = localContext(engine);
  const index = engine.store.current();
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: !!process.stdin.isTTY,
  });
  process.stdout.write(
    `Dossier — ${index.articles.length} articles, ${index.paragraphs.length} paragraphs. ` +
      `Ask a question or type /help; Ctrl-D or "exit" to leave.\n`,
  );
  rl.setPrompt('dossier> ');
  rl.prompt();
  for await (const line of rl) {
    const input = line.trim();
    if (input === 'exit' || input === 'quit') break;
    if (input) {
      try {
        process.stdout.write(printReply(await runCliLine(input, ctx), args) + '\n');
      } catch (err) {
        process.stdout.write(
          isUserError(err) ? `${err.message}\n` : `Unexpected error: ${(err as Error).message}\n`,
        );
      }
    }
    rl.prompt();
  }
  rl.close();
  return 0;
}

process.exitCode = await main();
