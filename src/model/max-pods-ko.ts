// The max-pods arithmetic in Korean: the worked steps, the notes, the quiz's question and why each wrong choice is
// wrong, said from the model's own result (max-pods.ts, max-pods-mistakes.ts), whose English the CLI prints. Korean
// pages load this as a chunk of its own (src/widgets/shared/max-pods-words.ts); English pages never do.
import { CEILING_HIGH_CPU, CEILING_LOW_CPU, computeMaxPods, CURRENT_CNI_VERSION, HIGH_CPU_ABOVE, IPS_PER_PREFIX, type MaxPodsNoteId, type MaxPodsResult, type MaxPodsStep, type MaxPodsTerm } from './max-pods.ts';
import type { Mistake, MistakeId } from './max-pods-mistakes.ts';
import type { MaxPodsQuestion, QuizSetup } from './quiz/max-pods-question.ts';

type StepWords = (step: MaxPodsStep, r: MaxPodsResult) => { term: string; meaning: string };

const STEPS: Record<MaxPodsTerm, StepWords> = {
  ENIs: (s, r) => ({
    term: 'ENI 수',
    meaning: r.instanceType.networkCards > 1
      ? `${r.instanceType.name} 인스턴스는 기본 네트워크 카드에 ENI를 ${s.value}개까지 붙일 수 있습니다. 나머지 네트워크 카드 ${r.instanceType.networkCards - 1}개는 계산에 넣지 않습니다.`
      : `${r.instanceType.name} 인스턴스에는 ENI(탄력적 네트워크 인터페이스)를 최대 ${s.value}개까지 붙일 수 있습니다.`,
  }),
  'ENIs allowed by --cni-max-eni': () => ({ term: '--cni-max-eni로 허용한 ENI 수', meaning: 'CNI가 이보다 많은 ENI를 쓰지 않도록 제한한 값입니다.' }),
  'ENIs for pods (custom networking)': () => ({
    term: '파드용 ENI 수(사용자 지정 네트워킹)',
    meaning: '사용자 지정 네트워킹에서는 기본 ENI가 노드의 서브넷에 그대로 남고 파드 주소를 받지 않으므로 하나를 뺍니다.',
  }),
  'IPv4 addresses per ENI': (s, r) => ({ term: 'ENI당 IPv4 주소 수', meaning: `${r.instanceType.name}의 ENI 하나에는 사설 IPv4 주소를 ${s.value}개까지 할당할 수 있습니다.` }),
  'pod addresses per ENI': () => ({
    term: 'ENI당 파드 주소 수',
    meaning: 'ENI마다 첫 번째 주소는 ENI 자신의 기본(primary) 주소라서 파드에게 돌아가지 않습니다.',
  }),
  'with prefix delegation': () => ({
    term: '접두사 위임 적용',
    meaning: `보조 주소 슬롯 하나에 주소 한 개가 아니라 /28 접두사, 즉 주소 ${IPS_PER_PREFIX}개가 들어갑니다.`,
  }),
  'host-network pods': () => ({
    term: '호스트 네트워크 파드',
    meaning: 'aws-node와 kube-proxy는 노드의 IP를 그대로 쓰지만, 파드 수에는 각각 하나씩 들어갑니다.',
  }),
  'max pods allowed': () => ({
    term: '최대 허용 파드 수',
    meaning: '파드에 줄 수 있는 주소 전부에 호스트 네트워크 파드 두 개를 더한 값입니다. AWS가 공개한 목록에 실린 숫자가 바로 이것입니다.',
  }),
  recommended: (s, r) => ({
    term: '권장값',
    meaning: `vCPU가 ${r.instanceType.vcpus}개로 ${HIGH_CPU_ABOVE}개${r.instanceType.vcpus! > HIGH_CPU_ABOVE ? '를 넘으므로' : ' 이하이므로'} 계산기는 노드당 파드를 최대 ${r.ceiling}개까지만 권장합니다.`,
  }),
};

const NOTES: Record<MaxPodsNoteId, (r: MaxPodsResult) => string> = {
  'pd-old-cni': (r) => `접두사 위임은 적용되지 않았습니다. VPC CNI ${r.cniVersion} 버전은 접두사 위임이 처음 들어간 1.9.0보다 오래되었습니다.`,
  'pd-bare-metal': (r) =>
    `접두사 위임은 적용되지 않았습니다. 베어 메탈인 ${r.instanceType.name}에 대해서는 EC2가 하이퍼바이저를 알려 주지 않는데, max-pods-calculator.sh는 하이퍼바이저가 "nitro"인 유형에만 접두사 위임을 적용하기 때문입니다(CNI 자체는 v1.11부터 Nitro 베어 메탈에서도 접두사를 지원합니다).`,
  'pd-not-nitro': (r) => `접두사 위임은 적용되지 않았습니다. ${r.instanceType.name} 인스턴스는 ${r.instanceType.hypervisor} 하이퍼바이저에서 돌아가는데, 접두사를 쓰려면 Nitro가 필요합니다.`,
  'no-vcpus': (r) => `${r.instanceType.name}의 vCPU 수를 알 수 없어서 상한을 110과 250 중 무엇으로 할지 정할 수 없습니다. 상한을 적용하기 전의 값만 알 수 있습니다.`,
  'no-vcpus-under-ceiling': (r) => `${r.instanceType.name}의 vCPU 수는 알 수 없지만, 계산값(${r.uncapped})이 두 상한보다 모두 작으므로 결과는 같습니다.`,
};

const MISTAKES: Record<MistakeId, (m: Mistake, r: MaxPodsResult) => string> = {
  'eni-times-ips': () => '모든 주소를 파드 주소로 셌습니다. ENI마다 기본 주소 하나는 파드에게 가지 않는다는 점과 호스트 네트워크 파드 두 개를 함께 놓쳤습니다.',
  'eni-times-ips-minus-one': () => '주소를 ENI마다 하나씩이 아니라 전체에서 하나만 뺐고, 호스트 네트워크 파드 두 개도 빠뜨렸습니다.',
  'forgot-plus-two': () => 'aws-node와 kube-proxy 몫인 +2를 빠뜨렸습니다.',
  'forgot-minus-one-per-eni': () => '각 ENI의 기본 주소까지 파드가 쓸 수 있는 것처럼 셌습니다.',
  // 110과 250은 둘 다 받침(ㅂ)으로 끝나므로 조사는 '을', '으로'입니다.
  'ignored-ceiling': (_m, r) => `계산기의 상한 ${r.ceiling}을 잊었습니다.`,
  'wrong-ceiling': (_m, r) => `상한을 ${otherCeiling(r)}으로 잡았지만, vCPU가 ${r.instanceType.vcpus}개이면 계산기는 ${r.ceiling}을 씁니다.`,
  'custom-networking-kept-primary': () => '기본 ENI까지 파드용으로 셌지만, 사용자 지정 네트워킹에서는 기본 ENI가 파드 주소를 받지 않습니다.',
  'forgot-prefix-multiplier': () => `슬롯마다 주소를 하나씩만 셌지만, 접두사 위임에서는 슬롯 하나가 주소 ${IPS_PER_PREFIX}개짜리 /28입니다.`,
  'prefix-where-unsupported': () => '계산기가 적용하지 않는 곳에 접두사 위임을 적용했습니다(이 문제의 참고 사항을 보세요).',
};

const otherCeiling = (r: MaxPodsResult) => (r.ceiling === CEILING_HIGH_CPU ? CEILING_LOW_CPU : CEILING_HIGH_CPU);

/** A worked step's term and meaning in Korean. */
export const stepWords = (step: MaxPodsStep, r: MaxPodsResult) => STEPS[step.term](step, r);

/** The result's notes in Korean, in their order. */
export const notesOf = (r: MaxPodsResult) => r.noteIds.map((id) => NOTES[id](r));

/** Why a wrong choice is wrong, and its arithmetic, in Korean. */
export function mistakeWords(m: Mistake, r: MaxPodsResult): { why: string; working: string } {
  return { why: MISTAKES[m.id](m, r), working: m.cappedAt === undefined ? m.arithmetic : `${m.arithmetic}, 상한 ${m.cappedAt} 적용` };
}

/** The question for a setup (max-pods-question.ts describeSetup says it in English). */
export function describeSetupKo(setup: QuizSetup): string {
  const o = setup.options;
  const parts: string[] = [];
  if (o.customNetworking) parts.push('사용자 지정 네트워킹');
  if (o.prefixDelegation) parts.push('접두사 위임');
  // 네트워킹, 위임: 받침으로 끝나므로 '과', '을'.
  const with_ = parts.length ? `${parts.join('과 ')}을 켠 ` : '';
  const node = `${with_}${setup.instanceType.name} 노드(VPC CNI ${o.cniVersion ?? CURRENT_CNI_VERSION})`;
  return o.showMaxAllowed
    ? `${node}에는 상한을 적용하기 전에 파드를 최대 몇 개까지 둘 수 있습니까?`
    : `${node}에 대해 계산기가 권장하는 최대 파드 수는 얼마입니까?`;
}

/** The calculator's line when no ceiling can be chosen (no vCPU count). */
export const unknownCeiling = (name: string, uncapped: number) => `${name}의 vCPU 수를 알 수 없어 상한을 정할 수 없습니다(상한 적용 전 ${uncapped}).`;

/** A max-pods quiz question with its words in Korean: the question, and each wrong choice's reason and arithmetic. */
export function questionKo<Q extends Pick<MaxPodsQuestion, 'instanceType' | 'options' | 'choices' | 'prompt'>>(q: Q): Q {
  const r = computeMaxPods(q.instanceType, q.options);
  return {
    ...q,
    prompt: describeSetupKo(q),
    choices: q.choices.map((c) => (c.mistake ? { ...c, mistake: { ...c.mistake, ...mistakeWords(c.mistake, r) } } : c)),
  };
}
