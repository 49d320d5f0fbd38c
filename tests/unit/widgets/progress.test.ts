// The progress record: checked when read, reset with a sentence when it cannot be used, exported and imported
// unchanged; and the review schedule over days chosen by the test.
import { describe, expect, it } from 'vitest';
import { dueEntries, recordExercise, recordQuiz, reviewEntries } from '../../../src/widgets/progress/review.ts';
import {
  emptyProgress, exerciseId, exportProgress, type KeyValueStorage, lessonOf, lessonProgress, loadProgress, parseImport, PROGRESS_KEY, saveProgress,
} from '../../../src/widgets/progress/store.ts';
import { en } from '../../../src/widgets/progress/messages.ts';
import { importProblemText, resetText } from '../../../src/widgets/progress/problem-text.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

function memoryStorage(initial?: string): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>(initial === undefined ? [] : [[PROGRESS_KEY, initial]]);
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const exercise = { question: 'How many ENIs?', setup: ['kubectl scale deployment nginx --replicas=9'], measure: 'echo 2', unit: 'ENIs' };

describe('progress store', () => {
  it('starts empty and keeps what was saved', () => {
    const s = memoryStorage();
    expect(loadProgress(s)).toEqual({ progress: emptyProgress() });
    const p = recordQuiz(emptyProgress(), '/lessons/max-pods/', 'max-pods', '4', true, T0);
    saveProgress(p, s);
    expect(loadProgress(s).progress).toEqual(p);
  });

  const corrupt: [string, string][] = [
    ['{not json', 'not valid JSON'],
    ['[]', 'not a JSON object'],
    ['{"version":2,"exercises":{},"quizzes":{},"review":{}}', 'version is 2'],
    ['{"version":1,"exercises":[],"quizzes":{},"review":{}}', 'progress.exercises is not an object'],
    ['{"version":1,"exercises":{},"quizzes":{"a:1":{"lesson":"/x/","topic":"bogus","seed":"1","attempts":1}},"review":{}}', 'not a quiz topic'],
    ['{"version":1,"exercises":{},"quizzes":{},"review":{"quiz:a:1":{"due":"tomorrow"}}}', 'due is not a number'],
    ['null', 'not a JSON object'],
  ];
  for (const [text, why] of corrupt) {
    it(`reports and resets a record that ${why}`, () => {
      const s = memoryStorage(text);
      const loaded = loadProgress(s);
      expect(loaded.progress).toEqual(emptyProgress());
      const notice = resetText(loaded.problem!, en);
      expect(notice).toContain(why);
      expect(notice).toMatch(/^Your saved progress could not be read \(.+\), so it was reset\.$/);
      expect(s.map.has(PROGRESS_KEY)).toBe(false);
    });
  }

  it('round-trips through export and import, and refuses what is not an export', () => {
    let p = recordExercise(emptyProgress(), '/lessons/warm-pool/', exercise, false, T0);
    p = recordQuiz(p, '/lessons/warm-pool/', 'warm-pool', 'ab12c', true, T0 + 1000);
    const text = exportProgress(p);
    expect(parseImport(text)).toEqual({ progress: p });
    const refused = (text: string) => {
      const r = parseImport(text);
      return 'error' in r ? importProblemText(r.error, en) : 'imported';
    };
    expect(refused('{')).toBe('The file is not JSON.');
    expect(refused('{"version":1}')).toBe('The file is not a progress export: progress.exercises is not an object.');
  });

  it('counts a lesson’s passed exercises and quiz, not pages opened', () => {
    let p = recordExercise(emptyProgress(), '/lessons/warm-pool/', exercise, false, T0);
    expect(lessonProgress(p, '/lessons/warm-pool/')).toEqual({ exercisesPassed: 0, quizPassed: false });
    p = recordExercise(p, '/lessons/warm-pool/', exercise, true, T0 + DAY);
    p = recordQuiz(p, '/lessons/warm-pool/', 'warm-pool', '1', true, T0);
    expect(lessonProgress(p, '/lessons/warm-pool/')).toEqual({ exercisesPassed: 1, quizPassed: true });
    expect(lessonProgress(p, '/lessons/max-pods/')).toEqual({ exercisesPassed: 0, quizPassed: false });
    expect(p.exercises[exerciseId('/lessons/warm-pool/', exercise.question)].attempts).toBe(2);
    expect(lessonOf('/ko/lessons/max-pods/')).toBe('/lessons/max-pods/');
  });
});

describe('review schedule (FSRS, clock from the test)', () => {
  it('an item answered right the first time gets no card; a missed one is due the next day', () => {
    const right = recordQuiz(emptyProgress(), '/lessons/max-pods/', 'max-pods', '4', true, T0);
    expect(reviewEntries(right)).toEqual([]);
    const missed = recordQuiz(emptyProgress(), '/lessons/max-pods/', 'max-pods', '4', false, T0);
    expect(dueEntries(missed, T0 + DAY / 2)).toEqual([]);
    expect(dueEntries(missed, T0 + DAY).map((e) => e.id)).toEqual(['quiz:max-pods:4']);
  });

  it('each right answer pushes the next review further out; a wrong one brings it back', () => {
    let p = recordExercise(emptyProgress(), '/lessons/warm-pool/', exercise, false, T0);
    const gaps: number[] = [];
    let now = T0;
    let firstRight = 0;
    for (let i = 0; i < 4; i++) {
      const [entry] = reviewEntries(p);
      now = entry.due;
      firstRight ||= now;
      p = recordExercise(p, '/lessons/warm-pool/', exercise, true, now);
      gaps.push(reviewEntries(p)[0].due - now);
    }
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1]);
    const beforeLapse = gaps[gaps.length - 1];
    p = recordExercise(p, '/lessons/warm-pool/', exercise, false, now);
    expect(reviewEntries(p)[0].due - now).toBeLessThan(beforeLapse);
    // The first right answer stays the day the exercise was passed.
    expect(p.exercises[exerciseId('/lessons/warm-pool/', exercise.question)].passedAt).toBe(firstRight);
    expect(firstRight).toBe(T0 + DAY);
  });

  it('lists due items soonest first, with what is needed to ask them again', () => {
    let p = recordQuiz(emptyProgress(), '/lessons/datapath/', 'datapath', 'x', false, T0 + 5000);
    p = recordExercise(p, '/lessons/warm-pool/', exercise, false, T0);
    const due = dueEntries(p, T0 + 2 * DAY);
    expect(due.map((e) => e.kind)).toEqual(['exercise', 'quiz']);
    expect(due[0]).toMatchObject({ kind: 'exercise', props: exercise, lesson: '/lessons/warm-pool/' });
    expect(due[1]).toMatchObject({ kind: 'quiz', topic: 'datapath', seed: 'x' });
  });
});
