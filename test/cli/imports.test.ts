/**
 * Cold start is mostly module loading: a process that answers from a saved index must not load the
 * build's NLP and HTML libraries (compromise, chrono-node, linkedom, Readability) nor
 * discord-api-types (about forty modules) — the commands use a few of its enum values, copied in
 * commands/discord-enums.ts and checked here against the package.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ApplicationCommandOptionType as RealOptionType,
  ApplicationIntegrationType as RealIntegrationType,
  InteractionContextType as RealContextType,
  PermissionFlagsBits as RealPermissions,
} from 'discord-api-types/v10';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
} from '../../commands/discord-enums.js';
import { openIndexStore } from '../../src/serve/store.js';
import { silentLogger } from '../../src/log.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('the copied Discord enum values are discord-api-types’ own', () => {
  for (const [name, value] of Object.entries(ApplicationCommandOptionType)) {
    expect(value, name).toBe(RealOptionType[name as keyof typeof RealOptionType]);
  }
  expect(ApplicationIntegrationType.GuildInstall).toBe(RealIntegrationType.GuildInstall);
  expect(InteractionContextType.Guild).toBe(RealContextType.Guild);
  expect(InteractionContextType.BotDM).toBe(RealContextType.BotDM);
  expect(PermissionFlagsBits.ManageGuild).toBe(RealPermissions.ManageGuild);
});

describe('answering from a saved index', () => {
  let work: string | undefined;
  afterAll(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

  it('loads none of the build-only libraries, nor discord-api-types', async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-imports-'));
    const corpus = path.join(work, 'corpus');
    const indexFile = path.join(work, 'index.dossier-index');
    await cp(path.join(ROOT, 'test/fixtures/seed-corpus'), corpus, { recursive: true });
    // Built here (this process may load anything); the child only loads it.
    await (await openIndexStore(corpus, silentLogger, { indexFile, worker: false })).close();

    // A resolve hook in the child reports every module URL it loads.
    const hook = `let port; export function initialize(d) { port = d.port; }
      export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }`;
    const src = (p: string) => JSON.stringify(pathToFileURL(path.join(ROOT, p)).href);
    const child = path.join(work, 'child.mjs');
    await writeFile(
      child,
      `import { register } from 'node:module';
      import { MessageChannel } from 'node:worker_threads';
      const { port1, port2 } = new MessageChannel();
      const seen = [];
      port1.on('message', (u) => seen.push(u));
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), { data: { port: port2 }, transferList: [port2] });
      const { createEngine, runLine } = await import(${src('src/serve/engine.ts')});
      const { loadConfig } = await import(${src('src/config.ts')});
      const { silentLogger } = await import(${src('src/log.ts')});
      await import(${src('src/render/text.ts')});
      const config = { ...loadConfig(), corpusDir: ${JSON.stringify(corpus)}, indexFile: ${JSON.stringify(indexFile)} };
      const engine = await createEngine(config, silentLogger, { worker: false });
      const ctx = engine.context({ id: 'local', isAdmin: true });
      for (const line of ['/who Putin', '/when summit', 'where is the summit?', '/search talks']) await runLine(line, ctx);
      await new Promise((r) => setTimeout(r, 200));
      port1.close();
      process.stdout.write(JSON.stringify(seen));`,
    );
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', child],
        { cwd: ROOT, timeout: 60_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    const seen = JSON.parse(out) as string[];
    expect(seen.some((u) => u.includes('/src/index/saved/load.ts'))).toBe(true); // the hook saw our modules
    expect(seen.some((u) => u.includes('/node_modules/minisearch/'))).toBe(true);
    for (const lib of [
      'compromise',
      'chrono-node',
      'linkedom',
      '@mozilla/readability',
      'discord-api-types',
      // Links and feeds are fetched and read only when an admin adds one.
      '@rowanmanning/feed-parser',
      'fast-xml-parser',
      'ipaddr.js',
    ]) {
      expect(
        seen.filter((u) => u.includes(`/node_modules/${lib}/`)),
        lib,
      ).toEqual([]);
    }
    for (const buildOnly of [
      '/src/index/build/build.ts',
      '/src/index/tables/entities.ts',
      '/src/index/tables/dates.ts',
    ]) {
      expect(
        seen.filter((u) => u.endsWith(buildOnly)),
        buildOnly,
      ).toEqual([]);
    }
  }, 120_000);
});
