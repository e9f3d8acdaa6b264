/**
 * The saved index as the surfaces see it: where it is kept for a corpus folder, the corpus hash it
 * must match, and loading it. The format itself is src/index/saved/.
 */
export { corpusHash, defaultIndexFile, loadSavedIndex, savedCorpusHash } from '../index/saved/persist.js';
