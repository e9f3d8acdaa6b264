/**
 * Filters on which articles an answer may cite (`since:`, `until:`, `outlet:` on every question
 * command): read from what the user typed (`readFilter`), then applied to one index as a `Scope` —
 * the allowed articles, their count (what "reported in N of M articles" counts against) and a
 * per-paragraph mask the search takes. An article without a publication date is left out whenever
 * a date bound is given. The answerers take the scope as their last argument; without one they
 * answer from every article, exactly as before.
 */
import type { DossierIndex } from '../index/model.js';
import { UserError } from '../errors.js';
import { readDayRange } from './filter-dates.js';
import { shortDate } from './format.js';

/** A filter as it is applied and carried by buttons: ISO days (both included) and an outlet name. */
export interface ArticleFilter {
  since?: string;
  until?: string;
  outlet?: string;
}

/** The filter as typed: any of the three, each optional. */
export interface FilterInput {
  since?: string;
  until?: string;
  outlet?: string;
}

const WHITESPACE_RUN = /\s+/g;
const clean = (s: string | undefined): string => (s ?? '').replace(WHITESPACE_RUN, ' ').trim();

/**
 * The filter the user asked for, read relative to `now`; undefined when they gave none. A value
 * that is no date, or a `since` after the `until`, is a UserError naming the option.
 */
export function readFilter(input: FilterInput, now = new Date()): ArticleFilter | undefined {
  const filter: ArticleFilter = {};
  const since = clean(input.since);
  const until = clean(input.until);
  const outlet = clean(input.outlet);
  if (since) filter.since = readDayRange('since', since, now).first;
  if (until) filter.until = readDayRange('until', until, now).last;
  if (filter.since && filter.until && filter.since > filter.until) {
    throw new UserError(
      `The since date (${day(filter.since)}) is after the until date (${day(filter.until)}): give an earlier since or a later until.`,
    );
  }
  if (outlet) filter.outlet = outlet;
  return filter.since || filter.until || filter.outlet ? filter : undefined;
}

/** A filter applied to one index. */
export interface Scope {
  /** The filter, its outlet spelled as the articles spell it. */
  filter: ArticleFilter;
  /** Ids of the articles an answer may cite. */
  allowed: Set<string>;
  /** How many articles that is (as `index.articles` counts them). */
  articles: number;
  /** Articles of the outlet (or any, without one) left out only for having no date. */
  undated: number;
  /** 1 for each paragraph position whose article is allowed (made on first use). */
  mask(): Uint8Array;
}

const foldOutlet = (s: string): string => clean(s).toLowerCase();

/** The articles `filter` allows in `index`. */
export function scopeOf(index: DossierIndex, filter: ArticleFilter): Scope {
  const wanted = filter.outlet === undefined ? undefined : foldOutlet(filter.outlet);
  const dated = filter.since !== undefined || filter.until !== undefined;
  const allowed = new Set<string>();
  let articles = 0;
  let undated = 0;
  let outlet = filter.outlet;
  for (const a of index.articles) {
    if (wanted !== undefined) {
      if (!a.outlet || foldOutlet(a.outlet) !== wanted) continue;
      outlet = a.outlet;
    }
    if (dated) {
      const published = a.published?.slice(0, 10);
      if (!published) {
        undated++;
        continue;
      }
      if (filter.since !== undefined && published < filter.since) continue;
      if (filter.until !== undefined && published > filter.until) continue;
    }
    allowed.add(a.id);
    articles++;
  }
  let mask: Uint8Array | undefined;
  return {
    filter: { ...filter, ...(outlet === undefined ? {} : { outlet }) },
    allowed,
    articles,
    undated,
    mask() {
      if (!mask) {
        mask = new Uint8Array(index.paragraphs.length);
        index.paragraphs.forEach((p, i) => {
          if (allowed.has(p.articleId)) mask![i] = 1;
        });
      }
      return mask;
    },
  };
}

/** Articles an answer counts against: the allowed ones, or all. */
export function articleTotal(index: DossierIndex, scope: Scope | undefined): number {
  return scope ? scope.articles : index.articles.length;
}

/** Whether an answer may cite this article. */
export function allows(scope: Scope | undefined, articleId: string): boolean {
  return !scope || scope.allowed.has(articleId);
}

const day = (iso: string): string => shortDate(iso) ?? iso;

/** "from Reuters between 1 Feb 2022 and 28 Feb 2022", "since 1 Feb 2022", "published on 21 Feb 2022". */
function describe(filter: ArticleFilter): string {
  const parts: string[] = [];
  if (filter.outlet) parts.push(`from ${filter.outlet}`);
  const { since, until } = filter;
  if (since && until) {
    parts.push(since === until ? `published on ${day(since)}` : `between ${day(since)} and ${day(until)}`);
  } else if (since) parts.push(`since ${day(since)}`);
  else if (until) parts.push(`until ${day(until)}`);
  return parts.join(' ');
}

/** The line an answer shows for its filter: "Only articles from Reuters since 1 Feb 2022." */
export function filterLine(filter: ArticleFilter): string {
  return `Only articles ${describe(filter)}.`;
}

/** What a filter that leaves no article says, with the undated articles it left out. */
export function noArticlesMessage(scope: Scope): string {
  const n = scope.undated;
  const undated =
    n > 0
      ? ` (${n} article${n === 1 ? '' : 's'}${scope.filter.outlet ? ` from ${scope.filter.outlet}` : ''} ${n === 1 ? 'has' : 'have'} no date and ${n === 1 ? 'was' : 'were'} left out)`
      : '';
  return `No articles ${describe(scope.filter)}${undated}.`;
}

/** Discord allows 25 autocomplete choices, each name and value at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_CHOICE = 100;

/** Outlet names for `outlet:` autocomplete, most articles first, with their article counts. */
export function outletChoices(index: DossierIndex, typed: string): { name: string; value: string }[] {
  const counts = new Map<string, { name: string; n: number }>();
  for (const a of index.articles) {
    if (!a.outlet) continue;
    const key = foldOutlet(a.outlet);
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { name: clean(a.outlet), n: 1 });
  }
  const want = foldOutlet(typed);
  return [...counts.entries()]
    .filter(([key, e]) => key.includes(want) && e.name.length <= MAX_CHOICE)
    .map(([, e]) => e)
    .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name))
    .slice(0, MAX_CHOICES)
    .map((e) => {
      const label = `${e.name} (${e.n} article${e.n === 1 ? '' : 's'})`;
      return { name: label.length <= MAX_CHOICE ? label : e.name, value: e.name };
    });
}
