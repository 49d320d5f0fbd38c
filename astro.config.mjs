// @ts-check
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { lazyReferenceData } from './src/widgets/terminal/lazy-reference-data.mjs';
import { withSiteSearch } from './src/node/search-index.ts';
import { codeBlocks } from './src/node/code-blocks.ts';
import { lessonSidebarItems } from './src/node/lesson-sidebar.ts';

export default defineConfig({
  // Code blocks: src/node/code-blocks.ts.
  markdown: { shikiConfig: codeBlocks },
  site: 'https://eks-netlab.example.org',
  // Starlight turns on Astro's prefetch of every link's page; src/after-load.ts starts the same prefetch once the
  // page is idle, so its code is not among what a page loads before interaction.
  prefetch: false,
  // The one load-balancer lesson became three; its old address leads to the first.
  redirects: { '/lessons/load-balancers/': '/lessons/lb-controller/', '/ko/lessons/load-balancers/': '/ko/lessons/lb-controller/' },
  integrations: [
    // Starlight with the site's own search index (Korean stems, no English fallbacks under /ko/): src/node/search-index.ts
    withSiteSearch(starlight({
      title: 'EKS Network Lab',
      description: 'An interactive study guide to Amazon EKS networking: pod IPs, ENIs, max pods, packets and load balancers.',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        ko: { label: '한국어', lang: 'ko' },
      },
      markdown: { processedDirs: ['./content'] },
      // Code blocks are Astro's own Shiki output (markdown.shikiConfig below) rather than Expressive Code's frames:
      // those cost every lesson with a code block 3.9 KB of render-blocking CSS and a 1.2 KB copy script, a
      // quarter of the page budget; the copy button comes after load (src/code-copy/).
      expressiveCode: false,
      // The widgets' shared styles and the terminal's (every lesson has widgets, most a terminal) go with
      // Starlight's, in the one cached stylesheet, rather than inline in each page; each other widget's own
      // styles stay with its pages.
      customCss: ['./src/styles/starlight-fixes.css', './src/styles/code.css', './src/widgets/shared/widgets.css', './src/widgets/terminal/terminal.css'],
      // Lesson pages' title carries the "Present" button (presenter mode, src/presenter/); the sidebar marks each
      // lesson with the reader's progress (src/widgets/progress/).
      // The tables of contents are Starlight's, with their scripts loaded after the page (src/after-load.ts).
      components: {
        PageTitle: './src/components/PageTitle.astro',
        Sidebar: './src/widgets/progress/Sidebar.astro',
        TableOfContents: './src/components/toc/TableOfContents.astro',
        MobileTableOfContents: './src/components/toc/MobileTableOfContents.astro',
      },
      sidebar: [
        {
          label: 'Lessons',
          translations: { ko: '레슨' },
          // Every lesson in content/lessons/, by its sidebar.order (src/node/lesson-sidebar.ts).
          items: lessonSidebarItems(),
        },
        { label: 'Progress and review', translations: { ko: '진도와 복습' }, link: '/review/' },
        { label: 'Glossary', translations: { ko: '용어집' }, link: '/glossary/' },
      ],
    })),
    mdx(),
    preact({ include: ['src/widgets/**/*.tsx'] }),
    {
      // What every page loads once it has loaded: Astro's island runtime, the table of contents' elements.
      name: 'eks-netlab:after-load',
      hooks: { 'astro:config:setup': ({ injectScript }) => injectScript('page', "import '/src/after-load.ts';") },
    },
  ],
  vite: {
    plugins: [lazyReferenceData()],
    // Scripts are linked, never inlined: Astro inlines a small component script into every page that uses it (the
    // theme and language pickers', the sidebar's), where a linked one is fetched once and cached.
    build: { assetsInlineLimit: (file) => (file.endsWith('.js') ? false : undefined) },
    // The engine worker (src/widgets/engine/worker.ts) loads its large tables with import(): ES module workers.
    worker: { format: 'es', plugins: () => [lazyReferenceData()] },
    // The engine's CommonJS dependencies, found by the dev server only when the worker first loads: listed here,
    // they are prebundled at start, instead of a reload of the page on the learner's first command.
    optimizeDeps: { include: ['@noble/hashes/legacy.js', '@noble/hashes/sha2.js', '@noble/hashes/utils.js', 'jmespath', 'shell-quote'] },
  },
});
