/** /sources: the indexed articles, with what could not be read. */
import type { DossierIndex } from '../index/model.js';
import type { Answer } from './types.js';
import { sourceOf } from './common.js';
import { allows, type Scope } from './filter.js';

export function answerSources(index: DossierIndex, scope?: Scope): Answer {
  const listed = scope ? index.articles.filter((a) => allows(scope, a.id)) : index.articles;
  const articles = listed.map((a) => ({
    ...sourceOf(a),
    paragraphs: a.paragraphs.length,
    file: a.file,
  }));
  const paragraphs = articles.reduce((n, a) => n + a.paragraphs, 0);
  const answer: Answer = {
    kind: 'sources',
    query: '',
    text: articles.length
      ? `${articles.length} article${articles.length === 1 ? '' : 's'}, ${paragraphs} paragraph${paragraphs === 1 ? '' : 's'}.`
      : null,
    citations: [],
    sources: articles.map(({ paragraphs: _p, file: _f, ...s }) => s),
    corpusArticles: articles.length,
    articles,
  };
  const problems = index.errors.map((e) => `${e.file}: ${e.reason}`);
  if (!articles.length)
    answer.message = 'No articles are indexed yet. Add .md, .txt or .html files to the corpus folder.';
  if (problems.length) {
    answer.message = `${answer.message ? answer.message + ' ' : ''}Not indexed: ${problems.join('; ')}.`;
  }
  return answer;
}
