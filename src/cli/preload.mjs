// @ts-check
/**
 * Loaded by `npm run ask` before tsx (`node --import ./src/cli/preload.mjs --import tsx …`): the
 * packages a one-shot command needs, imported while no loader hooks are registered yet. Once tsx's
 * hooks are in place every module is resolved and loaded through them (on Node 20's hooks thread,
 * about a millisecond a module), and zod, compromise and chrono-node are some 800 files: over a
 * second of a one-shot `/admin add-article`, whose goal (issue #19) is a tenth of a whole build.
 * The TypeScript that imports them later gets these very modules (the same URLs).
 *
 * Plain JavaScript, as it runs before the TypeScript loader. The build's NLP libraries are loaded
 * only for a command that changes the corpus (answering never needs them). A head start only:
 * without it (`tsx src/cli/ask.ts`) the same modules load when first imported, as before.
 *
 * The script also runs node with `--regexp-tier-up-ticks=100`: V8 compiles a regex to machine code
 * after its first run by default, and chrono-node's hundreds of large patterns, each run a few
 * times on one new article, took 0.25 s to compile (against 0.06 s interpreted). A one-shot
 * process compiles only the regexes it runs a hundred times (clustering's, an answer's hot ones).
 */

import process from 'node:process';

/** The admin commands that change the corpus (and so build in the `ask` process). */
export const CHANGES = /^\/admin\s+(?:reindex|add-article|add-url|remove-article|follow)\b/i;

const args = process.argv.slice(2);
// The line may be one argument or several words: a change named from any argument on.
const changes = args.some((_, i) => CHANGES.test(args.slice(i).join(' ')));
await Promise.all([
  import('zod'),
  import('yaml'),
  import('minisearch'),
  import('lru-cache'),
  import('pino'),
  import('picocolors'),
  import('dotenv'),
  ...(changes ? [import('compromise'), import('chrono-node')] : []),
]);
