/**
 * How the structure of a web page becomes paragraphs: general HTML rules, each shown on a small page
 * written for the test (the shapes were met on real news pages; none is a copy of one).
 */
import { describe, expect, it } from 'vitest';
import { article } from './helpers.js';

/** A page with enough text around the part under test for Readability to take it as the article. */
function page(body: string, head = ''): string {
  return `<!doctype html><html><head><title>Harbour report</title>${head}</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main><article><h1>Harbour crane collapses in high winds</h1>
${body}
</article></main>
<footer>© Example Press</footer></body></html>`;
}

const FILLER = [
  'The crane, which had stood on the eastern quay since 1987, fell shortly after midnight as gusts reached 110 kilometres an hour.',
  'No one was injured, the port authority said, because the night shift had been sent home two hours earlier when the warning came.',
  'Engineers will inspect the remaining cranes on Monday before any ship is allowed to unload at the eastern quay again.',
];
const fillerHtml = FILLER.map((s) => `<p>${s}</p>`).join('\n');

const texts = (html: string) => article('page.html', html).paragraphs.map((p) => p.text);

describe('HTML structure', () => {
  it('reads paragraphs inside an inline container as separate paragraphs', () => {
    const html = page(`<span id="story"><p>${FILLER[0]}</p><p>${FILLER[1]}</p><p>${FILLER[2]}</p></span>`);
    expect(texts(html)).toEqual(FILLER);
  });

  it('reads source newlines inside a paragraph as spaces, not line breaks', () => {
    // One paragraph of the source is wrapped before a capitalised word, the others are not wrapped.
    const html = page(`<p>PORT TOWN — The captain, Kusuma Wardana, an
Indonesian national who has sailed the route for years, said the ship turned
back at dawn.</p>
${fillerHtml}`);
    const paragraphs = article('page.html', html).paragraphs;
    expect(paragraphs.map((p) => p.text)).toEqual([
      'PORT TOWN — The captain, Kusuma Wardana, an Indonesian national who has sailed the route for years, said the ship turned back at dawn.',
      ...FILLER,
    ]);
    expect(paragraphs.every((p) => p.section === undefined)).toBe(true);
  });

  it('still breaks a line at <br>', () => {
    const html = page(`${fillerHtml}<p>The port's statement ends here.<br>Contact: the harbour office, every weekday.</p>`);
    expect(texts(html).slice(-2)).toEqual(["The port's statement ends here.", 'Contact: the harbour office, every weekday.']);
  });

  it('reads a table row of text cells as one line, never as a heading', () => {
    const html = page(`${fillerHtml}
<table><tbody>
<tr><td><strong>Quay</strong></td><td><strong>Cranes</strong></td><td><strong>Working</strong></td></tr>
<tr><td>East</td><td>4</td><td>3</td></tr>
<tr><td>West</td><td>6</td><td>6</td></tr>
</tbody></table>
<p>The port expects the eastern quay to reopen by the end of the month, its director said on Tuesday.</p>`);
    const paragraphs = article('page.html', html).paragraphs;
    expect(paragraphs.map((p) => p.text)).toContain('Quay Cranes Working');
    expect(paragraphs.map((p) => p.text)).toContain('East 4 3');
    expect(paragraphs.at(-1)?.section).toBeUndefined();
  });

  it('keeps an article whose whole page sits inside a <form>', () => {
    const html = `<!doctype html><html><head><title>Harbour report</title></head><body><form action="/page.aspx" method="post">
<input type="hidden" name="state" value="x"><div class="content"><h1>Harbour crane collapses in high winds</h1>${fillerHtml}</div>
<button>Search</button></form></body></html>`;
    expect(texts(html)).toEqual(FILLER);
  });

  it('never takes a list item for a sub-heading', () => {
    const html = page(`${fillerHtml}
<p>The inspection list covers:</p>
<ul><li>the eastern quay cranes</li><li>the rail lines along the quay</li><li>the fuel depot</li></ul>
<p>The port expects the eastern quay to reopen by the end of the month, its director said on Tuesday.</p>`);
    const paragraphs = article('page.html', html).paragraphs;
    expect(paragraphs.map((p) => p.text)).toContain('the rail lines along the quay');
    expect(paragraphs.every((p) => p.section === undefined)).toBe(true);
  });

  it('does not take a sentence ending in a CJK full stop for a sub-heading', () => {
    const sentences = ['港のクレーンが強風で倒れました。', '夜勤の作業員は二時間前に帰宅していました。', '月曜日に点検が行われます。'];
    const html = page(`${sentences.map((s) => `<p>${s}</p>`).join('\n')}\n${fillerHtml}`);
    const paragraphs = article('page.html', html).paragraphs;
    expect(paragraphs.map((p) => p.text).slice(0, 3)).toEqual(sentences);
    expect(paragraphs.every((p) => p.section === undefined)).toBe(true);
  });

  it('takes a short plain line for a paragraph and a bold or <h2> line for a sub-heading', () => {
    const html = page(`${fillerHtml}
<p>Ferry crossings cancelled</p>
<p>The operator cancelled all crossings for the rest of the week while the harbour is inspected.</p>
<p><strong>What happens next</strong></p>
<p>Engineers from the port authority will report to the council on Thursday evening.</p>
<h2>Reaction on the island</h2>
<p>Shopkeepers on the island said deliveries had already been delayed by two days.</p>`);
    const paragraphs = article('page.html', html).paragraphs;
    expect(paragraphs.map((p) => p.text)).toContain('Ferry crossings cancelled');
    const section = (start: string) => paragraphs.find((p) => p.text.startsWith(start))?.section;
    expect(section('The operator cancelled')).toBeUndefined();
    expect(section('Engineers from the port')).toBe('What happens next');
    expect(section('Shopkeepers on the island')).toBe('Reaction on the island');
  });

  it("keeps a name linked to a pop-up card in its sentence and drops the card's links", () => {
    const card = `<span class="person"><a href="/people/ana-ruiz">Ana Ruiz</a><span class="card"><span><img src="/a.jpg" alt=""><a href="/people/ana-ruiz">Ana Ruiz</a><a href="/s/1">Mayor opens new library wing</a> <a href="/s/2">Budget vote delayed again</a> <a href="/people/ana-ruiz">MORE</a></span></span></span>`;
    const html = page(`<p>The mayor, ${card}, said the harbour would reopen by the end of the month.</p>\n${fillerHtml}`);
    const first = article('page.html', html).paragraphs[0]!.text;
    expect(first).toBe('The mayor, Ana Ruiz, said the harbour would reopen by the end of the month.');
  });

  it('drops a sub-heading that is a link to another story, and teaser links wrapped around blocks', () => {
    const html = page(`${fillerHtml}
<h3><a href="/news/other-story">Island school gets a new science block</a></h3>
<a href="/news/third"><div><p>Harbour dredging to begin in spring after years of delay</p></div></a>
<p>The port expects the eastern quay to reopen by the end of the month, its director said on Tuesday.</p>`);
    const paragraphs = article('page.html', html).paragraphs;
    expect(paragraphs.map((p) => p.text)).not.toContain('Harbour dredging to begin in spring after years of delay');
    expect(paragraphs.at(-1)?.section).toBeUndefined();
  });

  it("drops a picture's caption and a chart's title and legend with the drawing", () => {
    const html = page(`${fillerHtml}
<div class="media"><img src="/quay.jpg" alt=""><p>The crane lies across the eastern quay on Tuesday morning.</p><span>Photo: Port authority</span></div>
<div class="graphic"><h4>Crossings per day, 2020–2025</h4><svg viewBox="0 0 10 10"><rect width="5" height="5"></rect></svg><div><span>Summer</span> <span>Winter</span></div><p>Source: Ellan Sea Lines</p></div>
<p>The port expects the eastern quay to reopen by the end of the month, its director said on Tuesday.</p>`);
    const all = article('page.html', html).paragraphs.map((p) => `${p.section ?? ''} ${p.text}`).join('\n');
    expect(all).not.toContain('The crane lies across');
    expect(all).not.toContain('Crossings per day');
    expect(all).not.toContain('Summer');
    expect(all).toContain('The port expects the eastern quay to reopen');
    // An icon inside a link inside prose goes alone; the sentence stays.
    const icon = page(`<p>${FILLER[0]} <a href="/x">More on the fire <svg><path d="M0 0"></path></svg></a> from the port.</p>${fillerHtml}`);
    expect(article('page.html', icon).paragraphs[0]!.text).toBe(`${FILLER[0]} More on the fire from the port.`);
  });

  it('drops the time stamps of live blog entries and keeps every entry, the first included', () => {
    const entry = (time: string, title: string, text: string) =>
      `<article class="entry"><time datetime="2025-03-04T${time}">${time}</time><h2>${title}</h2><p>${text}</p></article>`;
    const html = page(
      [
        entry('09:12', 'Ferry services cancelled', FILLER[0]!),
        entry('08:40', 'Schools closed', FILLER[1]!),
        entry('08:05', 'Power cuts', FILLER[2]!),
      ].join('\n'),
    );
    const paragraphs = article('page.html', html).paragraphs;
    expect(paragraphs.map((p) => p.text)).toEqual(FILLER);
    expect(paragraphs.map((p) => p.section)).toEqual(['Ferry services cancelled', 'Schools closed', 'Power cuts']);
  });

  it('keeps a sentence set as a heading (an interview question) as a paragraph', () => {
    const html = page(`${fillerHtml}
<h3>Q: What will the port do with the two cranes that are left?</h3>
<p>A: We will inspect both of them on Monday and decide after the engineers report.</p>
<h3>Next steps</h3>
<p>The port expects the eastern quay to reopen by the end of the month, its director said on Tuesday.</p>`);
    const paragraphs = article('page.html', html).paragraphs;
    expect(paragraphs.map((p) => p.text)).toContain('Q: What will the port do with the two cranes that are left?');
    expect(paragraphs.at(-1)?.section).toBe('Next steps');
  });

  it('keeps the paragraphs of an article nested 3,000 levels deep apart (issue "Hardening, round 2", 15)', () => {
    const deep = (n: number) => `${'<div>'.repeat(n)}${fillerHtml}${'</div>'.repeat(n)}`;
    for (const n of [3_000, 20_000]) expect(texts(page(deep(n)))).toEqual(FILLER);
  });
});
