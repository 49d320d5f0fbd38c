// Every set of the site's own words (src/widgets/shared/i18n.ts): each `messages.ts` has a `messages.ko.ts` beside
// it whose `ko` has exactly the keys of its `en`, each with the same {slots} (each may appear more than once; a slot missing in one language would
// print as "{name}" or drop a number), and no Korean message is left empty or in English.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../../src');

function messageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? messageFiles(join(dir, e.name)) : e.name === 'messages.ts' ? [join(dir, e.name)] : []);
}

const slots = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

const FILES = messageFiles(ROOT);

describe('message sets', () => {
  it('are found: every widget with words, presenter mode and the progress views', () => {
    const names = FILES.map((f) => relative(ROOT, f));
    for (const expected of [
      'widgets/packet-stepper/messages.ts', 'widgets/rule-walk/messages.ts', 'widgets/proxy-scale/messages.ts', 'widgets/nlb-path/messages.ts',
      'widgets/overlay-packet/messages.ts', 'widgets/progress/messages.ts', 'presenter/messages.ts', 'widgets/terminal/messages.ts',
      'widgets/cheat-sheet/messages.ts', 'widgets/shared/messages.ts',
    ]) expect(names).toContain(expected);
  });

  for (const file of FILES) {
    it(`${relative(ROOT, file)}: ko has en's keys, each with the same slots`, async () => {
      const { en } = (await import(file)) as { en: Record<string, string> };
      const { ko } = (await import(file.replace(/\.ts$/, '.ko.ts'))) as { ko: Record<string, string> };
      expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en)) {
        expect(slots(ko[key]!), `${key}: ${ko[key]}`).toEqual(slots(en[key]!));
        expect(ko[key]!.trim().length > 0 || en[key]!.trim().length === 0, `${key} is empty`).toBe(true);
      }
      // Written in Korean: most messages have Hangul (the rest are names, numbers and symbols, the same in both).
      const hangul = Object.values(ko).filter((m) => /[\uac00-\ud7a3]/.test(m)).length;
      expect(hangul / Object.keys(ko).length).toBeGreaterThan(0.5);
    });
  }
});
