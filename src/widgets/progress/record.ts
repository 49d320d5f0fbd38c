// What the exercise and quiz islands call when the reader has answered: the answer goes into the saved progress
// and the review schedule. Loaded on the first answer, with the scheduler, so no page pays for it before.
import type { SavedExercise } from '../exercise/specs.ts';
import { recordExercise, recordQuiz } from './review.ts';
import { lessonOf, loadProgress, type QuizTopic, saveProgress } from './store.ts';

const here = () => lessonOf(location.pathname);

export function exerciseAnswered(props: SavedExercise, right: boolean, lesson = here()): void {
  saveProgress(recordExercise(loadProgress().progress, lesson, props, right, Date.now()));
}

export function quizAnswered(topic: QuizTopic, seed: string, right: boolean, lesson = here()): void {
  saveProgress(recordQuiz(loadProgress().progress, lesson, topic, seed, right, Date.now()));
}
