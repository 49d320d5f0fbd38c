// The page's script (astro.config.mjs injects it into every page): what the page needs once it has loaded, each
// fetched once and cached rather than inlined in every page or linked before interaction.
// Astro's island runtime, on pages with islands (src/middleware.ts takes Astro's inline copy out).
if (document.querySelector('astro-island')) void import('./islands/runtime.ts');
// Starlight's table-of-contents elements (src/components/toc/), on pages with a table of contents.
if (document.querySelector('starlight-toc, mobile-starlight-toc')) void import('./components/toc/elements.ts');
