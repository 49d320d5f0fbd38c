// The Korean edition (content/ko/): each translated lesson is a Korean page (not Starlight's English fallback)
// with mostly Hangul prose, its widgets speak Korean, its exercise is graded by the model, and the glossary terms'
// English toggles work and pass axe-core.
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPage, openWidget } from './setup/browser.ts';
import { axeViolations } from './setup/axe.ts';

const TRANSLATED = readdirSync('content/ko/lessons').filter((f) => f.endsWith('.mdx')).map((f) => f.replace(/\.mdx$/, ''));

describe.each(TRANSLATED)('/ko/lessons/%s/', (slug) => {
  it('is a Korean page with mostly Hangul prose, in place of the English fallback', async () => {
    expect(existsSync(`content/lessons/${slug}.mdx`), 'an English lesson of the same name').toBe(true);
    const { page } = await openPage(`/ko/lessons/${slug}/`, { javaScriptEnabled: false });
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.locator('main').getAttribute('lang')).toBe('ko');
    // Prose: the article's paragraphs and list items, without code, widgets or the English of glossary toggles.
    const prose = await page.evaluate(() => {
      const parts = [...document.querySelectorAll('.sl-markdown-content :is(p, li):not(.not-content *)')].map((el) => {
        const copy = el.cloneNode(true) as Element;
        copy.querySelectorAll('code, pre, [lang="en"], .nl-gt-btn').forEach((c) => c.remove());
        return copy.textContent ?? '';
      });
      return parts.join(' ');
    });
    const hangul = (prose.match(/[가-힣]/g) ?? []).length;
    const latin = (prose.match(/[A-Za-z]/g) ?? []).length;
    expect(hangul).toBeGreaterThan(200);
    expect(hangul / (hangul + latin)).toBeGreaterThan(0.6);
    await page.context().close();
  });
});

it('labels the widgets in Korean and grades a Korean exercise with the model', async () => {
  const { page, widget } = await openWidget('/ko/lessons/filling-a-node/', '.nl-exercise');
  await widget.getByRole('textbox').fill('7');
  await widget.getByRole('button', { name: '답을 확정하고 실행' }).click();
  await expect.poll(() => widget.getByTestId('exercise-verdict').textContent(), { timeout: 30_000 }).toBe('맞았습니다: 7개.');
  const term = page.locator('.nl-term');
  await term.scrollIntoViewIfNeeded();
  await expect.poll(() => term.getByRole('button', { name: '이어받기' }).count()).toBe(1);
  expect(await term.getByTestId('step').textContent()).toMatch(/^\d+단계 중 0단계$/);
  await page.context().close();
});

it('labels the calculator in Korean and computes as on the English page', async () => {
  const { page, widget: calc } = await openWidget('/ko/lessons/max-pods/', '.nl-calc');
  expect(await calc.getByTestId('max-pods').textContent()).toBe('17');
  await calc.getByLabel('접두사 위임').check();
  await calc.getByRole('combobox', { name: '인스턴스 유형' }).fill('m5.large');
  await calc.getByRole('combobox', { name: '인스턴스 유형' }).press('Enter');
  await expect.poll(() => calc.getByTestId('max-pods').textContent()).toBe('110');
  expect(await page.locator('.nl-present').textContent()).toBe('발표');
  await page.context().close();
});

it('shows a term in English on request, and links it to the glossary', async () => {
  const { page } = await openPage('/ko/lessons/warm-pool/');
  const term = page.locator('.nl-gt').filter({ hasText: '웜 풀' }).first();
  const toggle = term.getByRole('button');
  const english = term.locator('[lang="en"]');
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await english.isVisible()).toBe(false);
  await toggle.click();
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  expect(await english.textContent()).toBe(' (warm pool)');
  expect(await english.isVisible()).toBe(true);
  await toggle.press('Enter');
  expect(await english.isVisible()).toBe(false);
  expect(await term.getByRole('link').getAttribute('href')).toBe('/ko/glossary/#warm-pool');
  await page.goto(new URL('/ko/glossary/#warm-pool', page.url()).href);
  expect(await page.locator('tr#warm-pool th').textContent()).toBe('웜 풀');
  expect(await page.locator('tr#warm-pool td[lang="en"]').textContent()).toBe('warm pool');
  await page.context().close();
});

it.each(['/ko/lessons/max-pods/', '/ko/glossary/'])('reports no axe violations on %s', async (path) => {
  const { page } = await openPage(path);
  // With one term's English shown, as a reader may leave it.
  if ((await page.locator('.nl-gt-btn').count()) > 0) await page.locator('.nl-gt-btn').first().click();
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it('replays a recorded lab with its Korean notes and chapters (content/scenarios/ko/)', async () => {
  const { page, widget } = await openWidget('/ko/lessons/filling-a-node/', '.nl-term', { reducedMotion: 'reduce' });
  expect(await widget.locator('.nl-term__title').textContent()).toBe('노드 채우기: 복제본 50개 중 7개가 Pending');
  expect(await widget.getByRole('combobox', { name: '챕터' }).locator('option').allTextContents()).toEqual(['챕터…', '배포', '50개로 늘리기', '가득 찬 노드']);
  await widget.getByRole('button', { name: '한 단계 앞으로' }).click();
  await expect.poll(() => widget.getByTestId('step').textContent(), { timeout: 15_000 }).toBe('8단계 중 1단계');
  await expect.poll(() => widget.locator('.nl-term__note').textContent()).toBe('nginx 복제본 두 개로 시작합니다.');
  await page.context().close();
});

it('asks and explains the quizzes in Korean: the first question from the server, the next one from the worker', async () => {
  // The right answer, from the model in Node (the same seed the lesson asks).
  const { quizItem } = await import('../../src/model/quiz/index.ts');
  const { allInstanceTypes } = await import('../../src/model/catalog/index.ts');
  const { labEngine } = await import('../unit/shell/engine-helpers.ts');
  const item = quizItem('warm-pool', '1', { newLab: () => { const e = labEngine(); return { cluster: e.cluster, sh: e.sh }; }, catalog: allInstanceTypes });
  const right = item.choices.find((c) => c.correct)!.label;
  const wrong = item.choices.find((c) => !c.correct)!.label;
  const { page, widget: quiz } = await openWidget('/ko/lessons/warm-pool/', '.nl-quiz');
  const hangul = /[가-힣]/;
  const legend = quiz.locator('legend');
  expect(await legend.textContent()).toMatch(hangul);
  expect(await quiz.locator('.nl-small').first().textContent()).toMatch(/ENI \d+개, ENI당 IPv4 주소 \d+개\.$/);
  await quiz.getByLabel(wrong, { exact: true }).check();
  await quiz.getByRole('button', { name: '확인' }).click();
  await expect.poll(() => quiz.locator('.nl-wrong').textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^틀렸습니다: ${wrong}\\. .*[가-힣].* 다른 답을 골라 보세요\\.$`));
  await quiz.getByLabel(right, { exact: true }).check();
  await quiz.getByRole('button', { name: '확인' }).click();
  await expect.poll(() => quiz.locator('.nl-right').textContent()).toBe(`맞았습니다: ${right}.`);
  const why = await quiz.locator('.nl-quiz__why li').allTextContents();
  expect(why.length).toBeGreaterThanOrEqual(3);
  for (const line of why) expect(line).toMatch(hangul);
  expect(why.at(-1)).toContain(`보조 주소 ${item.explanation.at(-1)!.match(/(\d+) secondary addresses/)![1]}개`);
  // The next question is said by the engine worker, with its Korean words loaded for this page.
  const first = await legend.textContent();
  await quiz.getByRole('button', { name: '다음 문제' }).click();
  await expect.poll(() => legend.textContent(), { timeout: 30_000 }).not.toBe(first);
  expect(await legend.textContent()).toMatch(hangul);
  await page.context().close();
});

it('works the max-pods steps and the max-pods quiz in Korean, hydrated', async () => {
  const { page, widget: calc } = await openWidget('/ko/lessons/max-pods/', '.nl-calc');
  expect(await calc.locator('.nl-steps b').first().textContent()).toBe('ENI 수');
  await calc.getByLabel('접두사 위임').check();
  await expect.poll(() => calc.locator('.nl-steps b').allTextContents()).toContain('접두사 위임 적용');
  const quiz = page.locator('.nl-quiz').first();
  expect(await quiz.locator('legend').textContent()).toMatch(/^.*노드\(VPC CNI [\d.]+\).*\?$/);
  await page.context().close();
});

it('has a Korean cheat sheet for every English one, linked from the Korean lessons', async () => {
  const lessons = readdirSync('dist/cheat-sheets');
  expect(lessons.length).toBeGreaterThanOrEqual(9);
  for (const lesson of lessons) expect(existsSync(`dist/ko/cheat-sheets/${lesson}/index.html`), lesson).toBe(true);
  const { page } = await openPage('/ko/lessons/warm-pool/', { javaScriptEnabled: false });
  const link = page.locator('.nl-cheat-link a');
  expect(await link.getAttribute('href')).toBe('/ko/cheat-sheets/warm-pool/');
  await page.goto(new URL('/ko/cheat-sheets/warm-pool/', page.url()).href);
  expect(await page.locator('html').getAttribute('lang')).toBe('ko');
  expect(await page.locator('h1').textContent()).toBe('L-IPAM과 웜 풀 치트 시트');
  expect(await page.locator('h2').allTextContents()).toEqual(['공식', '수치', '핵심 명령과 실습 클러스터의 출력']);
  await page.context().close();
});

// Every widget type on a Korean page, with words of its own that only Korean would give (its buttons' and groups'
// accessible names): in the server's HTML (no JavaScript: the first picture the reader sees), and still after the
// island hydrated with the Korean words it loaded itself (no English after hydration either).
// The datapath widgets' first pictures also carry the model's descriptions (a hop, a walk's outcome, a header's
// fields): `said` is one of them, in Korean (src/widgets/shared/narration.ko.ts).
const WIDGETS: {
  type: string; path: string; selector: string; names: [role: 'button' | 'group' | 'combobox' | 'textbox' | 'region', name: string | RegExp][];
  said?: [selector: string, text: RegExp];
}[] = [
  { type: 'packet stepper', path: '/ko/lessons/pod-to-pod/', selector: '.nl-stepper', names: [['group', '흐름 선택'], ['button', '파드 → 파드, 같은 노드'], ['button', '다음 홉 ▶'], ['button', '재생'], ['region', '경로에 있는 호스트 지도']],
    said: ['.nl-stepper__hop', /파드를 떠납니다: 파드의 유일한 경로는/] },
  { type: 'rule walk', path: '/ko/lessons/services-kube-proxy/', selector: '.nl-walk', names: [['group', '출발'], ['button', '다른 연결'], ['button', '다음 단계 ▶'], ['button', '조정하고 비교']],
    said: ['.nl-walk__outcome', /^파드 \S+에 도착: .+\. 클라이언트 자신의 주소가 그대로 보입니다\.$/] },
  { type: 'scale view', path: '/ko/lessons/kube-proxy-at-scale/', selector: '.nl-scale', names: [['button', '이 기기에서 측정'], ['region', 'iptables 모드: 전체 동기화 한 번']] },
  { type: 'NLB path', path: '/ko/lessons/nlb-targets/', selector: '.nl-nlb', names: [['group', '대상 유형'], ['group', '교차 영역'], ['button', '다른 요청'], ['region', '등록된 대상']],
    said: ['.nl-nlb__hops', /인터넷 게이트웨이가 프라이빗 출발지 주소를 인스턴스의 퍼블릭 주소로 바꿉니다/] },
  { type: 'overlay packet', path: '/ko/lessons/vpc-cni-vs-overlay/', selector: '.nl-ovl', names: [['group', '오버레이']], said: ['.nl-ovl__headers', /프로토콜 1 \(ICMP\), ttl \d+, 전체 길이/] },
  { type: 'ENI view', path: '/ko/lessons/warm-pool/', selector: '.nl-eni', names: [['button', '조정']] },
  { type: 'exercise', path: '/ko/lessons/pod-ip/', selector: '.nl-exercise', names: [['button', '답을 확정하고 실행']] },
  { type: 'quiz', path: '/ko/lessons/pod-ip/', selector: '.nl-quiz', names: [['button', '확인']] },
  { type: 'terminal', path: '/ko/lessons/filling-a-node/', selector: '.nl-term', names: [['button', /^(▶ 실습 재생|터미널 시작)$/]] },
  { type: 'calculator', path: '/ko/lessons/max-pods/', selector: '.nl-calc', names: [['combobox', '인스턴스 유형']] },
  { type: 'max-pods quiz', path: '/ko/lessons/max-pods/', selector: '.nl-quiz', names: [['button', '확인']] },
];

describe.each(WIDGETS)('the $type on $path', ({ path, selector, names, said }) => {
  const expectKorean = async (widget: import('playwright-core').Locator) => {
    for (const [role, name] of names) {
      expect(await widget.first().getByRole(role, { name, exact: typeof name === 'string' }).count(), `${role} "${name}"`).toBeGreaterThan(0);
    }
    if (said) expect(await widget.first().locator(said[0]).first().textContent()).toMatch(said[1]);
  };

  it('is in Korean in the server-rendered page', async () => {
    const { page } = await openPage(path, { javaScriptEnabled: false });
    await expectKorean(page.locator(selector));
    await page.context().close();
  });

  it('stays in Korean once hydrated, with its words loaded by the island (none in the page)', async () => {
    const { page, widget, requests } = await openWidget(path, selector);
    await expectKorean(widget);
    expect(requests.some((r) => /messages\.ko\.[\w-]+\.js$/.test(r)), 'a Korean words chunk was fetched').toBe(true);
    // The island's props carry the language, never words.
    const props = await page.locator(`astro-island:has(${selector})`).first().getAttribute('props');
    expect(props).toContain('"lang":[0,"ko"]');
    expect(props).not.toMatch(/"messages"/);
    await page.context().close();
  });
});

it('an English page fetches no Korean, and its widgets speak English', async () => {
  const { page, widget, requests } = await openWidget('/lessons/nlb-targets/', '.nl-nlb');
  expect(await widget.getByRole('button', { name: 'Another request' }).count()).toBe(1);
  expect(requests.filter((r) => /messages\.ko/.test(r))).toEqual([]);
  // (The language picker names 한국어; the lesson and its widgets have no Korean.)
  expect(await page.locator('.sl-markdown-content').innerHTML()).not.toMatch(/[가-힣]/);
  await page.context().close();
});

it('has a Korean review page, linking the Korean lessons and speaking Korean', async () => {
  const { page, widget } = await openWidget('/ko/review/', '.nl-review');
  expect(await page.locator('h1').textContent()).toBe('진도와 복습');
  expect(await widget.getByRole('heading', { name: '복습할 항목' }).count()).toBe(1);
  expect(await widget.getByRole('button', { name: '진행 상황 내보내기 (JSON)' }).count()).toBe(1);
  expect(await widget.getByLabel('진행 상황 가져오기').count()).toBe(1);
  const first = widget.locator('tr[data-lesson="/lessons/max-pods/"] th a');
  expect(await first.textContent()).toBe('노드당 최대 파드 수');
  expect(await first.getAttribute('href')).toBe('/ko/lessons/max-pods/');
  // An import that is not an export is refused in Korean.
  await widget.getByLabel('진행 상황 가져오기').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"quizzes":[]}') });
  await expect.poll(() => widget.locator('.nl-error').textContent())
    .toBe('파일이 진행 상황 내보내기 파일이 아닙니다: progress.exercises이(가) 객체가 아님. 아무것도 바꾸지 않았습니다.');
  await page.context().close();
});

it('says in Korean that corrupt saved progress was reset', async () => {
  const { page } = await openPage('/ko/lessons/warm-pool/');
  await page.evaluate(() => localStorage.setItem('eks-netlab.progress', '{"version":7}'));
  await page.reload();
  const notice = page.locator('.nl-progress-problem[role="status"]');
  await expect.poll(() => notice.textContent()).toBe('저장된 진행 상황을 읽을 수 없어(버전이 1이 아니라 7임) 초기화했습니다. 확인');
  expect(await notice.getByRole('button', { name: '확인' }).count()).toBe(1);
  await page.context().close();
});

it('runs presenter mode in Korean', async () => {
  const { page } = await openPage('/ko/lessons/pod-to-pod/');
  await page.getByRole('button', { name: '발표', exact: true }).click();
  const mode = page.getByRole('region', { name: '발표 모드' });
  await expect.poll(() => mode.count()).toBe(1);
  for (const name of ['화면 가리기', 'QR 코드', '노트', '청중용 창', '나가기', '다음']) expect(await mode.getByRole('button', { name, exact: true }).count(), name).toBe(1);
  expect(await mode.getByRole('region', { name: '발표자 노트' }).locator('.nl-pres__next').textContent()).toMatch(/^다음: /);
  await mode.getByRole('button', { name: '나가기' }).click();
  await page.context().close();
});

it('refuses a damaged shared link in Korean, with a way to start fresh', async () => {
  const { page, widget } = await openWidget('/ko/lessons/filling-a-node/#share=1.filling-a-node', '.nl-term');
  await expect.poll(() => widget.locator('.nl-term__shared').textContent()).toContain('이 링크는 손상되었습니다');
  expect(await widget.getByRole('button', { name: '새 클러스터로 시작' }).count()).toBe(1);
  await page.context().close();
});

it('shows a replay’s description from the page’s own HTML, not again in the island’s props', async () => {
  const { page, widget } = await openWidget('/ko/lessons/filling-a-node/', '.nl-term');
  const note = await widget.locator('.nl-term__note').textContent();
  expect(note).toMatch(/[가-힣]/);
  expect(note!.length).toBeGreaterThan(20);
  const props = await page.locator('astro-island:has(.nl-term)').first().getAttribute('props');
  expect(props).not.toContain('description');
  expect(props).not.toContain(note!.slice(0, 12));
  await page.context().close();
});

it('lists every Korean lesson in the Korean sidebar, in the English order', async () => {
  const { page } = await openPage('/ko/lessons/max-pods/', { javaScriptEnabled: false });
  const hrefs = await page.locator('#starlight__sidebar a[href^="/ko/lessons/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  await page.context().close();
  const english = await openPage('/lessons/max-pods/', { javaScriptEnabled: false });
  const order = await english.page.locator('#starlight__sidebar a[href^="/lessons/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  await english.page.context().close();
  expect(order).toHaveLength(TRANSLATED.length);
  expect(hrefs).toEqual(order.map((h) => `/ko${h}`));
});
