/**
 * `npm run console`: an interactive prompt taking the same inputs as `npm run ask`.
 * Exit codes: 0 when left with Ctrl-D or "exit", 2 an unknown flag or a missing corpus folder,
 * 1 a bad setting.
 */
import { createInterface } from 'node:readline/promises';
import { runEntry } from '../entry.js';
import { isUserError } from '../errors.js';
import { localContext, parseArgs, printReply, runCliLine, startEngine } from './shared.js';

const USAGE = `Usage: npm run console -- [--json] [--corpus DIR] [--no-color] [--since WHEN] [--until WHEN] [--outlet NAME]
Then type questions or /commands at the dossier> prompt; Ctrl-D or "exit" to leave. The filter flags
apply to every question (a line's own since:, until:, outlet: win).`;

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { words: false });
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
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
        process.stdout.write(printReply(await runCliLine(input, ctx, args.filter), args) + '\n');
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

await runEntry(() => main(process.argv.slice(2)));
