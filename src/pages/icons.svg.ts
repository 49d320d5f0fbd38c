// Starlight's icons as one SVG sprite (src/icons/sprite.ts).
import type { APIRoute } from 'astro';
import { SPRITE } from '../icons/sprite.ts';

export const GET: APIRoute = () => new Response(SPRITE, { headers: { 'content-type': 'image/svg+xml' } });
