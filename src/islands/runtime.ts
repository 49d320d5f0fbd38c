// Astro's island runtime (the <astro-island> element) and the client directives this site uses, as one cached
// module loaded after the page (src/after-load.ts), instead of a copy inlined in every page's HTML (src/middleware.ts
// takes those out: about 1.8 KB gzipped per page). Islands hydrate when they show, so nothing waits on it before the
// page is read. Both are Astro's own modules, the code its inline copies are built from.
import './directives.ts';
import 'astro/runtime/server/astro-island.js';
