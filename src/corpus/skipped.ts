/** `README`, `readme.md`, `ReadMe.txt`: a README with at most one extension. */
const README_NAME = /^readme(?:\.[^.]+)?$/i;

/**
 * Notes and drafts kept next to the articles: `README.md`, `.hidden`, `_draft.md`. The loader never
 * reads them, and an upload by such a name is refused (it would be written and never indexed).
 */
export function isSkipped(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_') || README_NAME.test(name);
}
