// How the lessons' code blocks are rendered (astro.config.mjs `markdown.shikiConfig`): Astro's own Shiki, no
// Expressive Code frames (their stylesheet and copy script were a quarter of a lesson's render-blocking budget).
// - Highlighted blocks (sh, yaml) carry both themes as CSS variables; src/styles/code.css picks one by Starlight's
//   theme, so dark mode needs no second copy of the block.
// - Plain text and command output, most of the lessons' blocks, are sent as plain text: a span per line and per
//   token would be markup for nothing.
// - `wrap` in a block's meta (```text wrap) wraps long lines instead of scrolling them: iptables rules and log lines
//   read better whole than behind a scrollbar.
import type { ShikiConfig } from 'astro';
import type { ShikiTransformer } from 'shiki';

const PLAIN = new Set(['plaintext', 'text', 'txt', 'plain']);

const plainText: ShikiTransformer = {
  name: 'eks-netlab:plain-text',
  code(node) {
    if (PLAIN.has(this.options.lang)) node.children = [{ type: 'text', value: this.source }];
  },
};

const wrap: ShikiTransformer = {
  name: 'eks-netlab:wrap',
  pre(node) {
    const meta = String((this.options.meta as { __raw?: string } | undefined)?.__raw ?? '');
    if (meta.split(/\s+/).includes('wrap')) this.addClassToHast(node, 'wrap');
  },
};

export const codeBlocks: Partial<ShikiConfig> = {
  themes: { light: 'github-light', dark: 'github-dark' },
  defaultColor: false,
  transformers: [plainText, wrap],
};
