// The page's script (astro.config.mjs injects it into every page): what the page needs once it has loaded, each
// fetched once and cached rather than inlined in every page, and the site's own small handlers in one module
// rather than a script each.
const whenIdle = (f: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(f) : setTimeout(f, 1));

// Astro's prefetch of the page a link leads to, as Starlight sets it up (every link, on hover or tap).
whenIdle(() => void import('astro/virtual-modules/prefetch.js').then((m) => m.init({ prefetchAll: true })));
// Astro's island runtime, on pages with islands (src/middleware.ts takes Astro's inline copy out).
if (document.querySelector('astro-island')) void import('./islands/runtime.ts');
// Starlight's table-of-contents elements (src/components/toc/), on pages with a table of contents.
if (document.querySelector('starlight-toc, mobile-starlight-toc')) void import('./components/toc/elements.ts');
// The code blocks' copy buttons (src/code-copy/).
if (document.querySelector('.sl-markdown-content pre')) void import('./code-copy/code-copy.ts').then((m) => m.addCopyButtons());
// The reader's progress on the sidebar's lessons (src/widgets/progress/Sidebar.astro): a nicety, the sidebar works
// without it.
if (document.querySelector('.nl-progress-sidebar')) void import('./widgets/progress/sidebar.ts').then((m) => m.markSidebar());
// Presenter mode, from the "Present" button beside a lesson's title (src/components/PageTitle.astro): its code and
// styles load when it opens. `?present` (presenter) or `?present=audience` in the address reopens it, as after a
// reload or in the audience window it opens.
const present = document.querySelector('.nl-present');
if (present) {
  const open = () => import('./presenter/presenter.ts').then((m) => m.openPresenter({ opener: present }));
  present.addEventListener('click', () => void open());
  if (new URLSearchParams(location.search).has('present')) void open();
}
