/**
 * The admin's operations as a surface offers them (`ctx.admin`): each runs one store change and
 * turns its report into the private notice the admin reads, with progress lines on the way.
 */
import type { AdminOps, FileInput, Notice } from '../../commands/types.js';
import { UserError } from '../errors.js';
import type { Engine, ShardState } from './engine.js';
import { articleChoices } from './corpus-changes.js';
import { addPageByLink } from './add-page.js';
import { feedsNotice, followNotice, unfollowNotice } from './feed-wiring.js';
import {
  MAX_UPLOAD_BYTES,
  uploadTooLarge,
  type AddResult,
  type Progress,
  type ReindexReport,
} from './store.js';

export function adminOps(
  engine: Engine,
  ping?: () => number | undefined,
  progress?: (message: string) => void,
): AdminOps {
  const { store } = engine;
  const onProgress = progress && progressLines(progress);
  return {
    async reindex(say = progress) {
      const report = await store.reindex({ onProgress: say && progressLines(say) });
      return withOtherShards(engine, reindexNotice('Reindexed', report));
    },
    async addArticle(file: FileInput, opts = {}) {
      // Refuse by the declared size before downloading anything; the store checks the real bytes.
      if (file.size > MAX_UPLOAD_BYTES) throw uploadTooLarge(file.name, file.size);
      const result = await store.addArticle(file.name, await file.read(), {
        replace: opts.replace === true,
        ...(onProgress ? { onProgress } : {}),
      });
      return withOtherShards(engine, addedNotice(result));
    },
    async addUrl(link: string, opts = {}) {
      if (!link.trim()) throw new UserError('Give the link of the page to add: /admin add-url url:https://…');
      const result = await addPageByLink(store, link.trim(), {
        allowPrivate: engine.config.allowPrivateUrls,
        replace: opts.replace === true,
        ...(onProgress ? { onProgress } : {}),
      });
      const notice = addedNotice(result);
      const article = store.current().articles.find((a) => a.file === result.file);
      if (article) notice.lines.unshift(`“${article.title}”${article.url ? ` from ${article.url}` : ''}.`);
      return withOtherShards(engine, notice);
    },
    async removeArticle(which: string) {
      if (!which.trim()) throw new UserError('Name the article to remove (its file name or title).');
      const r = await store.removeArticle(which, onProgress ? { onProgress } : {});
      const notice = reindexNotice(`Removed ${r.file}`, r.report);
      notice.lines.unshift(
        `“${r.title}” was moved to ${r.movedTo} in the corpus folder; move it back and reindex to restore it.`,
      );
      return withOtherShards(engine, notice);
    },
    articleChoices(typed: string) {
      return articleChoices(store.current(), typed);
    },
    async follow(link: string) {
      if (!link.trim())
        throw new UserError('Give the link of the feed to follow: /admin follow url:https://…');
      progress?.('Reading the feed and adding its newest articles…');
      return followNotice(await engine.feeds.follow(link.trim()));
    },
    async feeds() {
      return feedsNotice(await engine.feeds.list(), engine.config.feeds.pollMinutes);
    },
    async unfollow(feed: string) {
      if (!feed.trim()) throw new UserError('Name the feed to unfollow (its address or title).');
      return unfollowNotice(await engine.feeds.unfollow(feed));
    },
    async feedChoices(typed: string) {
      return (await engine.feeds.suggest(typed)).map((f) => {
        const name = `${f.title} — ${f.url}`;
        return { name: name.length > 100 ? `${name.slice(0, 99)}…` : name, value: f.url.slice(0, 100) };
      });
    },
    status() {
      return statusNotice(engine, ping);
    },
  };
}

function statusNotice(engine: Engine, ping?: () => number | undefined): Notice {
  const { store } = engine;
  const index = store.current();
  const mem = process.memoryUsage();
  const p = ping?.();
  return {
    title: 'Dossier status',
    lines: [
      `Articles: ${index.articles.length} · paragraphs: ${index.paragraphs.length} · entities: ${index.entities.length}`,
      `Corpus version: ${index.version} · index built ${ago(index.builtAt)} in ${Math.round(index.buildMs)} ms`,
      `Memory: ${mb(mem.heapUsed)} heap, ${mb(mem.rss)} resident · uptime ${duration(Date.now() - engine.startedAt.getTime())}`,
      ...(p !== undefined && p >= 0 ? [`Gateway ping: ${Math.round(p)} ms`] : []),
      ...(engine.peers ? [`Shard ${engine.peers.ids.join(', ')} of ${engine.peers.count}`] : []),
      ...(index.errors.length
        ? [`Not indexed: ${index.errors.map((e) => `${e.file} (${e.reason})`).join('; ')}`]
        : []),
      ...(store.busy() ? ['A reindex is under way.'] : []),
    ],
    level: 'info',
  };
}

/**
 * On a sharded bot, once this shard has rebuilt and saved the index, every other shard adopts the
 * saved file (no second build); the notice then lists each shard's state.
 */
async function withOtherShards(engine: Engine, notice: Notice): Promise<Notice> {
  const { peers } = engine;
  if (!peers) return notice;
  const index = engine.store.current();
  const own = peers.ids.map((shard): ShardState => ({
    shard,
    ok: true,
    action: 'rebuilt',
    version: index.version,
    paragraphs: index.paragraphs.length,
  }));
  let others: ShardState[] = [];
  let failure: string | undefined;
  try {
    others = await peers.reloadOthers();
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
    engine.log.error({ err: failure }, 'the other shards were not reloaded');
  }
  const states = [...own, ...others].sort((a, b) => a.shard - b.shard);
  const lines = states.map((s) =>
    s.ok
      ? `Shard ${s.shard}: ${s.action ?? 'ok'} · version ${s.version} · ${s.paragraphs} paragraphs`
      : `Shard ${s.shard}: error — ${s.error ?? 'unknown'}`,
  );
  if (failure) lines.push(`Other shards: not reloaded — ${failure}`);
  const failed = failure !== undefined || states.some((s) => !s.ok);
  return {
    ...notice,
    lines: [...notice.lines, ...lines],
    level: failed ? 'error' : notice.level,
  };
}

/** Turns a reindex's progress into short lines, each different from the one before (≤ one per 10 %). */
export function progressLines(say: (message: string) => void): (p: Progress) => void {
  let last = '';
  return (p) => {
    const pct = p.total > 0 ? Math.floor((10 * p.done) / p.total) * 10 : 0;
    const text: Record<Progress['phase'], string> = {
      fetching: 'Fetching the page…',
      reading: `Reading the articles… ${pct}%`,
      parsing: 'Reading the new article…',
      indexing: `Indexing the paragraphs… ${pct}%`,
      entities: `Finding names, dates and quotes… ${pct}%`,
      saving: 'Saving the index…',
      loading: `Loading the new index… ${pct}%`,
      swapping: 'Switching to the new index…',
    };
    const line = text[p.phase];
    if (line === last) return;
    last = line;
    say(line);
  };
}

function reindexNotice(title: string, r: ReindexReport): Notice {
  const changes = [
    r.articlesAdded.length && `${r.articlesAdded.length} added (${r.articlesAdded.join(', ')})`,
    r.articlesRemoved.length && `${r.articlesRemoved.length} removed (${r.articlesRemoved.join(', ')})`,
    r.articlesChanged.length && `${r.articlesChanged.length} changed (${r.articlesChanged.join(', ')})`,
  ].filter(Boolean);
  const lines = [
    `Articles: ${changes.length ? changes.join('; ') : 'no change'}.`,
    `Paragraphs: ${r.paragraphsBefore} → ${r.paragraphsAfter} (${signed(r.paragraphsAfter - r.paragraphsBefore)}).`,
    `Corpus version ${r.previousVersion} → ${r.version}, in ${r.ms} ms.`,
  ];
  for (const e of r.errors) {
    const kept = r.kept.includes(e.file) ? ' — its last good version keeps serving' : '';
    lines.push(`Not indexed: ${e.file}: ${e.reason}${kept}.`);
  }
  const unsaved = r.saved && 'error' in r.saved ? r.saved : undefined;
  if (unsaved)
    lines.push(
      `The index could not be saved to ${unsaved.file} (${unsaved.error}): it serves from memory, and the next start will build it again. Check that folder's space and permissions.`,
    );
  return { title, lines, level: r.errors.length || unsaved ? 'error' : 'info' };
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
const signed = (n: number) => (n >= 0 ? `+${n}` : String(n));
function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
function ago(d: Date): string {
  return `${duration(Date.now() - d.getTime())} ago`;
}

/** The notice for an added (or replaced) article. */
function addedNotice(r: AddResult, title = `${r.replaced ? 'Replaced' : 'Added'} ${r.file}`): Notice {
  const notice = reindexNotice(title, r.report);
  if (r.replaced) {
    notice.lines.unshift(
      `${r.file} replaced: ${r.replaced.paragraphsBefore} → ${r.replaced.paragraphsAfter} paragraphs.`,
    );
  }
  return notice;
}
