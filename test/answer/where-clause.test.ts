/**
 * /where reads the clause that holds the question's words (issue #16, "where"): "X-based Y" says
 * where Y is based, a locative word before a place in that clause beats a state or country named
 * elsewhere, a dateline city counts when the clause names no place, and a place without a name ("at
 * the north pole of …") is still a place. Invented articles, built through ingestion.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk, answerWhere } from '../../src/answer/index.js';
import { isIngestError, parseArticle, type Article } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { expectWellCited, md as article } from './helpers.js';

const md = (file: string, title: string, outlet: string, body: string): Article =>
  article(file, title, outlet, '2024-04-10', body);

const media = md(
  'tallow-media.md',
  'Tallow Media to cut jobs',
  'Lakeside Ledger',
  [
    'Ardley-based Tallow Media will cut 40 jobs this spring, the company said.',
    'Tallow Media also runs a small studio in Brenham, where staff make podcasts for Harwick and Brenham listeners.',
  ].join('\n\n'),
);
const ferry = md(
  'ferry-brawl.md',
  'Brawl aboard a Wexland ferry',
  'Coast Wire',
  [
    'A Wexland ferry official said the brawl broke out on the evening ferry as it docked at a pier in Carrow.',
    'The brawl shocked commuters across Wexland, where ferry crime is rare.',
  ].join('\n\n'),
);
const speech = md(
  'drummond-speech.md',
  'Drummond accuses Kestria of dumping steel',
  'Harbour Review',
  [
    'ORMSBY, Vell (Harbour Review) — Trade minister Hal Drummond on Tuesday accused Kestria of dumping cheap steel.',
    '“We will not stand by,” Drummond said in a speech to the Vell Trade Council, a business group.',
  ].join('\n\n'),
);
const probe = md(
  'arlo-probe.md',
  'Arlo probe picked for methane hunt',
  'Science Desk',
  'The Arlo probe will search for frozen methane at the north pole of Tessa, the agency said on Monday.',
);
const index = buildIndex({ articles: [media, ferry, speech, probe], errors: [] });

describe('/where reads the clause that answers', () => {
  it('"Ardley-based Tallow Media" says where Tallow Media is based', () => {
    const a = answerWhere(index, 'Where is Tallow Media based?');
    expect(a.text).toMatch(/^Ardley\b/);
    expect(a.citations[0]!.text).toContain('Ardley-based');
    expectWellCited(index, a);
  });

  it('the place after "in" in the clause about the brawl beats the region named elsewhere', () => {
    const a = answerWhere(index, 'Where did the brawl on the ferry break out?');
    expect(a.text).toMatch(/^Carrow\b/);
    expect(a.citations[0]!.text).toContain('in Carrow');
    expectWellCited(index, a);
  });

  it('a dateline city answers when the clause about the speech names no place', () => {
    const a = answerWhere(index, 'Where did Drummond give his speech?');
    expect(a.text).toMatch(/^Ormsby\b/);
    // The clause that says it first, then the dateline.
    expect(a.citations[0]!.text).toContain('in a speech');
    expectWellCited(index, a);
  });

  it('a place without a name ("at the north pole of Tessa") is a place', () => {
    const a = answerWhere(index, 'Where will the Arlo probe search for frozen methane?');
    expect(a.text).toMatch(/^north pole of Tessa\b/);
    expectWellCited(index, a);
  });

  it('"at the rim" is no place; "at the rim of the crater" is', () => {
    const court = md(
      'court.md',
      'Centre dominates',
      'Coast Wire',
      'Ivo Marsh was a stalwart at the rim all night, blocking four shots.',
    );
    const moon = md(
      'moon.md',
      'Ice found',
      'Coast Wire',
      'Ice was found at the rim of the crater, the agency said.',
    );
    const ix = buildIndex({ articles: [court, moon], errors: [] });
    expect(answerWhere(ix, 'Where was Ivo Marsh a stalwart?').text ?? '').not.toMatch(/\brim\b/);
    expect(answerWhere(ix, 'Where was the ice found?').text).toMatch(/^rim of the crater\b/);
  });
});

describe('/where takes a site an organisation is named for', () => {
  const siege = md(
    'campus-siege.md',
    'Students trapped on a campus',
    'Coast Wire',
    [
      'About 100 students remained holed up inside the Polytechnic University on Monday, police said.',
      'The Students Union called for calm.',
    ].join('\n\n'),
  );
  const index = buildIndex({ articles: [siege], errors: [] });

  it('"holed up inside the Polytechnic University": the university, an organisation, is where', () => {
    const a = answerWhere(index, 'Where are the students holed up?');
    expect(a.text).toMatch(/^Polytechnic University\b/);
    expectWellCited(index, a);
    // An organisation that is not a site is not a place.
    expect(a.text).not.toMatch(/Students Union/);
  });
});

describe('/where reads where a business is from the way news names it', () => {
  const ads = md(
    'road-ads.md',
    'State defends its road safety ads',
    'Plains Courier',
    [
      'The report says the Ardley ad agency Quillon Co. came up with the campaign, which the state paid for.',
      'Critics in Brenham called the ads crude.',
    ].join('\n\n'),
  );
  // A list of the companies picked, one per paragraph, as the agency's release printed it.
  const release = [
    '<html><head><title>Agency adds five lander firms</title>',
    '<meta property="article:published_time" content="2024-04-10T10:00:00Z"></head><body><article>',
    '<h1>Agency adds five lander firms</h1>',
    '<p>The agency added five companies to its lander program on Monday, among them Harlow Dynamics and Tovel Robotics, which will compete for delivery contracts.</p>',
    '<p>Harlow Dynamics Corporation, Wexford, Kestria</p>',
    '<p>Tovel Robotics, Carrow, Kestria</p>',
    '<p>Harlow Dynamics will build a mid-sized lander at its plant in Carrow, the company said in a statement on Monday.</p>',
    '</article></body></html>',
  ].join('\n');
  const picks = parseArticle('lander-picks.html', new TextEncoder().encode(release), { today: '2025-01-01' });
  if (isIngestError(picks)) throw new Error(picks.reason);
  const idx = buildIndex({ articles: [ads, picks], errors: [] });

  it('"the Ardley ad agency Quillon Co." says where Quillon is based', () => {
    expect(answerWhere(idx, 'Where is Quillon based?').text).toMatch(/^Ardley\b/);
  });

  it('"Harlow Dynamics Corporation, Wexford, Kestria" lists where the company is based', () => {
    expect(answerWhere(idx, 'Where is Harlow Dynamics Corporation based?').text).toMatch(/^Wexford\b/);
  });
});

describe('/where reads divisions and origins', () => {
  const outbreak = md(
    'outbreak.md',
    'Fever case confirmed',
    'Plains Courier',
    [
      'A farmer with marsh fever was hospitalized in the county of Tarrow on Sunday, health officials said.',
      'The farmer, who comes from Welby in the northern hills, had fallen ill after a hunting trip to Ardley.',
    ].join('\n\n'),
  );
  const idx = buildIndex({ articles: [outbreak], errors: [] });

  it('"hospitalized in the county of Tarrow": the place is Tarrow', () => {
    expect(answerWhere(idx, 'Where was the farmer with marsh fever hospitalized?').text).toMatch(/^Tarrow\b/);
  });

  it('"Where is the farmer from?" is answered by "from Welby"', () => {
    expect(answerWhere(idx, 'Where is the farmer who fell ill from?').text).toMatch(/^Welby\b/);
  });
});

describe('/where reads the sentence a pronoun-led one carries on from', () => {
  const cases = md(
    'cases.md',
    'Two fever cases in Kestria',
    'Plains Courier',
    [
      'Two cases of marsh fever were confirmed in Kestria this week, officials said.',
      'The patients, a husband and wife, are from Welby, a farming town in the hills. They were diagnosed with marsh fever at a clinic in the capital.',
    ].join('\n\n'),
  );
  const idx = buildIndex({ articles: [cases], errors: [] });

  it('"They were diagnosed …" after "… are from Welby": the couple is from Welby', () => {
    expect(answerWhere(idx, 'Where is the couple diagnosed with marsh fever from?').text).toMatch(
      /\bWelby\b/,
    );
  });
});

describe('/where reads a place after a year', () => {
  const launch = md(
    'sedan.md',
    'New sedan',
    'Motor Weekly',
    'As to when it will arrive in Kestria, we are not sure yet, but it could make its regional debut at the 2020 Tarrow International Motor Show.',
  );
  const idx = buildIndex({ articles: [launch], errors: [] });

  it('"at the 2020 Tarrow International Motor Show" is where the debut is', () => {
    expect(answerWhere(idx, 'Where might the sedan make its regional debut?').text).toMatch(/^Tarrow\b/);
  });
});

describe('/where with no place says so without claiming words the articles lack', () => {
  const council = md(
    'budget-vote.md',
    'Budget approved',
    'Plains Courier',
    'The council approved the budget on Monday after a long debate over school funding.',
  );
  const idx = buildIndex({ articles: [council], errors: [] });

  it('the passage holds every word: "mention it but name none"', () => {
    const a = answerWhere(idx, 'Where did the council approve the budget?');
    expect(a.text).toBeNull();
    expect(a.message).toMatch(/^No place found for “.*budget”: the articles mention it but name none\./);
  });

  it('no passage holds every word: it never says the articles mention them', () => {
    const a = answerWhere(idx, 'Where did the council veto the budget?');
    expect(a.text).toBeNull();
    expect(a.message).toMatch(/^No passage found that mentions all of “/);
  });
});

describe('/where reads the other form of the question’s verb', () => {
  const profile = md(
    'profile.md',
    'Meet the new chief',
    'Plains Courier',
    [
      'Quist grew up in Orrick.',
      'Quist wants the soup business to grow in Carrow, her new home.',
      'Quist is headquartered in Brenham.',
      'Quist, based on old family recipes, sells soup in Carrow.',
    ].join('\n\n'),
  );
  const idx = buildIndex({ articles: [profile], errors: [] });

  it('"where did she grow up" is answered by "grew up in"; "based" by "headquartered in"', () => {
    expect(answerWhere(idx, 'Where did Quist grow up?').text).toMatch(/^Orrick\b/);
    expect(answerWhere(idx, 'Where is Quist based?').text).toMatch(/^Brenham\b/);
  });
});

describe('"which … university / hospital" asks where', () => {
  const siege = md(
    'siege.md',
    'Police surround campus',
    'Coast Wire',
    'Police laid siege to the Orrin Polytechnic University in Carrow on Monday, trapping 800 students inside.',
  );
  const idx = buildIndex({ articles: [siege], errors: [] });

  it('"Which Carrow university did police lay siege to?" names the university', () => {
    expect(answerAsk(idx, 'Which Carrow university did police lay siege to?').text).toMatch(
      /^(?:Orrin )?Polytechnic University\b/,
    );
  });
});

describe('a place after a word that locates it', () => {
  const raid = md(
    'raid.md',
    'Drones strike depots',
    'Coast Wire',
    'Drones struck two fuel depots in northern Vellandia overnight, the Kestrian army said. Officials in Carrow condemned the raid.',
  );
  const idx = buildIndex({ articles: [raid], errors: [] });

  it('"in northern Vellandia" gives Vellandia as where the event was', () => {
    expect(answerWhere(idx, 'Where did the drones strike the fuel depots?').text).toMatch(/^Vellandia\b/);
  });
});

describe('/where reads a sentence that words the question otherwise, and places listed with "and"', () => {
  const ballots = md(
    'ballots.md',
    'Absentee ballots slow to return',
    'Plains Courier',
    [
      'There has been a surge in requests for absentee ballots in the area. Ballots are slow to return to the county offices in Marlow.',
      'In person voting is going strong at the Tarrow County and Wexley County Courthouses. Those who want to vote early will need identification.',
    ].join('\n\n'),
  );
  const rally = md(
    'rally.md',
    'Teachers rally',
    'State Wire',
    'People in Orrick plan an early rally in Carrow next week.',
  );
  const idx = buildIndex({ articles: [ballots, rally], errors: [] });

  it('"In person voting … at the Tarrow County and Wexley County Courthouses" answers where to vote in person', () => {
    const text = answerAsk(idx, 'Where can people vote in person early?').text ?? '';
    expect(text).toMatch(/^Tarrow County\b/);
    expect(text).toMatch(/Wexley County/);
  });
});

describe('/where reads "on X’s outskirts", also where X was taken for a first name', () => {
  const fire = md(
    'megablaze.md',
    'Megablaze under control',
    'State Wire',
    [
      'Firefighters finally had the upper hand against the vast Corran Ridge fire on Lindsey’s northwestern outskirts, which has burned for three months.',
      'This weekend, Lindsey will host a charity concert for the fire service.',
    ].join('\n\n'),
  );
  const idx = buildIndex({ articles: [fire], errors: [] });

  it('"the Corran Ridge fire on Lindsey’s northwestern outskirts" is in Lindsey', () => {
    expect(answerWhere(idx, 'Where is the Corran Ridge fire burning?').text).toMatch(/^Lindsey\b/);
  });
});
