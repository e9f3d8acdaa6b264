import { describe, expect, it } from 'vitest';

import { isHonorificOnly } from '../../src/index/tables/entities-roles.js';
import { extractEntities } from '../../src/index/tables/entities.js';
import type { Entity } from '../../src/index/tables/types.js';
import { article } from './fixtures.js';

const roleTexts = (entities: Entity[], name: string): string[] =>
  (entities.find((e) => e.name === name)?.roles ?? []).map((r) => r.text);

// Sentences written for these tests: newswriting's ways of saying who someone is.
const markets = article(
  'markets',
  [
    'Shares in Harbour Foods fell 4 percent on Tuesday after the company cut its forecast.',
    'Nadia Ferreira, equity strategist at Kestrel Partners, said the cut had been expected.',
    '“Investors were ready for it,” said Tomas Lindqvist, a market analyst with the brokerage Halden Securities, in a note.',
    'Home Secretary Oliver Penhale declined to comment on the company’s contracts.',
    '“We will not add to that,” said Rosa Delgado, the deputy White House communications director.',
  ].join('\n'),
  '2024-03-05',
);

const town = article(
  'town',
  [
    'The flood reached the old quarter of Eastport overnight.',
    'The mayor of Eastport, Linda Marsh, thanked the volunteers who filled sandbags.',
    'The bishop, Anselm Okoro, opened the cathedral to families who had lost their homes.',
    'Erik Halvorsen watched the river rise from his office.',
    'Mr. Halvorsen, a senior fellow at the Dunmore Institute, said the defences had held for a decade.',
    'After meeting the governor, Paul Whitcombe flew back to the capital.',
    'Grace Adeyemi is the chief executive of Brightwater Energy, which owns the dam.',
    'Inspectors spoke to another engineer, Samuel Brandt, who is the Harbour Authority flood expert.',
    'Samuel Brandt was a head taller than the men beside him.',
    'Last month Treasury Department official Helen Mbeki visited the site.',
    'Democratic counsel Arthur Lindgren questioned the engineers.',
    'Oregon State Forest Ranger Supervisor Daniel Whitfield said the trail would stay closed.',
    'County Fire Chief Supervisor Karen Holloway said crews worked through the night.',
    'Trade policy chief Marta Kowalczyk of the European Commission promised aid.',
    'Prime Minister Alan Petrie of New Zealand sent a message.',
    'Wiremu Tane, a respected elder of the Ngati Awa tribe, blessed the site.',
    'The agency will pay, according to its head, Ingrid Solberg.',
  ].join('\n'),
  '2024-03-06',
);

describe('roles in the ways news states them', () => {
  const entities = extractEntities([markets, town]);

  it('an appositive with no article: "NAME, equity strategist at ORG,"', () => {
    expect(roleTexts(entities, 'Nadia Ferreira')).toContain('equity strategist at Kestrel Partners');
  });

  it('a role whose first word could be a verb: "a market analyst with …"', () => {
    expect(roleTexts(entities, 'Tomas Lindqvist').join(' ')).toContain('market analyst');
  });

  it('keeps the modifier of a title that opens the sentence: "Home Secretary NAME"', () => {
    expect(roleTexts(entities, 'Oliver Penhale')).toContain('Home Secretary');
  });

  it('an organisation inside a lowercase role is not another name: "deputy White House … director"', () => {
    expect(roleTexts(entities, 'Rosa Delgado')).toContain('deputy White House communications director');
  });

  it('a role before the name set off by commas: "The mayor of PLACE, NAME,", "The bishop, NAME,"', () => {
    expect(roleTexts(entities, 'Linda Marsh')).toContain('mayor of Eastport');
    expect(roleTexts(entities, 'Anselm Okoro')).toContain('bishop');
    // …but not for the subject of the main clause after an introductory phrase.
    expect(roleTexts(entities, 'Paul Whitcombe')).toEqual([]);
  });

  it("a role before the name after an opening phrase, a possessive, or an organisation's name", () => {
    const found = extractEntities([
      article(
        'union',
        [
          'In a statement, the union’s president, Rudo Makoni, said doctors were exposed.',
          'In a letter, ZHMA chairman, Tendai Wushe said the wards were full.',
          'Its chief executive, Mara Quell, declined to comment.',
          'Inspectors spoke to a nurse, Ada Voss, at the gate.',
        ].join('\n'),
        '2020-03-23',
      ),
    ]);
    expect(roleTexts(found, 'Rudo Makoni')).toContain('union’s president');
    expect(roleTexts(found, 'Tendai Wushe')).toContain('ZHMA chairman');
    expect(roleTexts(found, 'Mara Quell')).toContain('chief executive');
  });

  it('degrees after a name are passed over; "NAME of ORG" says whom someone is with', () => {
    const found = extractEntities([
      article(
        'lab',
        [
          'The scientists were led by Michael Shadlen, Ph.D., of Columbia University’s Zuckerman Institute.',
          'Jane Roe, MD, a surgeon at Mercy Hospital, agreed. The report came from Patrick Liu of Victoria Hospital.',
          'Martin Taylor of Aberdeenshire fell ill.',
        ].join('\n'),
        '2017-07-27',
      ),
    ]);
    expect(roleTexts(found, 'Michael Shadlen')).toEqual(['of Columbia University’s Zuckerman Institute']);
    expect(roleTexts(found, 'Jane Roe')).toEqual(['surgeon at Mercy Hospital']);
    expect(roleTexts(found, 'Patrick Liu')).toEqual(['of Victoria Hospital']);
    // A place is where someone lives, not whom they are with.
    expect(roleTexts(found, 'Martin Taylor')).toEqual([]);
    expect(found.some((e) => e.name === 'MD')).toBe(false);
  });

  it('a post given to the object of an appointing verb: "to have NAME, …, as our new President and CEO"', () => {
    const found = extractEntities([
      article(
        'post',
        [
          'Experience is thrilled to have Junior Gaspard, long time ExpApper, as our new President and CEO.',
          'Last week the board named Ada Voss as chief executive.',
          'She met Paul Ruiz as a child.',
        ].join('\n'),
        '2019-11-18',
      ),
    ]);
    expect(roleTexts(found, 'Junior Gaspard')).toEqual(['President and CEO']);
    expect(roleTexts(found, 'Ada Voss')).toEqual(['chief executive']);
    expect(roleTexts(found, 'Paul Ruiz')).toEqual([]);
  });

  it('a post after an epithet and a possessive, and a title of several capitalised words', () => {
    const found = extractEntities([
      article(
        'hire',
        [
          'Brightline, an advertising exchange, is adding mobile marketing pioneer Ivo Kastner as the company’s first Chief Strategy Officer.',
          '“It is an exciting time to join,” said Lena Falk, Brightline’s new Chief Marketing Officer.',
          '“We are glad,” said Prime Minister Oskar Dahl.',
        ].join('\n'),
        '2019-11-18',
      ),
    ]);
    expect(roleTexts(found, 'Ivo Kastner')).toContain('Chief Strategy Officer');
    expect(roleTexts(found, 'Lena Falk')).toEqual(['Brightline’s new Chief Marketing Officer']);
    // A title followed by a name is that name's title, not the speaker's.
    expect(roleTexts(found, 'Oskar Dahl')).toEqual(['Prime Minister']);
  });

  it('a role stated with "is the": "NAME is the ROLE of ORG", "NAME, who is the … expert"', () => {
    expect(roleTexts(entities, 'Grace Adeyemi')).toContain('chief executive of Brightwater Energy');
    // "was a head taller" is no role.
    expect(roleTexts(entities, 'Samuel Brandt')).toEqual(['Harbour Authority flood expert']);
  });

  it('a title chain keeps its organisation and stops at a date: "Last month Treasury Department official NAME"', () => {
    expect(roleTexts(entities, 'Helen Mbeki')).toEqual(['Treasury Department official']);
  });

  it('a role noun outside the title list before the name: "Democratic counsel NAME"', () => {
    expect(roleTexts(entities, 'Arthur Lindgren')).toContain('Democratic counsel');
  });

  it('a chain of capitalised role words keeps the name apart: "… Ranger Supervisor NAME"', () => {
    expect(roleTexts(entities, 'Daniel Whitfield')).toEqual(['Oregon State Forest Ranger Supervisor']);
    expect(roleTexts(entities, 'Karen Holloway')).toEqual(['County Fire Chief Supervisor']);
  });

  it('the organisation after the name belongs to the title before it: "… chief NAME of the ORG"', () => {
    expect(roleTexts(entities, 'Marta Kowalczyk')).toEqual(['Trade policy chief of the European Commission']);
    expect(roleTexts(entities, 'Alan Petrie')).toEqual(['Prime Minister of New Zealand']);
    expect(entities.find((e) => e.name.startsWith('Alan Petrie'))?.name).toBe('Alan Petrie');
  });

  it('an -ed adjective after an article opens a role; a bare relation ("its head") is none', () => {
    expect(roleTexts(entities, 'Wiremu Tane')).toEqual(['respected elder of the Ngati Awa tribe']);
    expect(roleTexts(entities, 'Ingrid Solberg')).toEqual([]);
  });

  it('an honorific is never a role; the short form "Mr. NAME" takes the role after it', () => {
    const roles = roleTexts(entities, 'Erik Halvorsen');
    expect(roles).toContain('senior fellow at the Dunmore Institute');
    expect(roles.filter(isHonorificOnly)).toEqual([]);
  });
});

describe('a role opened by a possessive name', () => {
  it('"… ,” Norway’s chief inspector of public buildings, NAME, said"', () => {
    const quote = article(
      'inspector',
      '“The walls are not safe,” Norway’s chief inspector of public buildings, Ola Brekke-Lund, said on Tuesday.',
      '2024-03-05',
    );
    expect(roleTexts(extractEntities([quote]), 'Ola Brekke-Lund')).toEqual([
      'chief inspector of public buildings',
    ]);
  });
});

describe('a post given with an appointment verb and "as"', () => {
  const club = article(
    'club',
    [
      'Marta Silva has agreed a deal to replace Joan Pell as Harbour United’s manager until 2026.',
      'Rui Costa was named as the new chief executive of Harbour Energy on Monday.',
      'Ana Lima ate lunch with Tom Hale as the rain began.',
    ].join('\n'),
    '2024-03-05',
  );
  const entities = extractEntities([club]);

  it('"NAME … to replace OTHER as ORG’s manager": the subject gets the post', () => {
    expect(roleTexts(entities, 'Marta Silva')).toEqual(['Harbour United’s manager']);
    expect(roleTexts(entities, 'Rui Costa')).toEqual(['chief executive']);
  });

  it('"as" without an appointment verb gives no post', () => {
    expect(roleTexts(entities, 'Ana Lima')).toEqual([]);
  });
});

describe('a first name that is also a function word', () => {
  const debate = article(
    'debate',
    [
      '“It was an attempt to mislead voters,’’ Will Moy, chief executive of the watchdog Clear Facts, said on Wednesday.',
      'Will the council meet again? Nobody could say.',
    ].join('\n'),
    '2024-03-05',
  );
  const entities = extractEntities([debate]);

  it('"…,’’ Will Moy, chief executive of …": a person with that role', () => {
    expect(roleTexts(entities, 'Will Moy')).toEqual(['chief executive of the watchdog Clear Facts']);
  });

  it('"Will" opening a question is not a name', () => {
    expect(entities.some((e) => e.name.startsWith('Will ') && e.name !== 'Will Moy')).toBe(false);
  });
});

describe('isHonorificOnly', () => {
  it('tells forms of address from roles', () => {
    expect(isHonorificOnly('Mr.')).toBe(true);
    expect(isHonorificOnly('Dr')).toBe(true);
    expect(isHonorificOnly('Mrs.')).toBe(true);
    expect(isHonorificOnly('Director')).toBe(false);
    expect(isHonorificOnly('senior fellow')).toBe(false);
  });
});

describe('roles said in other ways news uses', () => {
  const lab = article(
    'lab',
    [
      'Marta Okonkwo, an immunologist at the University of Larkspur, led the study.',
      'The results surprised Tobias Renn, a physiologist at Halden Medical School.',
      'Inspectors met Ines Carvalho, a statistician for the county, on Monday.',
      'Dana Whitlock, who heads the Alliance for Coastal Fisheries, called the rules a mistake.',
      'Piers Aldana, who runs a bakery on the quay, said trade was slow.',
      'Lena Kovac, best known for creating the Harbour Lights series, will direct the film.',
      'In a long interview, NBC’s Elena Farrow pressed the minister on the figures.',
      'Nobody would assist Karl Mertens, who owned the old mill.',
    ].join('\n'),
    '2024-04-02',
  );
  const entities = extractEntities([lab]);

  it('a noun for what someone studies or does, in no lexicon: "an immunologist at ORG"', () => {
    expect(roleTexts(entities, 'Marta Okonkwo')).toContain('immunologist at the University of Larkspur');
    expect(roleTexts(entities, 'Tobias Renn')).toContain('physiologist at Halden Medical School');
    expect(roleTexts(entities, 'Ines Carvalho').join(' ')).toContain('statistician');
  });

  it('"who heads ORG" is the head of it; a clause naming no organisation is no role', () => {
    expect(roleTexts(entities, 'Dana Whitlock')).toContain('head of the Alliance for Coastal Fisheries');
    expect(roleTexts(entities, 'Piers Aldana')).toEqual([]);
  });

  it('"best known for …" describes the person', () => {
    expect(roleTexts(entities, 'Lena Kovac')).toContain('best known for creating the Harbour Lights series');
  });

  it('"ORG’s NAME": the organisation they work for', () => {
    expect(roleTexts(entities, 'Elena Farrow')).toContain('NBC');
  });
});

describe('a position abbreviated before a name', () => {
  it('"Browns DL Sheldon Hart": the team and position are the role, not part of the name', () => {
    const game = article(
      'game',
      'On Monday, Browns DL Sheldon Hart weighed in on the fight, and Steelers QB Mason Ruddle said nothing.',
      '2019-11-18',
    );
    const entities = extractEntities([game]);
    expect(entities.map((e) => e.name)).toEqual(expect.arrayContaining(['Sheldon Hart', 'Mason Ruddle']));
    expect(roleTexts(entities, 'Sheldon Hart')).toContain('Browns DL');
    expect(roleTexts(entities, 'Mason Ruddle')).toContain('Steelers QB');
  });
});

describe('a title abbreviated with a full stop before a name', () => {
  it('"Velmont Gov. Rena Tolliver": the state and title are the role, not part of the name', () => {
    const state = article(
      'state',
      'Velmont Gov. Rena Tolliver said on Monday that the plan would work. Police Sgt. Omar Bexley agreed, and so did Lt. Gov. Dana Pruitt. North Velmont Gov. Ada Quill did not.',
      '2019-11-18',
    );
    const entities = extractEntities([state]);
    expect(entities.map((e) => e.name)).toEqual(
      expect.arrayContaining(['Rena Tolliver', 'Omar Bexley', 'Dana Pruitt', 'Ada Quill']),
    );
    expect(roleTexts(entities, 'Rena Tolliver')).toContain('Velmont Gov.');
    expect(roleTexts(entities, 'Omar Bexley')).toContain('Police Sgt.');
    expect(roleTexts(entities, 'Dana Pruitt')).toContain('Lt. Gov.');
    // A two-word place opening the sentence stays whole before the title.
    expect(roleTexts(entities, 'Ada Quill')).toContain('North Velmont Gov.');
  });
});

describe('an appositive name that belongs to an organisation', () => {
  it('"Velmont’s incumbent president, Lin Shu-fen of the Harbour party, …" is a person with that role', () => {
    const vote = article(
      'vote',
      'The crisis has boosted the prospects of Velmont’s incumbent president, Lin Shu-fen of the Harbour Progressive party, in the January elections.',
      '2019-11-18',
    );
    const entities = extractEntities([vote]);
    expect(entities.map((e) => e.name)).toContain('Lin Shu-fen');
    expect(roleTexts(entities, 'Lin Shu-fen').join(' ')).toMatch(/\bpresident\b/);
  });
});

describe('a lowercase noun for a person right before a name', () => {
  it('"says certified financial planner Eric Rowan": what they do is their role', () => {
    const money = article(
      'money',
      'You can only cut costs so far, says certified financial planner Eric Rowan. The firm also hired marketing pioneer Ivo Bralic.',
      '2019-11-18',
    );
    const entities = extractEntities([money]);
    expect(roleTexts(entities, 'Eric Rowan')).toContain('financial planner');
    expect(roleTexts(entities, 'Ivo Bralic').join(' ')).toMatch(/\bpioneer\b/);
  });
});

describe('a team position before a name', () => {
  it('"Harbour keeper Tavi Orrantia", "Owls linebacker Dale Rusk": the position is the role', () => {
    const game = article(
      'game',
      'Carrow paid a record fee for Harbour keeper Tavi Orrantia, and Owls linebacker Dale Rusk had two interceptions. The fight led to suspensions for Owls pass rusher Ivo Brant.',
      '2019-11-18',
    );
    const entities = extractEntities([game]);
    expect(roleTexts(entities, 'Tavi Orrantia')).toContain('Harbour keeper');
    expect(roleTexts(entities, 'Dale Rusk')).toContain('Owls linebacker');
    expect(roleTexts(entities, 'Ivo Brant')).toContain('Owls pass rusher');
  });
});

describe('a role serving a place written with "the"', () => {
  it('"former ambassador to the Ukraine Marta Vell": the role keeps whom it serves', () => {
    const hearing = article(
      'hearing',
      'On Friday, former ambassador to the Ukraine Marta Vell testified before the committee.',
      '2019-11-18',
    );
    const entities = extractEntities([hearing]);
    expect(entities.map((e) => e.name)).toContain('Marta Vell');
    expect(roleTexts(entities, 'Marta Vell')).toContain('former ambassador to the Ukraine');
  });
});

describe('offices written before a name', () => {
  it('"Agency Administrator NAME", "Democratic lawmaker NAME": the office is a title, not part of the name', () => {
    const found = extractEntities([
      article(
        'offices',
        [
          '“Companies of all sizes are joining,” Orbital Agency Administrator Jana Keller said in a statement.',
          'Democratic lawmaker Ruth Okoye asked for the report, and County Auditor Piet Vos agreed.',
        ].join('\n'),
        '2019-11-18',
      ),
    ]);
    expect(roleTexts(found, 'Jana Keller')).toEqual(['Orbital Agency Administrator']);
    expect(roleTexts(found, 'Ruth Okoye')).toEqual(['Democratic lawmaker']);
    expect(roleTexts(found, 'Piet Vos')).toEqual(['County Auditor']);
  });
});

describe('a role in a relative clause without its comma', () => {
  it('"said NAME who is the … manager" gives the role; "who was a head taller" does not', () => {
    const found = extractEntities([
      article(
        'marina',
        [
          '"It will be a nice resort," said Lena Morrow who is the Lake Tarrow concessions manager.',
          'Piet Vos who was a head taller than the others stayed behind.',
        ].join('\n'),
        '2023-11-09',
      ),
    ]);
    expect(roleTexts(found, 'Lena Morrow')).toEqual(['Lake Tarrow concessions manager']);
    expect(roleTexts(found, 'Piet Vos')).toEqual([]);
  });
});

describe('a person named as one of a group', () => {
  it('"the Tennis Podcast team of NAME" gives the group; a group with no name gives nothing', () => {
    const found = extractEntities([
      article(
        'podcast',
        [
          'The Court Report podcast team of Mara Quill, Tom Berrow and Dev Lang review the opening day.',
          'Fans cheered the husband-and-wife team of Ann Sorel and Bo Sorel on Sunday.',
        ].join('\n'),
        '2019-11-19',
      ),
    ]);
    expect(roleTexts(found, 'Mara Quill')).toEqual(['Court Report podcast team']);
    expect(roleTexts(found, 'Ann Sorel')).toEqual([]);
  });
});

describe('a person named as who makes something, in the passive', () => {
  it('"X is written by NAME" gives "writer of X"; "It is written by" gives nothing', () => {
    const found = extractEntities([
      article(
        'column',
        [
          'Dear Mabel is written by Clara Voss, also known as Jean Arlo.',
          'The show is hosted by Ana Ruiz. It is written by Bo Lind.',
        ].join('\n'),
        '2019-11-19',
      ),
    ]);
    expect(roleTexts(found, 'Clara Voss')).toContain('writer of Dear Mabel');
    expect(roleTexts(found, 'Ana Ruiz')).toEqual(['host of the show']);
    expect(roleTexts(found, 'Bo Lind')).toEqual([]);
  });

  it('"a wealthy hotelier", "the billionaire investor": how news describes people by business', () => {
    const found = extractEntities([
      article(
        'tycoons',
        [
          'Gordon Halvorsen spoke to reporters on Monday.',
          'Halvorsen, a wealthy hotelier, said the deal was done.',
          'Mira Castellane also backed the plan. Castellane is the billionaire investor who bought the club last year.',
        ].join('\n'),
      ),
    ]);
    expect(roleTexts(found, 'Gordon Halvorsen')).toContain('wealthy hotelier');
    expect(roleTexts(found, 'Mira Castellane')).toContain('billionaire investor');
  });

  it('keeps a surname that ends in a word ("Cooperman") whole beside another article\'s "Cooper"', () => {
    const found = extractEntities([
      article(
        'rally',
        'Math teacher Angela Cooper said she left at 4:30 a.m. for the rally. Cooper said pay was low.',
      ),
      article(
        'fund',
        [
          'New Media investor Leon Cooperman blasted the payout.',
          '“We are happy to be rid of them,” Cooperman said. (Cooperman is the billionaire investor who runs the fund.)',
        ].join('\n'),
      ),
    ]);
    const people = found.filter((e) => e.kind === 'person' && /cooper/i.test(e.name)).map((e) => e.name);
    expect(people.sort()).toEqual(['Angela Cooper', 'Leon Cooperman']);
    expect(roleTexts(found, 'Leon Cooperman')).toContain('billionaire investor');
  });

  it('a title after a noun for a work ("their work Starry Night") is no person', () => {
    const found = extractEntities([
      article(
        'festival',
        "Ivana Jelic and Pavle Petrovic (Serbia) found inspiration for their work Starry Night in Van Gogh's famous painting of the same name. With the installation Starry Night, the Serbian duo draws attention to light pollution.",
      ),
    ]);
    const people = found.filter((e) => e.kind === 'person').map((e) => e.name);
    expect(people).toEqual(expect.arrayContaining(['Ivana Jelic', 'Pavle Petrovic']));
    expect(people).not.toContain('Starry Night');
  });

  it('two roles joined by "and" before a name are both theirs, not after "the" (two people)', () => {
    const found = extractEntities([
      article(
        'titles',
        [
          'Apple chairman and chief executive Tim Cook said on Monday the deal was done.',
          'Union president and actress Fran Drescher told reporters the strike would go on.',
          'The mayor and police chief John Smith met on Monday.',
          'Marlow County Auditor and County Election Commissioner Dana Pruitt said turnout was high.',
          'The mayor and Police Chief Ray Tolland met on Tuesday.',
        ].join('\n'),
      ),
    ]);
    expect(roleTexts(found, 'Tim Cook')).toEqual(['Apple chairman', 'chief executive']);
    expect(roleTexts(found, 'Fran Drescher')).toEqual(['Union president', 'actress']);
    expect(roleTexts(found, 'John Smith')).toEqual(['police chief']);
    // The same with capitalised titles, which make one run with the name.
    expect(roleTexts(found, 'Dana Pruitt')).toEqual([
      'Marlow County Auditor',
      'County Election Commissioner',
    ]);
    expect(roleTexts(found, 'Ray Tolland')).toEqual(['Police Chief']);
  });

  it('a quoted title of a work is part of the role before a name ("“The Nanny” star")', () => {
    const found = extractEntities([
      article(
        'screen',
        [
          '“It is about profit,” Actors Guild President and “The Harbour” star Nora Quill told reporters.',
          'The premiere drew "Game of Thrones" actor Kit Harlow and the CNN anchor Jake Torres.',
        ].join('\n'),
      ),
    ]);
    expect(roleTexts(found, 'Nora Quill')).toEqual(['Actors Guild President', '“The Harbour” star']);
    expect(roleTexts(found, 'Kit Harlow')).toEqual(['"Game of Thrones" actor']);
    expect(roleTexts(found, 'Jake Torres')).toEqual(['CNN anchor']);
  });

  it('a lowercase role before a capitalised title is theirs too: "U.S. Marshals spokesman Inspector Y"', () => {
    const found = extractEntities([
      article(
        'arrest',
        'Agents took the player into custody on Monday, Harbour Police spokesman Inspector Frank Lemke told reporters.',
      ),
    ]);
    expect(roleTexts(found, 'Frank Lemke')).toEqual(['Harbour Police spokesman', 'Inspector']);
  });

  it('members of parliament are titled "MP", and "the MP for Newcastle Central" names a seat, not a person', () => {
    const found = extractEntities([
      article(
        'mps',
        [
          'Chi Onwurah, the Labour MP for Newcastle Central, said the report showed a crisis.',
          'Labour MP Dana Wrey agreed, and Jane Roe, the Senator for Harbour Central, did not.',
        ].join('\n'),
      ),
    ]);
    expect(roleTexts(found, 'Chi Onwurah')).toEqual(['Labour MP for Newcastle Central']);
    expect(roleTexts(found, 'Dana Wrey')).toEqual(['Labour MP']);
    expect(found.filter((e) => e.kind === 'person').map((e) => e.name)).not.toContain('Central');
  });
});
