/**
 * `npm run ask -- "<question or /command args>"`: one answer, printed for a terminal or as JSON.
 * Exit codes: 0 answered (also when nothing was found), 2 unusable input (an unknown flag, a missing
 * corpus folder), 1 a bad setting or an unexpected failure.
 */
import { runEntry, startupProblem } from '../entry.js';
import { isUserError } from '../errors.js';
import { prefetchBuilder } from '../serve/worker.js';
import { CHANGES } from './preload.mjs';
import { localContext, parseArgs, printReply, runCliLine, startEngine } from './shared.js';

const USAGE = `Usage: npm run ask -- [--json] [--corpus DIR] [--no-color] [--since WHEN] [--until WHEN] [--outlet NAME] [--] "<question or /command args>"
  --since, --until  only articles published from / up to a date: 2022-02-01, 2022-02, 2022, today,
                    yesterday, last week, last month, this year, 3 days ago
  --outlet          only articles from this outlet (its name, any case)
Examples:
  npm run ask -- "/who Peskov"
  npm run ask -- --json "How many troops are near Ukraine?"
  npm run ask -- "/search ceasefire 2"
  npm run ask -- --since 2022-02-01 --until "last week" --outlet Reuters "Who is Peskov?"
  npm run ask -- -- "-5 degrees in Kyiv?"     # after --, words starting with "-" are the question`;

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const line = args.rest.join(' ').trim();
  if (!line) {
    process.stderr.write('Nothing to ask: give a question or a command, e.g. npm run ask -- "/who Peskov"\n');
    return 2;
  }
  try {
    // A change to the corpus builds here: what the build needs loads while the index is read, and
    // the index is read without its search (a change asks nothing).
    const change = CHANGES.test(line);
    if (change) prefetchBuilder();
    const engine = await startEngine(args, { oneShot: true, change });
    const reply = await runCliLine(line, localContext(engine), args.filter);
    process.stdout.write(printReply(reply, args) + '\n');
    return 0;
  } catch (err) {
    if (isUserError(err)) {
      process.stderr.write(`${err.message.replace(/\s+/g, ' ')}\n`);
      return 2;
    }
    // A bad setting or a missing folder: runEntry prints its one line.
    if (startupProblem(err)) throw err;
    process.stderr.write(`Unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

await runEntry(() => main(process.argv.slice(2)));
