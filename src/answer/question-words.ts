/**
 * A question's lower-case words parted into the nouns of its noun phrases and its verbs, from how
 * English questions are built: after the auxiliary comes the subject, whose phrase ends on the verb
 * ("did Hong Kong police trap …", "does the Clymer workshop manual cost"); a relative word is followed
 * by one ("the hunter who caught …"); a second auxiliary by one ("had Coty's stock been falling");
 * and with a form of "be" first, a participle ends the question's own clause ("was the hunter with
 * bubonic plague hospitalized"). A determiner or a preposition opens a noun phrase.
 *
 * The nouns are what a question is about, worded alike in the articles; the verbs what happened,
 * which the articles often word otherwise ("lose" for "a loss of") but which tell one event of a
 * story from another ("hospitalized in Huade" against "killed a rabbit in China").
 */
import { words } from '../index/terms.js';

const CAPITALISED = /^\p{Lu}/u;
const DIGIT = /\d/;
/** Determiners and possessives: they open a noun phrase. */
const DETERMINER = new Set(
  `the a an his her their its our my your this these those each every some any another other`.split(/\s+/),
);
/** Prepositions: they open a noun phrase too, but not one that ends a subject ("the man with …"). */
const PREPOSITION = new Set(
  `of in on at for with from about by into inside outside near over under after before during between
  per across against among around behind beyond through toward towards within without`.split(/\s+/),
);
/** Words that follow a verb without being a noun or a verb: "grow up", "play next". */
const PARTICLE = new Set(
  `up down out off away back over next first again home there together now then later today tonight
  yesterday`.split(/\s+/),
);
/** Auxiliaries: after one, a question's subject, then its verb ("did the police find …"). */
const AUXILIARY = new Set(
  `is are was were be been being do does did have has had will would can could should may might must`.split(
    /\s+/,
  ),
);
const BE = new Set(['is', 'are', 'was', 'were']);
/** A pronoun is a whole subject: the word after it is its verb ("did it take …", "does she live"). */
const PRONOUN = new Set(['it', 'he', 'she', 'they', 'we', 'you', 'i']);
/** Words after which a verb comes: "the hunter who caught …". */
const RELATIVE = new Set(['who', 'which', 'that', 'whose']);
const PARTICIPLE = /(?:ed|en)$/;
const PARTICIPLE_OR_GERUND = /(?:ed|ing)$/;

export interface QuestionWords {
  /** The lower-case words of its noun phrases, in order. */
  nouns: string[];
  /** Its verbs, in order. */
  verbs: string[];
}

const PLURAL = /s$/;

/** Two words, neither after a determiner, the second no plural: a bare subject and its verb. */
function bareSubjectAndVerb(run: { word: string; determined: boolean }[]): boolean {
  return run.length === 2 && !run[0]!.determined && !run[1]!.determined && !PLURAL.test(run[1]!.word);
}

export function questionWords(topic: string): QuestionWords {
  /** Each lower-case word read into a phrase, with whether a determiner stood right before it. */
  const out: { word: string; determined: boolean }[] = [];
  const verbs: string[] = [];
  let run: { word: string; determined: boolean }[] = [];
  /** The auxiliary before the subject now read ("be" forms take a participle, others a bare verb). */
  let subjectOf: string | undefined;
  let firstAuxiliary: string | undefined;
  let verbNext = false;
  let afterDeterminer = false;
  /** Whether a word of the subject was read yet, and whether the subject opened on a name. */
  let subjectSeen = false;
  let namedSubject = false;
  const flush = () => {
    if (subjectOf !== undefined && run.length > 0) {
      // The subject's phrase ends on its verb: "police trap", "the … manual cost", "Europa releasing"
      // (after the verb, maybe a particle: "grow up").
      let end = run.length - 1;
      while (end > 0 && PARTICLE.has(run[end]!.word.toLowerCase())) end--;
      if (!BE.has(subjectOf) || PARTICIPLE_OR_GERUND.test(run[end]!.word))
        verbs.push(run.splice(end, 1)[0]!.word);
      subjectOf = undefined;
    }
    out.push(...run);
    run = [];
  };
  let infinitive = false;
  for (const w of words(topic)) {
    const lower = w.toLowerCase();
    const determined = afterDeterminer;
    afterDeterminer = false;
    const afterTo = infinitive;
    infinitive = false;
    if (CAPITALISED.test(w) || DIGIT.test(w)) {
      // A name, a year: "the Doobie Brothers". One right after the auxiliary opens the subject.
      if (subjectOf !== undefined && !subjectSeen) namedSubject = true;
      subjectSeen = true;
      continue;
    }
    if (subjectOf !== undefined && !AUXILIARY.has(lower)) subjectSeen = true;
    if (AUXILIARY.has(lower)) {
      if (subjectOf !== undefined) {
        // "had Coty's stock been falling": the subject ended on a noun; a verb follows this one.
        subjectOf = undefined;
        flush();
        verbNext = true;
      } else {
        flush();
        // Only the question's first auxiliary has the subject after it.
        if (firstAuxiliary === undefined) {
          subjectOf = lower;
          subjectSeen = false;
          namedSubject = false;
        }
      }
      firstAuxiliary ??= lower;
      continue;
    }
    if (lower === 'and' || lower === 'or') continue; // "solar research and development"
    if (subjectOf !== undefined && run.length === 0 && !determined && PRONOUN.has(lower)) {
      subjectOf = undefined;
      verbNext = true;
      continue;
    }
    if (lower === 'to') {
      // "… take to build": an infinitive's verb; "to the hospital" opens a noun phrase (below).
      infinitive = true;
      continue;
    }
    if (RELATIVE.has(lower)) {
      flush();
      verbNext = true;
      continue;
    }
    if (DETERMINER.has(lower) || PREPOSITION.has(lower)) {
      // A preposition does not end the subject of "does" or "did": "does the man with … lung live".
      // But after a bare name one word is its verb: "will South Korea invest in …"; so is the second
      // of two bare words, unless it is a plural, a noun of the subject: "can people vote in …"
      // against "did police officers in …".
      const inSubject =
        subjectOf !== undefined &&
        (run.length === 0 ||
          (!BE.has(subjectOf) &&
            PREPOSITION.has(lower) &&
            !(namedSubject && run.length === 1) &&
            !bareSubjectAndVerb(run)));
      if (!inSubject) flush();
      afterDeterminer = DETERMINER.has(lower);
      continue;
    }
    if (afterTo && !AUXILIARY.has(lower)) {
      verbs.push(w);
      continue;
    }
    if (verbNext) {
      // The verb; a bare object may follow it ("who caught bubonic plague").
      verbNext = false;
      verbs.push(w);
      continue;
    }
    run.push({ word: w, determined });
  }
  flush();
  // "Where was the hunter with bubonic plague hospitalized?": with "be" first and no verb yet, the
  // last participle that no determiner makes a modifier ("the kidnapped girl") is the verb.
  if (firstAuxiliary !== undefined && BE.has(firstAuxiliary) && verbs.length === 0) {
    for (let i = out.length - 1; i >= 0; i--) {
      if (PARTICIPLE.test(out[i]!.word) && !out[i]!.determined) {
        verbs.push(out.splice(i, 1)[0]!.word);
        break;
      }
    }
  }
  return { nouns: out.map((x) => x.word).filter((w) => !PARTICLE.has(w.toLowerCase())), verbs };
}
