/** Article ids from file names. */

/** The extension at the end of a path, possibly a bare dot (`name.`). */
const TRAILING_EXTENSION = /\.[^./\\]*$/;
/** Combining marks, left apart from their letters by NFKD ("é" → "e" + U+0301). */
const COMBINING_MARK = /\p{M}/gu;
const NON_ALPHANUMERIC_RUN = /[^\p{L}\p{N}]+/gu;
const EDGE_HYPHENS = /^-+|-+$/g;
/** A non-empty extension at the end of a path, captured with its dot. */
const EXTENSION = /(\.[^./\\]+)$/;

/**
 * `Epoch Times: Macron & Putin.md` → `epoch-times-macron-putin`. Accents are folded ("Élysée" →
 * "elysee") so ids are easy to type in a slash command; letters of other scripts are kept. Files in
 * subfolders include the folder (`2022/feb.md` → `2022-feb`). Empty when nothing is left.
 */
export function articleId(file: string): string {
  const withoutExtension = file.replace(TRAILING_EXTENSION, '');
  return withoutExtension
    .normalize('NFKD')
    .replace(COMBINING_MARK, '')
    .toLowerCase()
    .replace(NON_ALPHANUMERIC_RUN, '-')
    .replace(EDGE_HYPHENS, '');
}

/** The extension, lowercased, with its dot (`.md`), or '' when the name has none. */
export function extensionOf(file: string): string {
  const m = EXTENSION.exec(file);
  return m ? m[1]!.toLowerCase() : '';
}
