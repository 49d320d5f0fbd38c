// A widget's first picture: what it shows before the learner touches it, computed at build time on the widget's own
// lab so that the page reads without JavaScript. The server renders it into the page; the browser fetches the same
// data as one cached JSON file per widget (src/pages/widget-data/) before the island hydrates, instead of a copy
// inlined in every page's HTML as the island's props (0.5 KB gzipped a widget and page).
// Islands get it with top-level `await loadFirstPicture(name)`: their module finishes loading, and Astro hydrates
// them, once it has arrived, so the first render in the browser is the server's.
export type FirstPictureName = 'eni-view' | 'nlb-path' | 'overlay-packet' | 'packet-stepper';

export const firstPictureUrl = (name: FirstPictureName) => `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}widget-data/${name}.json`;

export async function loadFirstPicture<T>(name: FirstPictureName): Promise<T> {
  // The server (and Node tests) compute it; the branch and its import leave the browser's bundle.
  if (import.meta.env.SSR) return (await import('./first-pictures.ts')).firstPicture(name) as T;
  const url = firstPictureUrl(name);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
