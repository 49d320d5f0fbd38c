import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

// Lessons live at the top level in content/, not in src/content/docs.
export const collections = {
  docs: defineCollection({
    loader: glob({ base: './content', pattern: '**/[^_]*.{md,mdx}' }),
    schema: docsSchema(),
  }),
  // UI strings Starlight's own Korean lacks (src/content/i18n/ko.json): the search dialog's messages, which would
  // otherwise fall back to English on Korean pages.
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
