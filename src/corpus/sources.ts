/**
 * Where the articles added by link came from: `.sources.json` in the corpus folder maps each such
 * file to the address it was fetched from. The file itself keeps the page's bytes exactly as they
 * were served, so the address has to live beside it; `loadCorpus` reads it back as the article's
 * `url` (and the HTML reader uses it for the page's dates and site).
 *
 * The record is hidden (a dot name), so the loader never takes it for an article; it is written
 * atomically (a temporary in the same folder, then a rename), and a record that cannot be read is
 * ignored rather than stopping a build: the articles then simply have no source address.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../atomic-write.js';
import path from 'node:path';

/** The record's name in the corpus folder (also hashed with the articles: it changes what they say). */
export const SOURCES_FILE = '.sources.json';

/** Where one file came from. */
export interface PageSource {
  /** The address the bytes came from, after redirects. */
  url: string;
  /** The address the admin gave, when redirects led elsewhere. */
  requestedUrl?: string;
  /** When it was fetched (ISO). */
  fetchedAt: string;
  contentType?: string;
}

interface SourcesFile {
  version: 1;
  files: Record<string, PageSource>;
}

/** file (relative to the corpus folder) → its source; empty when there is no record or it is unreadable. */
export async function readSources(dir: string): Promise<Map<string, PageSource>> {
  let text: string;
  try {
    text = await readFile(path.join(dir, SOURCES_FILE), 'utf8');
  } catch {
    return new Map();
  }
  try {
    const parsed = JSON.parse(text) as Partial<SourcesFile>;
    const files = parsed.version === 1 && parsed.files && typeof parsed.files === 'object' ? parsed.files : {};
    const out = new Map<string, PageSource>();
    for (const [file, source] of Object.entries(files)) {
      if (source && typeof source.url === 'string') out.set(file, source);
    }
    return out;
  } catch {
    return new Map();
  }
}

/**
 * Records (or, with `undefined`, forgets) the source of `file`, keeping every other entry. One
 * writer at a time: the store changes the corpus one operation at a time.
 */
export async function writeSource(dir: string, file: string, source: PageSource | undefined): Promise<void> {
  await updateSources(dir, (sources) => {
    if (source) sources.set(file, source);
    else sources.delete(file);
  });
}

/** Moves the record of `from` (if any) to `to`: a removed article keeps its source in `.removed/`. */
export async function moveSource(dir: string, from: string, to: string): Promise<void> {
  await updateSources(dir, (sources) => {
    const source = sources.get(from);
    if (!source) return;
    sources.delete(from);
    sources.set(to, source);
  });
}

async function updateSources(dir: string, change: (sources: Map<string, PageSource>) => void): Promise<void> {
  const sources = await readSources(dir);
  const before = JSON.stringify([...sources]);
  change(sources);
  if (JSON.stringify([...sources]) === before) return;
  const body: SourcesFile = {
    version: 1,
    files: Object.fromEntries([...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
  await writeFileAtomically(path.join(dir, SOURCES_FILE), JSON.stringify(body, null, 2) + '\n');
}
