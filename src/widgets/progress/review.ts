// Spaced review of what the reader missed: a quiz item or an exercise answered wrong gets an FSRS card (ts-fsrs,
// the Free Spaced Repetition Scheduler), and comes back on the review page when the card is due; each later
// answer rates the card (right: Good, wrong: Again) and moves its due date. Functions of (progress, now): the
// clock is the caller's, so tests choose the day.
import { type Card, createEmptyCard, fsrs, type Grade, Rating } from 'ts-fsrs';
import type { SavedExercise } from '../exercise/specs.ts';
import { exerciseId, type Progress, type QuizTopic, quizKey, type StoredCard } from './store.ts';

// No fuzz: the same answers on the same days give the same schedule. No same-day learning steps: a missed item
// comes back the next day, not in ten minutes while the lesson is still on screen.
const scheduler = fsrs({ enable_fuzz: false, enable_short_term: false });

function toCard(c: StoredCard): Card {
  return { ...c, due: new Date(c.due), last_review: c.last_review === undefined ? undefined : new Date(c.last_review) } as Card;
}

function fromCard(c: Card): StoredCard {
  const { due, last_review, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state } = c;
  return {
    due: due.getTime(), stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state,
    ...(last_review ? { last_review: new Date(last_review).getTime() } : {}),
  };
}

/** A missed item gets a card; an item with a card is rated; an item answered right the first time gets none. */
function rate(review: Record<string, StoredCard>, id: string, right: boolean, now: number): Record<string, StoredCard> {
  const stored = review[id];
  if (!stored && right) return review;
  const card = stored ? toCard(stored) : createEmptyCard(new Date(now));
  const grade: Grade = right ? Rating.Good : Rating.Again;
  return { ...review, [id]: fromCard(scheduler.next(card, new Date(now), grade).card) };
}

export const exerciseCardId = (id: string) => `exercise:${id}`;
export const quizCardId = (topic: string, seed: string) => `quiz:${quizKey(topic, seed)}`;

export function recordExercise(p: Progress, lesson: string, props: SavedExercise, right: boolean, now: number): Progress {
  const id = exerciseId(lesson, props.question);
  const old = p.exercises[id];
  const lessonOfRecord = old?.lesson ?? lesson;
  return {
    ...p,
    exercises: { ...p.exercises, [id]: { lesson: lessonOfRecord, props, attempts: (old?.attempts ?? 0) + 1, ...(old?.passedAt !== undefined ? { passedAt: old.passedAt } : right ? { passedAt: now } : {}) } },
    review: rate(p.review, exerciseCardId(id), right, now),
  };
}

export function recordQuiz(p: Progress, lesson: string, topic: QuizTopic, seed: string, right: boolean, now: number): Progress {
  const key = quizKey(topic, seed);
  const old = p.quizzes[key];
  return {
    ...p,
    quizzes: { ...p.quizzes, [key]: { lesson: old?.lesson ?? lesson, topic, seed, attempts: (old?.attempts ?? 0) + 1, ...(old?.passedAt !== undefined ? { passedAt: old.passedAt } : right ? { passedAt: now } : {}) } },
    review: rate(p.review, quizCardId(topic, seed), right, now),
  };
}

export type ReviewEntry =
  | { id: string; due: number; kind: 'quiz'; lesson: string; topic: QuizTopic; seed: string }
  | { id: string; due: number; kind: 'exercise'; lesson: string; props: SavedExercise };

/** Every card with what it asks, soonest due first. Cards whose item is gone from the record are left out. */
export function reviewEntries(p: Progress): ReviewEntry[] {
  const out: ReviewEntry[] = [];
  for (const [id, card] of Object.entries(p.review)) {
    if (id.startsWith('exercise:')) {
      const e = p.exercises[id.slice('exercise:'.length)];
      if (e) out.push({ id, due: card.due, kind: 'exercise', lesson: e.lesson, props: e.props });
    } else if (id.startsWith('quiz:')) {
      const q = p.quizzes[id.slice('quiz:'.length)];
      if (q) out.push({ id, due: card.due, kind: 'quiz', lesson: q.lesson, topic: q.topic, seed: q.seed });
    }
  }
  return out.sort((a, b) => a.due - b.due || (a.id < b.id ? -1 : 1));
}

export const dueEntries = (p: Progress, now: number) => reviewEntries(p).filter((e) => e.due <= now);
