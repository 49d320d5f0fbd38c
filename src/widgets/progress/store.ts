// The reader's progress, kept in the browser (localStorage; no account): exercises passed, quiz answers, and the
// review schedule of what was missed. One versioned record under one key, checked field by field when read:
// anything that does not fit (a hand edit, another version, a full disk that cut a write) is reported in a
// sentence and the record starts afresh, so that a page never breaks on it. No framework and no scheduler here:
// the sidebar reads this on every page.
import type { SavedExercise } from '../exercise/specs.ts';

export const PROGRESS_KEY = 'eks-netlab.progress';
export const PROGRESS_VERSION = 1;
/** Set for the rest of the browser session when a record was reset, so the next page can say so too. */
const RESET_NOTICE_KEY = 'eks-netlab.progress-reset';

export type QuizTopic = 'max-pods' | 'warm-pool' | 'datapath' | 'kube-proxy' | 'load-balancer';
const TOPICS: readonly string[] = ['max-pods', 'warm-pool', 'datapath', 'kube-proxy', 'load-balancer'];

export interface ExerciseRecord {
  /** The lesson page's path (`/lessons/warm-pool/`). */
  lesson: string;
  /** What the review page needs to ask it again. */
  props: SavedExercise;
  attempts: number;
  /** When it was first answered right (epoch ms). */
  passedAt?: number;
}

export interface QuizRecord {
  lesson: string;
  topic: QuizTopic;
  seed: string;
  attempts: number;
  passedAt?: number;
}

/** A review card as ts-fsrs keeps it, with its dates as epoch milliseconds. */
export interface StoredCard {
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: number;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  /** By exercise id (exerciseId()). */
  exercises: Record<string, ExerciseRecord>;
  /** By `topic:seed`. */
  quizzes: Record<string, QuizRecord>;
  /** Missed items' cards, by `exercise:ID` or `quiz:topic:seed`. */
  review: Record<string, StoredCard>;
}

export const emptyProgress = (): Progress => ({ version: PROGRESS_VERSION, exercises: {}, quizzes: {}, review: {} });

/** What localStorage offers that the store uses (tests pass a Map-backed one). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

// ---- checking -----------------------------------------------------------------------------------------------

/**
 * Why a saved or imported record cannot be used, as data: the page words it in its language (./problem-text.ts).
 * `at` is where in the record, as a JavaScript path (`progress.review["quiz:a:1"].due`).
 */
export type RecordProblem =
  | { why: 'json' }
  | { why: 'object' }
  | { why: 'version'; found: string; want: number }
  | { why: 'not'; at: string; is: 'number' | 'string' | 'list' | 'object' | 'topic' }
  | { why: 'entries'; at: string; max: number };

/** Why an import changed nothing. */
export type ImportProblem = { why: 'too-large' } | { why: 'not-json' } | { why: 'not-export'; problem: RecordProblem };

type Check = (v: unknown, at: string) => RecordProblem | undefined;
const not = (at: string, is: Extract<RecordProblem, { why: 'not' }>['is']): RecordProblem => ({ why: 'not', at, is });
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num: Check = (v, at) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : not(at, 'number'));
const str: Check = (v, at) => (typeof v === 'string' && v.length <= 2000 ? undefined : not(at, 'string'));
const optional = (c: Check): Check => (v, at) => (v === undefined ? undefined : c(v, at));
const strings: Check = (v, at) => (Array.isArray(v) && v.length <= 50 ? v.map((x, i) => str(x, `${at}[${i}]`)).find(Boolean) : not(at, 'list'));
function fields(shape: Record<string, Check>): Check {
  return (v, at) => {
    if (!isObj(v)) return not(at, 'object');
    for (const [k, c] of Object.entries(shape)) {
      const e = c(v[k], `${at}.${k}`);
      if (e) return e;
    }
    return undefined;
  };
}
const choice = fields({ label: str, command: str });
const exerciseProps = fields({
  question: str, setup: strings, measure: str, unit: optional(str),
  choices: optional((v, at) => (Array.isArray(v) && v.length <= 10 ? v.map((c, i) => choice(c, `${at}[${i}]`)).find(Boolean) : not(at, 'list'))),
});
const exerciseRecord = fields({ lesson: str, props: exerciseProps, attempts: num, passedAt: optional(num) });
const quizRecord = fields({
  lesson: str, topic: (v, at) => (typeof v === 'string' && TOPICS.includes(v) ? undefined : not(at, 'topic')), seed: str, attempts: num, passedAt: optional(num),
});
const card = fields({
  due: num, stability: num, difficulty: num, elapsed_days: num, scheduled_days: num, learning_steps: num, reps: num, lapses: num, state: num, last_review: optional(num),
});
const MAX_ENTRIES = 5000;
function record(c: Check): Check {
  return (v, at) => {
    if (!isObj(v)) return not(at, 'object');
    const entries = Object.entries(v);
    if (entries.length > MAX_ENTRIES) return { why: 'entries', at, max: MAX_ENTRIES };
    return entries.map(([k, x]) => c(x, `${at}[${JSON.stringify(k)}]`)).find(Boolean);
  };
}

/** The record, or why it is not one. */
export function checkProgress(v: unknown): { progress: Progress } | { error: RecordProblem } {
  if (!isObj(v)) return { error: { why: 'object' } };
  if (v.version !== PROGRESS_VERSION) return { error: { why: 'version', found: String(JSON.stringify(v.version)), want: PROGRESS_VERSION } };
  const e = fields({ exercises: record(exerciseRecord), quizzes: record(quizRecord), review: record(card) })(v, 'progress');
  return e ? { error: e } : { progress: v as unknown as Progress };
}

// ---- reading and writing ------------------------------------------------------------------------------------

export interface Loaded {
  progress: Progress;
  /** Set when the saved record could not be used and was reset: why, to tell the reader. */
  problem?: RecordProblem;
}

function defaultStorage(): KeyValueStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage blocked (a privacy setting): progress lives only as long as the page
  }
}

let memory: Progress | undefined;

export function loadProgress(storage: KeyValueStorage | undefined = defaultStorage()): Loaded {
  if (!storage) return { progress: memory ?? emptyProgress() };
  let text: string | null;
  try {
    text = storage.getItem(PROGRESS_KEY);
  } catch {
    return { progress: memory ?? emptyProgress() };
  }
  const earlier = sessionNotice();
  if (text === null) return { progress: emptyProgress(), ...(earlier ? { problem: earlier } : {}) };
  let problem: RecordProblem;
  try {
    const c = checkProgress(JSON.parse(text));
    if ('progress' in c) return { progress: c.progress, ...(earlier ? { problem: earlier } : {}) };
    problem = c.error;
  } catch {
    problem = { why: 'json' };
  }
  try {
    storage.removeItem(PROGRESS_KEY);
    globalThis.sessionStorage?.setItem(RESET_NOTICE_KEY, JSON.stringify(problem));
  } catch {
    // nothing more to do: the next read finds the same and says so again
  }
  return { progress: emptyProgress(), problem };
}

function sessionNotice(): RecordProblem | undefined {
  try {
    const kept = globalThis.sessionStorage?.getItem(RESET_NOTICE_KEY);
    return kept ? (JSON.parse(kept) as RecordProblem) : undefined;
  } catch {
    return undefined;
  }
}

/** The reader has seen the reset notice. */
export function dismissNotice(): void {
  try {
    globalThis.sessionStorage?.removeItem(RESET_NOTICE_KEY);
  } catch {
    // ignore
  }
}

export const PROGRESS_EVENT = 'eks-netlab:progress';

/** Saves the record; when the browser refuses, its own message (the page says what it means). */
export function saveProgress(p: Progress, storage: KeyValueStorage | undefined = defaultStorage()): string | undefined {
  memory = p;
  let error: string | undefined;
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  globalThis.dispatchEvent?.(new Event(PROGRESS_EVENT));
  return error;
}

// ---- export and import --------------------------------------------------------------------------------------

export function exportProgress(p: Progress): string {
  return JSON.stringify({ ...p, exported: 'eks-netlab progress' }, null, 2);
}

/** An exported file's record, or why it cannot be imported (then nothing changes). */
export function parseImport(text: string): { progress: Progress } | { error: ImportProblem } {
  if (text.length > 5_000_000) return { error: { why: 'too-large' } };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { error: { why: 'not-json' } };
  }
  if (isObj(v)) delete v.exported;
  const c = checkProgress(v);
  return 'error' in c ? { error: { why: 'not-export', problem: c.error } } : c;
}

// ---- what a lesson has done ---------------------------------------------------------------------------------

/** An exercise's id: its lesson and a hash of its question (FNV-1a), stable across builds while the text is. */
export function exerciseId(lesson: string, question: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < question.length; i++) h = Math.imul(h ^ question.charCodeAt(i), 0x01000193);
  return `${lesson}#${(h >>> 0).toString(36)}`;
}

export const quizKey = (topic: string, seed: string) => `${topic}:${seed}`;

/** Passed exercises of a lesson, and whether a quiz question of it has been answered right. */
export function lessonProgress(p: Progress, lesson: string): { exercisesPassed: number; quizPassed: boolean } {
  return {
    exercisesPassed: Object.values(p.exercises).filter((e) => e.lesson === lesson && e.passedAt !== undefined).length,
    quizPassed: Object.values(p.quizzes).some((q) => q.lesson === lesson && q.passedAt !== undefined),
  };
}

/** The lesson path of a page path (`/lessons/max-pods/` from `/lessons/max-pods/?quiz=4` or `/ko/lessons/…`). */
export function lessonOf(pathname: string): string {
  const m = pathname.match(/\/lessons\/[^/]+\//);
  return m ? m[0] : pathname;
}
