/** Types of preload.mjs (plain JavaScript: it runs before the TypeScript loader). */
export const CHANGES: RegExp;
