/**
 * The saved index as the surfaces see it: where it is kept for a corpus folder, the corpus hash it
 * must match, and loading it. The format itself is src/index/saved/.
 */
export { corpusHash, defaultIndexFile } from '../index/saved/corpus-hash.js';
export { savedCorpusHash } from '../index/saved/change-log.js';
export { loadSavedIndex } from '../index/saved/load.js';
