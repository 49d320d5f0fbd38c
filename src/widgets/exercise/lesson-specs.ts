// content/exercises/*.yaml, read at build time (the page that serves them as JSON, the Exercise wrapper's check).
import { exerciseSpecs } from './specs.ts';

export const LESSON_EXERCISES = exerciseSpecs(import.meta.glob('../../../content/exercises/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>);
