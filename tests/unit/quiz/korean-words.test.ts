// The quizzes in Korean (src/model/quiz/words/ko.ts, src/model/max-pods-ko.ts) and the Korean cheat sheets: the
// same item from the same seed, with the same choices, the same right answer and the same mistakes as the English
// one; every template English has, Korean has; and each Korean sentence carries the numbers, addresses and names
// its English sentence carries (a Korean template that dropped a slot would lose them).
import { describe, expect, it } from 'vitest';
import { allInstanceTypes, getInstanceType } from '../../../src/model/catalog/index.ts';
import { computeMaxPods } from '../../../src/model/max-pods.ts';
import { describeSetupKo, mistakeWords, notesOf, questionKo, stepWords } from '../../../src/model/max-pods-ko.ts';
import { maxPodsMistakes } from '../../../src/model/max-pods-mistakes.ts';
import { quizItem, quizSpec } from '../../../src/model/quiz/index.ts';
import { nextItemSeed, type QuizItem, type QuizLab, type QuizTopic, say } from '../../../src/model/quiz/item.ts';
import { generateQuestion } from '../../../src/model/quiz/max-pods-question.ts';
import { en } from '../../../src/model/quiz/words/en.ts';
import { ko } from '../../../src/model/quiz/words/ko.ts';
import { cheatSheet, SHEETS } from '../../../src/widgets/cheat-sheet/sheets.ts';
import { labEngine } from '../shell/engine-helpers.ts';

const newLab = (): QuizLab => {
  const e = labEngine();
  return { cluster: e.cluster, sh: e.sh };
};
const sources = { newLab, catalog: allInstanceTypes };
const TOPICS: QuizTopic[] = ['max-pods', 'warm-pool', 'datapath', 'kube-proxy', 'load-balancer'];

function seeds(n: number): string[] {
  const out = ['1'];
  while (out.length < n) out.push(nextItemSeed(out[out.length - 1]));
  return out;
}

const HANGUL = /[가-힣]/;
/** What a sentence must carry over into another language: addresses (with a port), numbers, node and instance
 *  names, iptables chains. */
const TOKENS = /ip-\d+-\d+-\d+-\d+|KUBE-[A-Z0-9*-]+|i-[0-9a-f]{17}|\d+(?:\.\d+)*(?::\d+)?|\b[a-z][a-z0-9]*\d[a-z]*\.[a-z0-9]+/g;
const tokens = (text: string) => new Set(text.match(TOKENS) ?? []);

function carries(english: string, korean: string, where: string): void {
  const missing = [...tokens(english)].filter((t) => !tokens(korean).has(t));
  expect(missing, `${where}\n  en: ${english}\n  ko: ${korean}`).toEqual([]);
}

describe('every Korean template set has the English keys', () => {
  for (const topic of TOPICS) {
    it(topic, () => {
      expect(Object.keys(ko[topic]).sort()).toEqual(Object.keys(en[topic]).sort());
      for (const f of Object.values(ko[topic])) expect(typeof f).toBe('function');
    });
  }
});

describe('a Korean item from a fixed seed is the English one in other words', () => {
  for (const topic of TOPICS) {
    it(`${topic}: same choices, same right answer, same mistakes; Korean sentences with the English ones' numbers`, () => {
      for (const seed of seeds(topic === 'warm-pool' || topic === 'max-pods' ? 12 : 4)) {
        // Built twice, from nothing: the Korean item does not reuse the English one's scene.
        const english: QuizItem = quizItem(topic, seed, sources);
        const korean: QuizItem = quizItem(topic, seed, sources, ko);
        expect(korean.seed).toBe(english.seed);
        expect(korean.choices.map((c) => c.correct)).toEqual(english.choices.map((c) => c.correct));
        expect(korean.choices.map((c) => c.mistake?.id)).toEqual(english.choices.map((c) => c.mistake?.id));
        korean.choices.forEach((c, i) => carries(english.choices[i].label, c.label, `${topic} ${seed} choice ${i}`));
        if (topic !== 'datapath') {
          // Every choice but a datapath one (`from 192.168.1.5, TTL 63`) and kube-proxy's "none" is a value.
          english.choices.forEach((c, i) => /^none:/.test(c.label) || expect(korean.choices[i].label).toBe(c.label));
        }
        for (const [what, e, k] of [['prompt', english.prompt, korean.prompt], ['facts', english.facts, korean.facts]] as const) {
          carries(e, k, `${topic} ${seed} ${what}`);
          expect(k, `${topic} ${seed} ${what}`).toMatch(HANGUL);
        }
        expect(korean.prompt).toMatch(/\?$/);
        korean.choices.forEach((c, i) => c.mistake && carries(english.choices[i].mistake!.why, c.mistake.why, `${topic} ${seed} why ${i}`));
        korean.choices.forEach((c) => c.mistake && expect(c.mistake.why).toMatch(HANGUL));
        expect(korean.explanation).toHaveLength(english.explanation.length);
        korean.explanation.forEach((l, i) => carries(english.explanation[i], l, `${topic} ${seed} explanation ${i}`));
        // Every line of the worked answer is Korean but the max-pods formula, which is arithmetic.
        korean.explanation.slice(topic === 'max-pods' ? 1 : 0).forEach((l) => expect(l).toMatch(HANGUL));
      }
    }, 180_000);
  }

  it('says one item in both languages without building it again', () => {
    const spec = quizSpec('warm-pool', '3', sources);
    const english = quizItem('warm-pool', '3', sources);
    expect(say(en['warm-pool'], spec.prompt as never)).toBe(english.prompt);
  });
});

describe('max pods in Korean', () => {
  const catalog = allInstanceTypes();
  it('the quiz question keeps its values and right answer; each mistake its arithmetic and ceiling', () => {
    for (const seed of seeds(200)) {
      const q = generateQuestion(seed, catalog);
      const k = questionKo(q);
      expect(k.choices.map((c) => [c.value, c.correct, c.mistake?.id])).toEqual(q.choices.map((c) => [c.value, c.correct, c.mistake?.id]));
      expect(k.prompt).toMatch(HANGUL);
      carries(q.prompt, k.prompt, `prompt ${seed}`);
      k.choices.forEach((c, i) => c.mistake && carries(q.choices[i].mistake!.working, c.mistake.working, `working ${seed}`));
      k.choices.forEach((c, i) => c.mistake && carries(q.choices[i].mistake!.why, c.mistake.why, `why ${seed}`));
    }
  });

  it('every worked step and note of every instance type, with and without options', () => {
    for (const type of catalog) {
      for (const o of [{}, { prefixDelegation: true }, { customNetworking: true, maxEni: 2 }, { prefixDelegation: true, cniVersion: '1.7.5' }]) {
        const r = computeMaxPods(type, o);
        for (const s of r.steps) {
          const w = stepWords(s, r);
          expect(w.term).toMatch(HANGUL);
          carries(s.meaning, w.meaning, `${type.name} ${s.term}`);
        }
        const notes = notesOf(r);
        expect(notes).toHaveLength(r.notes.length);
        notes.forEach((n, i) => carries(r.notes[i], n, `${type.name} note ${r.noteIds[i]}`));
      }
    }
  });

  it('reads as the calculator does: a worked example (t3.medium) and a capped mistake (m5.large, prefixes)', () => {
    const r = computeMaxPods(getInstanceType('t3.medium')!);
    expect(stepWords(r.steps[0], r).meaning).toBe('t3.medium 인스턴스에는 ENI(탄력적 네트워크 인터페이스)를 최대 3개까지 붙일 수 있습니다.');
    const m5 = computeMaxPods(getInstanceType('m5.large')!, { prefixDelegation: true });
    const capped = maxPodsMistakes(m5).find((m) => m.id === 'forgot-minus-one-per-eni')!;
    expect(capped.working).toBe('3 × 10 × 16 + 2 = 482, capped at 110');
    expect(mistakeWords(capped, m5).working).toBe('3 × 10 × 16 + 2 = 482, 상한 110 적용');
    expect(describeSetupKo({ instanceType: getInstanceType('m5.large')!, options: { prefixDelegation: true } }))
      .toBe('접두사 위임을 켠 m5.large 노드(VPC CNI 1.23.1)에 대해 계산기가 권장하는 최대 파드 수는 얼마입니까?');
  });
});

describe('the Korean cheat sheets', () => {
  for (const lesson of Object.keys(SHEETS)) {
    it(`${lesson}: the English sheet's formulas, numbers, commands and output, with Korean words`, () => {
      const english = cheatSheet(lesson, 'en');
      const korean = cheatSheet(lesson, 'ko');
      expect(korean.lang).toBe('ko');
      expect(korean.title).toMatch(HANGUL);
      expect(korean.formulas).toHaveLength(english.formulas.length);
      korean.formulas.forEach((f, i) => {
        carries(english.formulas[i].rule, f.rule, `${lesson} rule ${i}`);
        carries(english.formulas[i].example, f.example, `${lesson} example ${i}`);
      });
      expect(korean.tables.map((t) => t.rows.length)).toEqual(english.tables.map((t) => t.rows.length));
      korean.tables.forEach((t, i) => t.rows.forEach((r, j) => r.forEach((v, k) => carries(String(english.tables[i].rows[j][k]), String(v), `${lesson} table ${i} [${j}, ${k}]`))));
      korean.tables.forEach((t) => expect(t.caption).toMatch(HANGUL));
      // The commands and what the lab prints are the lab's, in any language (a cut output says so in Korean).
      expect(korean.commands.map((c) => c.cmd)).toEqual(english.commands.map((c) => c.cmd));
      korean.commands.forEach((c, i) => {
        expect(c.output.replace(/\n… \(\d+줄 더 있음\)$/, '')).toBe(english.commands[i].output.replace(/\n… \(\d+ more lines\)$/, ''));
        expect(c.note).toMatch(HANGUL);
      });
    }, 60_000);
  }
});
