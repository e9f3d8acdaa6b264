/**
 * The `name:value` words of a typed line (`since:2022`, `outlet:"New York Times"`, `until: last`,
 * `replace:true`), read the same way by the engine's line parser (parse.ts) and the playground
 * page's (src/playground/web/line.ts, bundled for the browser: this file imports nothing).
 */

/** A word that names an option: `since:2022`, `outlet:"New York Times"`, `until:` (value next). */
const NAMED_WORD = /^([a-z]+):(.*)$/i;
const OPENING_QUOTE: Record<string, string> = { '"': '"', '“': '”', "'": "'" };

/**
 * Takes the words naming one of `names` out of `words` (in place) and returns them with their
 * values, in order. A value may follow its name as the next word, and one in quotes may hold
 * spaces (`until:"last week"`); each word is looked at once. Other `x:y` words (a link, a time) stay.
 */
export function takeNamedWords(
  words: string[],
  names: ReadonlySet<string>,
): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  if (names.size === 0) return out;
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = NAMED_WORD.exec(words[i]!);
    const name = m?.[1]!.toLowerCase();
    if (!m || !name || !names.has(name)) {
      kept.push(words[i]!);
      continue;
    }
    let value = m[2]!;
    if (value === '' && i + 1 < words.length) value = words[++i]!;
    const close = OPENING_QUOTE[value[0] ?? ''];
    if (close) {
      value = value.slice(1);
      while (!value.endsWith(close) && i + 1 < words.length) value += ' ' + words[++i]!;
      if (value.endsWith(close)) value = value.slice(0, -1);
    }
    out.push({ name, value });
  }
  words.splice(0, words.length, ...kept);
  return out;
}

const TRUE_WORD = /^(?:true|yes|on|1)$/i;
const FALSE_WORD = /^(?:false|no|off|0)$/i;

/** A true/false option's value: true, false, or undefined for a word that is neither. */
export function flagValue(value: string): boolean | undefined {
  if (TRUE_WORD.test(value)) return true;
  if (FALSE_WORD.test(value)) return false;
  return undefined;
}
