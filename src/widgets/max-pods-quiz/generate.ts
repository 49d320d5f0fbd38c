// Loaded on demand by the quiz island: the question generator together with the full catalog.
import { generateQuestion } from '../../model/quiz/max-pods-question.ts';
import { loadCatalog } from '../shared/catalog.ts';

export { nextQuizSeed } from '../../model/quiz/max-pods-question.ts';

export async function questionFor(seed: string) {
  const catalog = await loadCatalog();
  return generateQuestion(seed, catalog.allInstanceTypes());
}
