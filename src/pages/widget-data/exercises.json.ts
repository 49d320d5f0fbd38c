// Every exercise's spec (content/exercises/*.yaml) as one static JSON file the exercise islands fetch on first run.
import type { APIRoute } from 'astro';
import { LESSON_EXERCISES } from '../../widgets/exercise/lesson-specs.ts';

export const GET: APIRoute = () => new Response(JSON.stringify(LESSON_EXERCISES), { headers: { 'content-type': 'application/json' } });
