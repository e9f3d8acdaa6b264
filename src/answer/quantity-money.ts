/**
 * What a sum of money is for, by the words news uses for it (quantity.ts holds a sum to the words of
 * its question's family).
 */
import { words } from '../index/terms.js';
import { matchesOf } from '../corpus/text.js';
import type { Found } from './quantity-figures.js';

/**
 * What a sum of money is for, by the words news uses for it: a question about a salary is answered
 * by a sentence about pay or earnings, not by one about a net worth. (A price is asked and told in
 * too many ways, "$6.99-a-month service", to hold "cost" to a word.)
 */
const MONEY_FAMILIES: string[][] = [
  // What was paid for something: "paid", "bought … for", "acquired … for", "a deal worth".
  [
    'pay',
    'pays',
    'paid',
    'paying',
    'payment',
    'payments',
    'buy',
    'buys',
    'bought',
    'buying',
    'purchase',
    'purchased',
    'acquire',
    'acquired',
    'acquisition',
    'deal',
    'sold',
    'sale',
    'stake',
    // "paid the £71.6million fee": a fee is what was paid.
    'fee',
    'fees',
  ],
  ['salary', 'salaries', 'wage', 'wages', 'earn', 'earns', 'earned', 'earning', 'earnings'],
  ['invest', 'invests', 'invested', 'investing', 'investment', 'investments'],
  ['raise', 'raises', 'raised', 'raising', 'fundraising'],
  ['worth', 'value', 'values', 'valued', 'valuation'],
  ['spend', 'spends', 'spent', 'spending'],
  ['budget', 'budgets', 'budgeted'],
  ['fine', 'fined', 'fines', 'penalty', 'penalties'],
  ['owe', 'owes', 'owed', 'debt', 'debts'],
  ['commit', 'commits', 'committed', 'pledge', 'pledged', 'pledges', 'bailout', 'rescue'],
  ['tariff', 'tariffs', 'duty', 'duties'],
  ['revenue', 'revenues', 'sales', 'turnover'],
  ['profit', 'profits', 'income', 'loss', 'losses', 'lost'],
];
const MONEY_WORD = new Map<string, RegExp>();
for (const family of MONEY_FAMILIES) {
  const pattern = new RegExp(`\\b(?:${family.join('|')})\\b`, 'i');
  for (const w of family) if (!MONEY_WORD.has(w)) MONEY_WORD.set(w, pattern);
}

/**
 * Words for a price: never asked as a family (a price is asked too many ways), but a sum nearest one
 * is a price, not what another family's word further off is for ("solar module costs from around
 * $0.23/W …, helped by unspecified … investment" states no investment).
 */
const PRICE_WORDS = ['cost', 'costs', 'price', 'prices', 'priced', 'fare', 'fares'];
/** Any word of the money families or of a price, to find the one nearest a sum. */
const ANY_MONEY_WORD = new RegExp(`\\b(?:${[...MONEY_FAMILIES.flat(), ...PRICE_WORDS].join('|')})\\b`, 'gi');

/** The money word nearest a sum in its sentence (either side), if any. */
export function nearestMoneyWord(sentence: string, f: Found): string | undefined {
  let best: string | undefined;
  let gap = Infinity;
  for (const m of matchesOf(ANY_MONEY_WORD, sentence)) {
    const at = m.index ?? 0;
    const d = at >= f.end ? at - f.end : Math.max(0, f.start - (at + m[0].length));
    if (d < gap) [gap, best] = [d, m[0]];
  }
  return best;
}

/** The words a sentence must hold to state the sum a question asks for, if its wording says which. */
export function moneyWordsOf(topic: string): RegExp | undefined {
  const patterns = new Set<RegExp>();
  for (const w of words(topic)) {
    const pattern = MONEY_WORD.get(w.toLowerCase());
    if (pattern) patterns.add(pattern);
  }
  // "How much revenue have the tariffs brought in": a sum of either family answers.
  if (patterns.size <= 1) return [...patterns][0];
  return new RegExp([...patterns].map((p) => p.source).join('|'), 'i');
}
