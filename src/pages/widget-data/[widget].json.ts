// The widgets' first pictures as static JSON files the islands fetch before hydrating (widgets/shared/first-picture.ts).
import type { APIRoute, GetStaticPaths } from 'astro';
import { FIRST_PICTURE_NAMES, firstPicture } from '../../widgets/shared/first-pictures.ts';
import type { FirstPictureName } from '../../widgets/shared/first-picture.ts';

export const getStaticPaths: GetStaticPaths = () => FIRST_PICTURE_NAMES.map((widget) => ({ params: { widget } }));

export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify(firstPicture(params.widget as FirstPictureName)), { headers: { 'content-type': 'application/json' } });
