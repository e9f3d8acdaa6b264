/** Article ids from file names. */

/**
 * `Epoch Times: Macron & Putin.md` → `epoch-times-macron-putin`. Accents are folded ("Élysée" →
 * "elysee") so ids are easy to type in a slash command; letters of other scripts are kept. Files in
 * subfolders include the folder (`2022/feb.md` → `2022-feb`). Empty when nothing is left.
 */
export function articleId(file: string): string {
  const withoutExtension = file.replace(/\.[^./\\]*$/, '');
  return withoutExtension
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** The extension, lowercased, with its dot (`.md`), or '' when the name has none. */
export function extensionOf(file: string): string {
  const m = /(\.[^./\\]+)$/.exec(file);
  return m ? m[1]!.toLowerCase() : '';
}
