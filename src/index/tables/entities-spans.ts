/**
 * Pass 1 of entity extraction: find candidate name spans in one paragraph, with the evidence for
 * each kind and the role descriptions stated next to them. No corpus-wide decisions here; those
 * are made in `entities.ts` once every paragraph has been seen.
 */
import { groupBefore } from './entities-role-group.js';
import { agentRoleBefore } from './entities-role-agent.js';
import { type Token, plainGap, tokenize } from './entities-tokens.js';
import {
  PLACE_FOLLOWERS,
  SPEECH_VERB_SET,
  isCommonWord,
  isFirstName,
  isKnownLastName,
  isKnownOrg,
  isKnownPlace,
} from './names-lexicon.js';
import { fold } from './names.js';
import { addCompromiseVotes, tagPhrases } from './entities-compromise.js';
import {
  orgAfterName,
  roleAfter,
  roleAfterCopula,
  roleBeforeAnd,
  rolesBefore,
  roleBeforeAppositive,
} from './entities-role-phrases.js';
import { roleAsAppointed, roleAsObject } from './entities-role-appointed.js';
import { type Pending, isHeadline, runs, sentences, splitRun } from './entities-runs.js';
import {
  groupWords,
  isCredential,
  isOrgWord,
  isRoleToken,
  keyOf,
  nameish,
  phrase,
} from './entities-words.js';

export interface Votes {
  person: number;
  place: number;
  organization: number;
}

export interface Candidate {
  /** Words of the name, hyphenated words kept together ("Jean-Yves", "Le", "Drian"). */
  words: string[];
  /** Folded words joined by spaces, dots dropped ("u.s." → "us"). */
  key: string;
  /** The name as it stands in the text (titles and possessive removed). */
  surface: string;
  articleId: string;
  paragraph: number;
  /** Character offset in the paragraph (for "most recent mention" decisions). */
  offset: number;
  votes: Votes;
  roles: string[];
  /**
   * Weak candidates (a lone capitalised word starting a sentence, a word of a title-case headline,
   * one half of "Lavrov-Blingen") only join entities found elsewhere; they never found one.
   */
  weak: boolean;
}

const PLACE_PREPOSITIONS = new Set([
  'in',
  'at',
  'near',
  'from',
  'outside',
  'across',
  'into',
  'towards',
  'of',
]);

function emptyVotes(): Votes {
  return { person: 0, place: 0, organization: 0 };
}

/** Nouns for kinds of business, written right before the name of one. */
const BUSINESS_NOUNS = new Set(
  `firm company startup start-up bank agency group label fund insurer lender retailer carrier airline
  automaker carmaker manufacturer maker publisher broadcaster network studio brokerage conglomerate
  nonprofit charity chain giant`.split(/\s+/),
);

/**
 * Nouns for a work, which name its title right after them: "the film Marriage Story", "their work
 * Starry Night", "the album Folklore". A title is no person.
 */
const WORK_NOUNS = new Set(
  `film movie documentary novel book memoir biography play musical opera ballet song single album
  painting sculpture installation artwork work series sitcom podcast poem exhibition`.split(/\s+/),
);

/** Kind evidence from the words of a name and its immediate context. */
function scoreName(
  words: Token[],
  before: Token | undefined,
  after: Token | undefined,
  display: string,
): Votes {
  // compromise's votes are added later, in a batch (see Spotted).
  const v = emptyVotes();
  const key = fold(display);
  const last = words[words.length - 1]!;
  if (words.some(isOrgWord) || isKnownOrg(key)) v.organization += 4;
  if (words.length === 1 && last.acronym && !isKnownPlace(last.text)) v.organization += 2;
  if (isKnownPlace(key) || (words.length === 1 && isKnownPlace(last.text))) v.place += 3;
  if (words.length >= 2 && words.length <= 4 && isFirstName(words[0]!.text) && !words.some(isOrgWord))
    v.person += 3;
  if (words.length >= 2 && isKnownLastName(last.text)) v.person += 2;
  if (
    words.length >= 2 &&
    words.length <= 3 &&
    words.every((w) => !isCommonWord(w.norm) && !isKnownPlace(w.text) && !w.acronym && !isOrgWord(w))
  )
    v.person += 1;
  if (before && before.norm === 'the' && plainGap(words[0]!.gap)) {
    v.person -= 3;
    v.organization += 1;
  }
  // "the private equity firm Halden Capital", "tech giant Apple": a business noun names what follows.
  if (before && BUSINESS_NOUNS.has(before.norm) && plainGap(words[0]!.gap)) {
    v.organization += 3;
    v.person -= 2;
  }
  if (before && WORK_NOUNS.has(before.norm) && plainGap(words[0]!.gap)) v.person -= 4;
  if (before && PLACE_PREPOSITIONS.has(before.norm) && plainGap(words[0]!.gap)) v.place += 1;
  if (after && plainGap(after.gap) && PLACE_FOLLOWERS.has(after.norm)) v.place += 2;
  // "Gangwon Province", "Logar Province", "Harris County": a division of a country by its name.
  if (words.length >= 2 && last.norm !== 'city' && PLACE_FOLLOWERS.has(last.norm)) v.place += 3;
  if (after && plainGap(after.gap) && SPEECH_VERB_SET.has(after.norm)) v.person += 1;
  if (before && SPEECH_VERB_SET.has(before.norm) && plainGap(words[0]!.gap)) v.person += 1;
  return v;
}

/** Whether compromise's opinion of the name counts (not for a lone sentence-initial word). */
function asksCompromise(words: Token[]): boolean {
  return words.length >= 2 || !words[0]!.sentenceStart;
}

/**
 * Candidates found so far, with the evidence still to add: compromise's opinion of each name (asked
 * for in a batch by `settle`), then the place evidence that coordinated names share, which depends on
 * it. Both are additive, so deferring them gives the same votes as adding them name by name.
 */
export interface Spotted {
  cands: Candidate[];
  /** Candidates whose votes take compromise's opinion of their surface. */
  asks: Candidate[];
  /** Coordinated pairs ("Luhansk and Donetsk"), in text order. */
  pairs: [Candidate, Candidate][];
  /**
   * One string per spelling, shared by the candidates' words, surfaces and keys: clustering compares
   * and hashes them hundreds of thousands of times, which costs nothing between one string and
   * itself, and a slice no longer keeps its paragraph's text alive.
   */
  strings: Map<string, string>;
}

export function spotted(): Spotted {
  return { cands: [], asks: [], pairs: [], strings: new Map() };
}

function intern(s: string, into: Spotted): string {
  const known = into.strings.get(s);
  if (known !== undefined) return known;
  into.strings.set(s, s);
  return s;
}

/** Adds compromise's votes (tagging all the new phrases at once), then the coordination evidence. */
export function settle(s: Spotted): void {
  tagPhrases(s.asks.map((c) => c.surface));
  for (const c of s.asks) addCompromiseVotes(c.votes, c.surface);
  for (const [a, b] of s.pairs) {
    const pa = a.votes.place;
    const pb = b.votes.place;
    if (pb >= 2 && pa < pb) a.votes.place += 2;
    else if (pa >= 2 && pb < pa) b.votes.place += 2;
  }
  s.asks.length = 0;
  s.pairs.length = 0;
}

/** Finds candidate names in one paragraph, leaving the deferred evidence in `into`. */
export function spot(articleId: string, paragraph: number, text: string, into: Spotted): void {
  const tokens = tokenize(text);
  // Each token's position, for the candidates' first and last tokens: a search per candidate would
  // make a paragraph of many names quadratic.
  const position = new Map<Token, number>();
  tokens.forEach((t, i) => position.set(t, i));
  const out = into.cands;
  const sentenceCands: { cand: Candidate; iFirst: number; iLast: number }[] = [];
  for (const [s, e] of sentences(tokens)) {
    const headline = isHeadline(text, tokens, s, e);
    for (const [a, b] of runs(tokens, s, e)) {
      for (const p of splitRun(text, tokens, a, b, headline)) {
        const first = p.tokens[0]!;
        const last = p.tokens[p.tokens.length - 1]!;
        const iFirst = position.get(first) ?? -1;
        const iLast = position.get(last) ?? -1;
        const groups = groupWords(p.tokens);
        const words = groups.map((g) => intern(phrase(text, g), into));
        const surface = intern(phrase(text, p.tokens), into);
        const before = tokens[iFirst - 1];
        const after = tokens[iLast + 1];
        // "Lavrov-Blingen meeting": a hyphen compound before a common noun is two names, each weak.
        if (groups.length === 1 && groups[0]!.length > 1 && after && !after.cap && !p.titled) {
          pushHyphenHalves(groups[0]!, articleId, paragraph, into);
          // …or one double-barrelled surname ("Montoya-Lewis herself said"): weak, it joins only
          // someone the articles name in full with it.
          into.cands.push(weakWord(words[0]!, first.start, articleId, paragraph, into));
          continue;
        }
        const votes = scoreName(p.tokens, before, after, surface);
        const asks = asksCompromise(p.tokens);
        const roles = rolesAround(text, tokens, p, iFirst, iLast);
        if (p.titled || roles.length) votes.person += 3;
        const weak = p.weak || (words.length === 1 && first.sentenceStart && !p.titled && !roles.length);
        const cand: Candidate = {
          words,
          key: intern(keyOf(words), into),
          surface,
          articleId,
          paragraph,
          offset: first.start,
          votes,
          roles,
          weak,
        };
        out.push(cand);
        if (asks) into.asks.push(cand);
        sentenceCands.push({ cand, iFirst, iLast });
      }
    }
    coordinate(tokens, sentenceCands, into.pairs);
    sentenceCands.length = 0;
  }
}

/** Each name-ish half of a hyphen compound ("Lavrov-Blingen"), as a weak candidate of its own. */
function pushHyphenHalves(group: Token[], articleId: string, paragraph: number, into: Spotted): void {
  for (const t of group) {
    if (nameish(t)) into.cands.push(weakWord(intern(t.text, into), t.start, articleId, paragraph, into));
  }
}

/** One word as a weak candidate: it only joins an entity found from other spellings. */
function weakWord(
  word: string,
  offset: number,
  articleId: string,
  paragraph: number,
  into: Spotted,
): Candidate {
  return {
    words: [word],
    key: intern(keyOf([word]), into),
    surface: word,
    articleId,
    paragraph,
    offset,
    votes: emptyVotes(),
    roles: [],
    weak: true,
  };
}

/** Past the degrees written after a name ("…, Ph.D.,", "…, MD,"): where what follows them starts. */
function credentialsEnd(tokens: Token[], at: number): number {
  let k = at;
  while (tokens[k] && isCredential(tokens[k]!)) {
    k++;
    // "Ph.D." is two tokens, "Ph" and "D.".
    if (tokens[k - 1]!.norm === 'ph' && (tokens[k]?.norm === 'd.' || tokens[k]?.norm === 'd')) k++;
  }
  return k;
}

/**
 * The piece's roles: its title's (from the run), then a role stated before the name (unless titled),
 * completed by an organisation after it, then one stated after the name.
 */
function rolesAround(text: string, tokens: Token[], p: Pending, iFirst: number, iLast: number): string[] {
  const roles = [...p.roles];
  // "Winnebago County Auditor and County Election Commissioner Karla Weiss": the title before "and"
  // is the titled name's too.
  if (p.titled && roles.length === 1) {
    let k = iFirst - 1;
    while (k > 0 && tokens[k]!.cap && plainGap(tokens[k + 1]!.gap)) k--;
    const more = k < iFirst - 1 ? roleBeforeAnd(text, tokens, k + 1) : undefined;
    if (more) roles.unshift(more);
    // "U.S. Marshals spokesman Inspector Frank Lempka": a lowercase role before the title is theirs too.
    else if (k < iFirst - 1) roles.unshift(...rolesBefore(text, tokens, k + 1));
  }
  if (!p.weak && !p.titled) {
    const rb = rolesBefore(text, tokens, iFirst);
    if (rb.length) roles.push(...rb);
    else {
      // "The priest, Fidelis X, is …": the role opens the sentence, set off by commas.
      const range = roleBeforeAppositive(tokens, iFirst, iLast + 1, isRoleToken);
      if (range) roles.push(phrase(text, tokens.slice(range[0], range[1])));
      else {
        // "The Tennis Podcast team of Catherine Whitaker, …": the group they are one of.
        const group = groupBefore(text, tokens, iFirst) ?? agentRoleBefore(text, tokens, iFirst);
        if (group) roles.push(group);
      }
    }
  }
  // "Michael Shadlen, Ph.D., of …": the degree after the name is passed over.
  const after = credentialsEnd(tokens, iLast + 1);
  // "Foreign policy head Josep Borrell of the European Union": the organisation after the
  // name belongs to the title before it.
  if (roles.length === 1 && !roles[0]!.includes(' of ')) {
    const org = orgAfterName(tokens, after);
    if (org) roles[0] = `${roles[0]!} ${phrase(text, tokens.slice(org[0], org[1]))}`;
  }
  if (!p.weak) {
    const ra = roleAfter(text, tokens, after);
    if (ra) roles.push(ra);
    else {
      // "NAME is the chief executive of ORG", "NAME, who is the … expert".
      const range = roleAfterCopula(tokens, after, isRoleToken);
      if (range) roles.push(phrase(text, tokens.slice(range[0], range[1])));
      else if (p.tokens[0]!.sentenceStart) {
        // "NAME has agreed to replace OTHER as Tottenham's manager": the subject's new post.
        const post = roleAsAppointed(tokens, after, isRoleToken);
        if (post) roles.push(phrase(text, tokens.slice(post[0], post[1])));
      } else {
        // "thrilled to have NAME, long time ExpApper, as our new President and CEO".
        const post = roleAsObject(tokens, iFirst, iLast + 1, isRoleToken);
        // "Patrick Liu of Victoria Hospital", "Michael Shadlen, Ph.D., of Columbia University's …":
        // with nothing else said, the organisation someone is of.
        const org = post || roles.length > 0 ? undefined : orgAfterName(tokens, after, true);
        if (post) roles.push(phrase(text, tokens.slice(post[0], post[1])));
        else if (org) roles.push(phrase(text, tokens.slice(org[0], org[1])));
      }
    }
  }
  return roles;
}

/**
 * "Luhansk and Donetsk regions", "(Donetsk and Lukansk)": names joined by "and", "or" or a comma
 * share place evidence, so a place named next to a place is a place.
 */
function coordinate(
  tokens: Token[],
  cands: { cand: Candidate; iFirst: number; iLast: number }[],
  pairs: [Candidate, Candidate][],
): void {
  for (let i = 0; i + 1 < cands.length; i++) {
    const a = cands[i]!;
    const b = cands[i + 1]!;
    const between = Math.max(0, b.iFirst - a.iLast - 1);
    const joined =
      (between === 0 && tokens[b.iFirst]!.gap.trim() === ',') ||
      (between === 1 && (tokens[a.iLast + 1]!.norm === 'and' || tokens[a.iLast + 1]!.norm === 'or'));
    if (joined) pairs.push([a.cand, b.cand]); // the place evidence is shared in `settle`
  }
}
