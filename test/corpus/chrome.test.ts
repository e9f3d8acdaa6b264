/**
 * One test per chrome rule, each proven on the fixture articles in test/fixtures/articles (other
 * outlets, people and dates than the seeds) and, where the rule has a negative side, on real content
 * that looks similar and must stay.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTEXT_RULES, LINE_RULES } from '../../src/corpus/index.js';
import { FIXTURE_DIR, SEED_DIR, allText, article, parseFile, removals, texts, titled } from './helpers.js';

const riverton = parseFile(FIXTURE_DIR, 'riverton-council-library-vote.md');
const chipmaker = parseFile(FIXTURE_DIR, 'chipmaker-quarterly-results.txt');
const rail = parseFile(FIXTURE_DIR, 'translated-rail-strike.txt');
const harbour = parseFile(FIXTURE_DIR, 'harbour-festival.html');
const ferry = parseFile(FIXTURE_DIR, 'ferry-service-live.html');

function removedBy(parsed: { removed: { rule: string; text: string }[] }, rule: string): string[] {
  return parsed.removed.filter((r) => r.rule === rule).map((r) => r.text);
}

function expectGone(parsed: { article: { paragraphs: { text: string }[] } }, fragment: string) {
  for (const p of parsed.article.paragraphs) expect(p.text).not.toContain(fragment);
}

describe('line rules', () => {
  it('tracking-snippet: a truncated gtag comment line is removed, and multi-line <script> blocks never reach the text', () => {
    expect(removals('a.txt', '!-- Google tag (gtag.js) -->\n\nThe council met on Monday to vote.')).toEqual([
      { rule: 'tracking-snippet', text: '!-- Google tag (gtag.js) -->' },
    ]);
    expect(allText(riverton.article)).not.toMatch(/gtag|dataLayer|googletagmanager|<script/);
  });

  it('tracking-snippet: a single leftover tag or gtag() call on its own line is removed', () => {
    const removed = removals('a.txt', '<div class="ad-slot">\n\ngtag("config", "G-1");\n\nThe council met on Monday to vote.');
    expect(removed.map((r) => r.rule)).toEqual(['tracking-snippet', 'tracking-snippet']);
  });

  it('comment-form: "Leave a comment" and "Please enter your email address!" are removed', () => {
    expect(removedBy(riverton, 'comment-form')).toEqual(['Leave a comment', 'Please enter your email address!']);
  });

  it('comment-form: a paragraph that merely mentions comments stays', () => {
    const a = article('a.txt', 'Comments from residents filled three hours of the meeting, the clerk said.');
    expect(a.paragraphs).toHaveLength(1);
  });

  it('newsletter-prompt: "- Advertisement -" and a newsletter sign-up sentence are removed', () => {
    expect(removedBy(riverton, 'newsletter-prompt')).toEqual([
      '- Advertisement -',
      'Subscribe to the Riverton Gazette newsletter for daily local news.',
    ]);
    expect(removedBy(chipmaker, 'newsletter-prompt')).toEqual(['Stay Connected']);
  });

  it('newsletter-prompt: a news paragraph about subscriptions without a newsletter stays', () => {
    const a = article('a.txt', 'Subscribers to the city water service will see a 4% rise in bills from April.');
    expect(a.paragraphs).toHaveLength(1);
  });

  it('navigation-link: "Read more: <headline>", "Share this article", "Related Posts", "Back to top", "Latest News" are removed', () => {
    expect(removedBy(riverton, 'navigation-link')).toEqual([
      'Read more: Riverton schools face a $1 million shortfall',
      'Share this article',
    ]);
    expect(removedBy(chipmaker, 'navigation-link')).toEqual(['Related Posts', 'Back to top', 'Latest News']);
  });

  it('date-widget: a bare date line in any common format is removed, a sentence with a date stays', () => {
    expect(removedBy(riverton, 'date-widget')).toEqual(['Tuesday, 2 May 2023']);
    expect(removedBy(chipmaker, 'date-widget')).toEqual(['March 14, 2024']);
    expect(texts(chipmaker.article).join(' ')).toContain('in the quarter to February');
    const removed = removals('a.txt', 'Sat., Jan. 6, 2024 at 9:30 a.m. EST\n\n2024-01-06\n\nThe vote is set for January 6, 2024.');
    expect(removed.map((r) => r.rule)).toEqual(['date-widget', 'date-widget']);
  });

  it('weather-widget: a temperature alone on a line (with an optional place) is removed', () => {
    expect(removedBy(riverton, 'weather-widget')).toEqual(['14°C Riverton']);
    expect(removals('a.txt', '72 °F\n\nThe pool reopened on Saturday.').map((r) => r.rule)).toEqual([
      'weather-widget',
    ]);
  });

  it('captioned-photo-credit: a caption ending in "(Photographer / Outlet)" is removed', () => {
    expect(removedBy(riverton, 'captioned-photo-credit')).toEqual([
      'Mayor Linda Park addresses the council before the vote. (Sam Ortiz / Riverton Gazette)',
    ]);
    expect(allText(riverton.article)).not.toContain('Sam Ortiz');
  });

  it('captioned-photo-credit: a paragraph ending in an ordinary parenthesis stays', () => {
    const a = article('a.txt', 'The repair will cost 10,000 pounds (about $12,700).');
    expect(a.paragraphs).toHaveLength(1);
  });

  it('photo-credit-line: "Photo: <name>" and "<Outlet> Photo" lines are removed', () => {
    expect(removedBy(chipmaker, 'photo-credit-line')).toEqual(['Photo: Nadia Ruiz']);
    expect(removedBy(riverton, 'photo-credit-line')).toEqual(['Riverton Gazette Photo']);
  });

  it('photo-credit-line: a sentence-case heading ending in "photo" is not a placeholder', () => {
    const a = article('a.txt', titled('Take a photo\n\nVisitors may photograph the murals from the street.'));
    expect(a.paragraphs[0]!.section).toBe('Take a photo');
  });

  it('posted-on: "Published on <date>" and a bare "Posted on" are removed', () => {
    expect(removedBy(riverton, 'posted-on')).toEqual(['Published on May 2, 2023']);
    expect(removals('a.txt', 'The bridge reopened.\n\nPosted on').map((r) => r.rule)).toEqual(['posted-on']);
  });

  it('byline: a "By <Name>" line is removed, a sentence starting with "By" stays', () => {
    expect(removedBy(riverton, 'byline')).toEqual(['By Dana Okafor']);
    const a = article('a.txt', 'By Saturday morning, the river had dropped below the flood mark.');
    expect(a.paragraphs).toHaveLength(1);
  });

  it('separator: a "* * *" rule is removed', () => {
    expect(removedBy(riverton, 'separator')).toHaveLength(1);
    expect(removals('a.txt', 'First part.\n\n———\n\nSecond part.').map((r) => r.rule)).toEqual(['separator']);
  });
});

describe('context rules', () => {
  it('photo-caption: the line below an "<Outlet> Photo" placeholder is its caption and is removed', () => {
    expect(removedBy(riverton, 'photo-caption')).toContain('Residents queue to speak at the council meeting on Monday evening.');
  });

  it('photo-caption: a short name line directly above a credited caption is removed', () => {
    expect(removedBy(riverton, 'photo-caption')).toContain('Mayor Linda Park');
  });

  it('photo-caption: the line directly above a credit-only line is removed', () => {
    expect(removedBy(chipmaker, 'photo-caption')).toEqual(["The company's new processor"]);
  });

  it('photo-caption: a short heading in its own block above a captioned photo stays a heading', () => {
    const a = article(
      'a.txt',
      titled('Road works\n\nWorkers resurface Mill Lane. (Ann Lee / Valley Post)\n\nThe lane will be closed until Friday.'),
    );
    expect(a.paragraphs).toEqual([expect.objectContaining({ section: 'Road works', text: 'The lane will be closed until Friday.' })]);
  });

  it('outlet-or-author-line: a line that is exactly the outlet name is removed', () => {
    expect(removedBy(rail, 'outlet-or-author-line')).toEqual(['Kansai Daily (machine translation)']);
  });

  it('repeated-short-line: a masthead repeated at top and bottom is removed when no metadata names it', () => {
    expect(chipmaker.article.outlet).toBeUndefined();
    expect(removedBy(chipmaker, 'repeated-short-line')).toEqual(['Circuit Ledger', 'Circuit Ledger']);
  });

  it('repeated-title: the headline as the first body line is not paragraph 1', () => {
    expect(removedBy(riverton, 'repeated-title')).toEqual([riverton.article.title]);
    expect(riverton.article.paragraphs[0]!.text).toMatch(/^The Riverton city council voted 5-2/);
  });

  it('author-bio: the author box (name line and bio sentence) at the end is removed', () => {
    expect(removedBy(riverton, 'author-bio')).toEqual([
      'Dana is a city hall reporter for the Riverton Gazette. She has covered local government since 2015.',
    ]);
    expectGone(riverton, 'city hall reporter');
  });

  it('author-bio: without front matter, a name line followed by "<First name> is a … journalist" is removed', () => {
    const removed = removals('a.txt', 'The mill closed.\n\nOla Berg\nOla Berg\nOla is a journalist based in Oslo.');
    expect(removed.filter((r) => r.rule !== 'repeated-short-line')).toEqual([
      { rule: 'author-bio', text: 'Ola is a journalist based in Oslo.' },
    ]);
    expect(removed.map((r) => r.text)).toEqual(['Ola Berg', 'Ola Berg', 'Ola is a journalist based in Oslo.']);
  });

  it('author-bio: a news paragraph about a journalist, not preceded by their name, stays', () => {
    const a = article('a.txt', 'Carlos is a journalist who was detained in March, his lawyer said.', { today: '2025-01-01' });
    expect(a.paragraphs).toHaveLength(1);
  });

  it('author-bio: a closing "Full Name is a freelance writer…" about a name the story never used goes', () => {
    const story = [
      'The council voted on Tuesday to close the library on Sundays.',
      'Members said the savings would pay for new roofs.',
      'The mayor, Jo Park, said the decision was hard.',
      'Lee Moran is a freelance writer living in Leeds',
    ];
    expect(removedBy(parseFileText(story.join('\n\n')), 'author-bio')).toEqual(['Lee Moran is a freelance writer living in Leeds']);
  });

  it('author-bio: a closing line about a journalist the story is about, or one that reports speech, stays', () => {
    const named = [
      'Police detained Lee Moran on Friday at the border.',
      'Moran was questioned for six hours.',
      'His newspaper called the arrest unlawful.',
      'Lee Moran is a reporter who has covered the region since 2010.',
    ];
    expect(removedBy(parseFileText(named.join('\n\n')), 'author-bio')).toEqual([]);
    const reported = [
      'The border was closed on Friday.',
      'Travellers waited for hours.',
      'Officials gave no reason.',
      'Ana Ruiz is a reporter in the town, her editor said.',
    ];
    expect(removedBy(parseFileText(reported.join('\n\n')), 'author-bio')).toEqual([]);
  });

  it('pull-quote: a quote standing alone and repeated in a nearby paragraph is removed; the paragraph keeps it', () => {
    expect(removedBy(riverton, 'pull-quote')).toEqual(['“We cannot borrow for books while the roads are broken.”']);
    expect(texts(riverton.article).join(' ')).toContain('We cannot borrow for books while the roads are broken.');
  });

  it('mt-artifact: a trailing " rice field." after a sentence is stripped; "rice field" inside a sentence stays', () => {
    const [first, second, third] = rail.article.paragraphs;
    expect(first!.text).toMatch(/Loop Line\.$/);
    expect(second!.text).toMatch(/he said\.$/);
    expect(third!.text).toContain('the rice field behind the station');
  });
});

describe('HTML pages', () => {
  it('scripts, styles, noscript, nav, figures, asides and comment forms never leak into paragraphs', () => {
    const text = allText(harbour.article);
    for (const leak of ['SCRIPT-LEAK', 'STYLE-LEAK', 'NOSCRIPT-LEAK', 'Home', 'Tall ships', 'Related Articles', 'Leave a Reply']) {
      expect(text).not.toContain(leak);
    }
  });

  it('title, outlet, author and date come from the page; <h2> becomes a section', () => {
    expect(harbour.article).toMatchObject({
      title: 'Harbour festival draws record crowds',
      outlet: 'Coastline Courier',
      author: 'Owen Hart',
      published: '2024-07-15',
    });
    expect(harbour.article.paragraphs.map((p) => p.section)).toEqual([
      undefined,
      undefined,
      'Money for the lifeboat station',
      'Money for the lifeboat station',
    ]);
  });
});

describe('news page furniture (web pages)', () => {
  const kept = texts(ferry.article);

  it('keeps the five paragraphs of the report, in order', () => {
    expect(kept).toHaveLength(5);
    expect(kept[0]).toMatch(/^PORT ELLAN — The only ferry/);
    expect(kept[4]).toMatch(/^A spokesperson for the regional government/);
  });

  it('captioned-photo-credit: a caption closed by an agency name alone, "(EPA)", is removed', () => {
    expect(removedBy(ferry, 'captioned-photo-credit')).toEqual(['Passengers wait on the quay after the evacuation (EPA)']);
    expect(removals('a.txt', titled('The mayor thanked the crew (and the coastguard).\n\nThe harbour reopened.'))).toEqual([]);
  });

  it('promo-or-counter: slideshow counters, bracketed promos, bare addresses and class strings are removed', () => {
    expect(removedBy(ferry, 'promo-or-counter')).toEqual([
      'css-1q2w3e r-9fk2ld story-meta_4x',
      '1 of 18',
      "[Read: Why the island's second ferry was sold last year]",
    ]);
    expect(removedBy(parseFileText('Notes.\n\nhttps://example.com/news/ferry-fire-123\n\nThe ferry is back.'), 'promo-or-counter')).toEqual([
      'https://example.com/news/ferry-fire-123',
    ]);
    // Prose that only resembles them stays.
    const prose = ['The vote was 1 of 18 held this year, officials said.', 'e-mail and well-known are words.'];
    expect(removals('a.txt', titled(prose.join('\n\n')))).toEqual([]);
  });

  it('link-list: lines that are all link text go when headline-shaped or next to each other; prose with a link stays', () => {
    expect(removedBy(ferry, 'link-list')).toEqual([
      'Ferry timetable changes for the winter season',
      'Harbour dredging to begin in spring',
      'Island school gets new science block',
    ]);
    const html = `<html><body><article><h1>Ferry</h1><p>${'The ferry was built in 1998 and carries 400 passengers on each crossing to the island. '.repeat(4)}</p>
<p><a href="/report">The full inspection report was published on Friday.</a></p>
<p>${'Inspectors will return next month to check the repairs made to the engine room and the hull. '.repeat(3)}</p></article></body></html>`;
    expect(texts(article('a.html', html))).toContain('The full inspection report was published on Friday.');
  });

  it('navigation-link: "Continue reading the main story" is removed', () => {
    expect(removedBy(ferry, 'navigation-link')).toEqual(['Continue reading the main story']);
  });

  it('call-to-action: follow/subscribe prompts and contact addresses are removed; sentences that mention them stay', () => {
    expect(removedBy(ferry, 'call-to-action')).toEqual([
      'Have a tip? Mirela Tandoh may be reached at mtandoh@coastline-courier.example.',
    ]);
    expect(removals('a.txt', titled('Get breaking news alerts and special reports delivered to your inbox.\n\nThe ferry is back.')).map((r) => r.rule)).toEqual(['call-to-action']);
    const prose = [
      'Follow-up talks are planned for Friday, the ministry said in an email.',
      'Like many residents, she learned about the closure from Facebook.',
      'Share prices of the operator fell 5 percent after it said its booking app would be offline.',
      'Contact tracing apps were used during the outbreak on the island.',
    ];
    expect(removals('a.txt', titled(prose.join('\n\n')))).toEqual([]);
  });

  it('credit-or-notice: reporting credits, "originally appeared", copyright and source lines are removed', () => {
    expect(removedBy(ferry, 'credit-or-notice')).toEqual([
      '(Reporting by Mirela Tandoh; editing by Paul Arkwright)',
      'This article originally appeared on the Coastline Courier website.',
      'Copyright © 2025 Coastline Courier. All rights reserved.',
    ]);
    expect(removedBy(parseFileText('The ferry is back.\n\nJane Roe contributed to this report.\n\nSource: Ellan Sea Lines'), 'credit-or-notice')).toEqual([
      'Jane Roe contributed to this report.',
      'Source: Ellan Sea Lines',
    ]);
    const prose = 'The operator said the copyright on the ferry\'s design had expired years ago, so any yard could build a copy of it.';
    expect(removals('a.txt', titled(prose))).toEqual([]);
  });

  it('more page furniture: dated bylines, network follows, phone blocks, counters, disclosures', () => {
    const lines = [
      'By Jane Roe - 11/18/19 11:04 PM EST',
      'By Harbour Staff | November 18, 2019 at 2:26 PM HST - Updated November 18 at 4:46 PM',
      'Follow Harbourbeat on Instagram, Facebook, Twitter and YouTube.',
      'Subscribe to the Courier and stay up to date with the island.',
      'The Courier 4 Harbour Row, Port Ellan 20006 | 202-628-8500 tel | 202-628-8503 fax',
      '2.289',
      'This post may contain affiliate links. Please see my disclosure page.',
      'Citation: Ferry fire (2025, March 4) retrieved 5 March 2025 from https://example.com/ferry',
    ];
    const removed = removals('a.txt', titled(`${lines.join('\n\n')}\n\nThe ferry is back in service.`));
    expect(removed.map((r) => r.text)).toEqual(lines);
    const prose = [
      'By Tuesday, 1,200 residents had signed the petition, organisers said.',
      'He said he would follow the talks closely and call the minister on Friday.',
      'The ferry carried 2,289 passengers last year.',
    ];
    expect(removals('a.txt', titled(prose.join('\n\n')))).toEqual([]);
  });

  it('link-list: three or more short list items that each carry a link are a list of links', () => {
    const items = ['Ferry timetable changes', 'Harbour dredging to begin', 'Island school gets science block'];
    const html = `<html><body><article><h1>Ferry</h1><p>${'The ferry was built in 1998 and carries 400 passengers on each crossing to the island. '.repeat(4)}</p>
<ul>${items.map((t) => `<li><a href="/x">${t}</a>, and more on this story from our reporters</li>`).join('')}</ul>
<p>Inspectors will return next month.</p></article></body></html>`;
    const kept = texts(article('a.html', html));
    for (const t of items) expect(kept.join('\n')).not.toContain(t);
    expect(kept).toContain('Inspectors will return next month.');
  });

  it('link-list: three or more short headings that each stand over one headline-shaped line are teasers', () => {
    const teasers = [
      ['SHORE LEAVE', 'Crew stranded for a week as storm closes the port'],
      ['FULL STEAM', 'Old paddle steamer returns to the river after refit'],
      ['NEW ROUTE', 'Island gets a second daily crossing from May'],
    ];
    const html = `<html><body><article><h1>Ferry</h1><p>${'The ferry was built in 1998 and carries 400 passengers on each crossing to the island. '.repeat(4)}</p>
${teasers.map(([k, h]) => `<h3>${k}</h3><p>${h}</p>`).join('\n')}
<h2>What happens next?</h2><p>Inspectors will return next month.</p></article></body></html>`;
    const kept = texts(article('a.html', html)).join('\n');
    for (const [, h] of teasers) expect(kept).not.toContain(h);
    expect(kept).toContain('Inspectors will return next month.');
  });

  it('link-list: question headings over one-line answers (an interview) are not teasers', () => {
    const qa = [
      ['Q: Favourite book?', 'A: The Old Man and the Sea'],
      ['Q: Favourite place?', 'A: The harbour at dawn'],
      ['Q: Favourite meal?', 'A: Fish soup at the ferry cafe'],
    ];
    const html = `<html><body><article><h1>Ten questions for the captain</h1><p>${'The captain has run the island ferry for twenty years and knows every rock in the sound. '.repeat(3)}</p>
${qa.map(([q, a]) => `<h3>${q}</h3><p>${a}</p>`).join('\n')}</article></body></html>`;
    const kept = texts(article('a.html', html)).join('\n');
    for (const [, a] of qa) expect(kept).toContain(a);
  });

  it('drops a social post embedded in the page, with its signature', () => {
    expect(allText(ferry.article)).not.toContain('The island deserves better');
    expect(allText(ferry.article)).not.toContain('@ellanresidents');
  });
});

function parseFileText(body: string) {
  const removed: { rule: string; text: string }[] = [];
  const parsed = article('a.txt', titled(body), { onRemoved: (r) => removed.push(r) });
  return { article: parsed, removed };
}

describe('every rule is exercised', () => {
  it('each documented chrome rule removes at least one line in the fixtures or seeds', () => {
    const seen = new Set<string>();
    for (const parsed of [riverton, chipmaker, rail, harbour, ferry]) for (const r of parsed.removed) seen.add(r.rule);
    for (const file of ['bulletin-news-biden-putin-diplomatic-talks.md', 'macron-offers-to-mediate-us-russia-summit.md']) {
      for (const r of parseFile(SEED_DIR, file).removed) seen.add(r.rule);
    }
    const documented = [...LINE_RULES, ...CONTEXT_RULES].map((r) => r.name);
    expect(documented.filter((name) => !seen.has(name))).toEqual([]);
  });
});

describe('documentation', () => {
  it('src/corpus/README.md lists every chrome rule by name', () => {
    const readme = readFileSync(new URL('../../src/corpus/README.md', import.meta.url), 'utf8');
    for (const { name } of [...LINE_RULES, ...CONTEXT_RULES]) expect(readme).toContain(`\`${name}\``);
  });
});
