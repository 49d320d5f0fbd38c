// @ts-check
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { lazyReferenceData } from './src/widgets/terminal/lazy-reference-data.mjs';
import { withSiteSearch } from './src/node/search-index.ts';

export default defineConfig({
  site: 'https://eks-netlab.example.org',
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
      customCss: ['./src/styles/starlight-fixes.css'],
      // Lesson pages' title carries the "Present" button (presenter mode, src/presenter/); the sidebar marks each
      // lesson with the reader's progress (src/widgets/progress/).
      components: { PageTitle: './src/components/PageTitle.astro', Sidebar: './src/widgets/progress/Sidebar.astro' },
      sidebar: [
        {
          label: 'Lessons',
          translations: { ko: '레슨' },
          // Starlight resolves autogenerate directories from the project root when the docs collection is
          // not in src/content/docs, hence content/ in the path; it still adds the locale for Korean pages.
          items: [{ autogenerate: { directory: 'content/lessons' } }],
        },
        { label: 'Progress and review', translations: { ko: '진도와 복습' }, link: '/review/' },
        { label: 'Glossary', translations: { ko: '용어집' }, link: '/glossary/' },
      ],
    })),
    mdx(),
    preact({ include: ['src/widgets/**/*.tsx'] }),
  ],
  vite: {
    plugins: [lazyReferenceData()],
    // The engine worker (src/widgets/engine/worker.ts) loads its large tables with import(): ES module workers.
    worker: { format: 'es', plugins: () => [lazyReferenceData()] },
    // The engine's CommonJS dependencies, found by the dev server only when the worker first loads: listed here,
    // they are prebundled at start, instead of a reload of the page on the learner's first command.
    optimizeDeps: { include: ['@noble/hashes/legacy.js', '@noble/hashes/sha2.js', '@noble/hashes/utils.js', 'jmespath', 'shell-quote'] },
  },
});
