import { useRef, useState } from 'preact/hooks';
import type { ProxyMode } from '../../model/proxy/kube-proxy-config.ts';
import type { ComponentChildren } from 'preact';
import type { RuleWalkView, ServiceChoice, StateDiff, WalkFrom, WalkTo } from '../../model/views/rule-walk.ts';
import { fillNodes } from '../shared/fill-nodes.ts';
import { asSaid, fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import type { PageCluster } from '../shared/page-cluster.ts';
import type { ScaleAnswer, WalkAnswer } from './calls.ts';
import { en, type RuleWalkMessages } from './messages.ts';
import { REPLICA_CHOICES, stageLabel } from './setup.ts';
import { Stage } from './Stage.tsx';

interface Props {
  clusterId: string;
  /** The Service list and the first walk, computed at build time on the same lab (a WalkAnswer as JSON), without
   *  its stages (`stageCount` and `outline` say how many and which): the first one comes as static children, and
   *  the walk is followed again on the live cluster when the reader steps on. */
  initialJson: string;
  /** The first stage, rendered at build time (Stage.tsx without JavaScript): shown until the live walk comes. */
  children?: ComponentChildren;
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
}

const [WORDS, SAID] = await Promise.all([loadWords(en, () => import('./messages.ko.ts')), loadWords(asSaid, () => import('../shared/narration.ko.ts'))]);

/** A walk as the page carries it: its first stage, with the number and the labels of all of them. */
type Walk = RuleWalkView & { stageCount?: number; outline?: string[] };

const FROM: { value: WalkFrom; label: keyof RuleWalkMessages }[] = [
  { value: 'pod', label: 'fromPod' },
  { value: 'node', label: 'fromNode' },
  { value: 'outside', label: 'fromOutside' },
];
const TO: { value: WalkTo; label: string }[] = [
  { value: 'cluster-ip', label: 'ClusterIP' },
  { value: 'node-port', label: 'NodePort' },
];
const MODES: ProxyMode[] = ['iptables', 'ipvs'];

function Diff({ title, diff, t }: { title: string; diff: StateDiff; t: RuleWalkMessages }) {
  return (
    <div class="nl-walk__diff">
      <p>{fillNodes(t.diffCounts, { title: <strong>{title}</strong>, added: diff.added, removed: diff.removed, kept: diff.kept })}</p>
      <ul aria-label={fill(t.diffLines, { title })}>
        {diff.lines.map((l) => (
          <li key={`${l.change}${l.text}`} class={`is-${l.change}`}>
            <span aria-hidden="true">{l.change === 'added' ? '+ ' : l.change === 'removed' ? '− ' : '  '}</span>
            <span class="nl-sr">{l.change === 'added' ? t.added : l.change === 'removed' ? t.removed : ''}</span>
            <code>{l.text}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Choice<T extends string>({ label, name, options, value, disabled, onPick }: {
  label: string; name: string; options: { value: T; label: string }[]; value: T; disabled: boolean; onPick(v: T): void;
}) {
  return (
    <div class="nl-walk__choice" role="group" aria-label={label}>
      <span class="nl-walk__label" aria-hidden="true">{label}</span>
      {options.map((o) => (
        <button type="button" key={o.value} name={name} aria-pressed={value === o.value} disabled={disabled} onClick={() => onPick(o.value)}>{o.label}</button>
      ))}
    </div>
  );
}

export default function RuleWalkIsland({ clusterId, initialJson, children, lang }: Props) {
  const t = wordsIn(WORDS, lang);
  const say = wordsIn(SAID, lang);
  const first = JSON.parse(initialJson) as WalkAnswer;
  const start = 'error' in first.walk ? undefined : (first.walk as Walk);
  const [choices, setChoices] = useState<ServiceChoice[]>(first.choices);
  const [walk, setWalk] = useState<Walk | undefined>(start);
  const [index, setIndex] = useState(0);
  const [query, setQuery] = useState({ service: start?.service ?? first.choices[0]?.key ?? '', from: start?.from ?? 'pod' as WalkFrom, to: start?.to ?? 'cluster-ip' as WalkTo, mode: start?.mode ?? 'iptables' as ProxyMode, connection: 0 });
  const [error, setError] = useState('error' in first.walk ? first.walk.error : '');
  const [busy, setBusy] = useState(false);
  const [replicas, setReplicas] = useState(5);
  const [scaled, setScaled] = useState<ScaleAnswer['diff'] | null>(null);
  const cluster = useRef<PageCluster | null>(null);
  const asked = useRef(query);

  /** The page's cluster, reached on first use (the engine worker starts then, not when the widget shows). */
  const attach = async () => {
    if (cluster.current) return cluster.current;
    const { pageCluster } = await import('../shared/page-cluster.ts');
    const c = pageCluster(clusterId);
    cluster.current = c;
    // The cluster changed (a terminal on the same cluster id, or our own scaling): walk again.
    c.subscribe(() => void c.call('ruleWalk', asked.current).then(show, () => undefined));
    return c;
  };

  const show = (a: WalkAnswer) => {
    setChoices(a.choices);
    if ('error' in a.walk) setError(a.walk.error);
    else {
      setError('');
      const w = a.walk;
      setWalk(w);
      setIndex((i) => Math.max(0, Math.min(i, w.stages.length - 1)));
    }
  };

  const ask = async (next: typeof query, scaleTo?: number) => {
    setQuery(next);
    asked.current = next;
    setBusy(true);
    try {
      const c = await attach();
      if (scaleTo === undefined) show(await c.call('ruleWalk', next));
      else {
        const a = await c.call('ruleWalkScale', { ...next, replicas: scaleTo });
        show(a);
        setScaled(a.diff);
      }
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy(false);
  };

  const current = choices.find((c) => c.key === query.service);
  const pick = (change: Partial<typeof query>) => {
    setIndex(0);
    void ask({ ...query, connection: 0, ...change });
  };
  const total = walk ? walk.stageCount ?? walk.stages.length : 0;
  /** Moves to stage `i`, walking the whole packet on the live cluster first if the page carried only its start. */
  const go = async (i: number) => {
    if (!walk || i < 0 || i >= total) return;
    if (i > 0 && i >= walk.stages.length) await ask(query);
    setIndex(i);
  };
  const stage = walk?.stages[index];
  const outline = walk ? (walk.stageCount !== undefined ? walk.outline ?? [] : walk.stages.map(stageLabel)) : [];

  return (
    <div class="nl-widget nl-walk not-content">
      <div class="nl-walk__controls">
        <label class="nl-walk__choice">
          <span class="nl-walk__label">{t.service}</span>
          <select value={query.service} disabled={busy} onChange={(e) => pick({ service: e.currentTarget.value })}>
            {choices.map((c) => <option key={c.key} value={c.key}>{c.key}{c.nodePort ? ` (NodePort ${c.nodePort})` : ''}</option>)}
          </select>
        </label>
        <Choice label={t.from} name="from" options={FROM.map((o) => ({ value: o.value, label: t[o.label] }))} value={query.from} disabled={busy} onPick={(from) => pick({ from })} />
        <Choice label={t.to} name="to" options={TO} value={query.to} disabled={busy} onPick={(to) => pick({ to })} />
        <Choice label={t.mode} name="mode" options={MODES.map((m) => ({ value: m, label: m }))} value={query.mode} disabled={busy} onPick={(mode) => pick({ mode })} />
      </div>
      {error && <p class="nl-note nl-error" role="alert">{say(error)}</p>}
      {walk && (
        <div aria-busy={busy} class={busy ? 'is-busy' : undefined}>
          <p class="nl-walk__title"><strong>{say(walk.title)}</strong></p>
          <p class="nl-small">
            {fillNodes(t.modeLine, { mode: walk.mode, n: walk.connection + 1, packet: <code>{walk.packet}</code> })}{' '}
            <button type="button" disabled={busy} onClick={() => void ask({ ...query, connection: walk.connection + 1 })}>{t.anotherConnection}</button>
          </p>
          <p class="nl-walk__path"><span class="nl-small">{t.path}</span> {walk.path.map(say).join(' → ')}</p>
          <p>{fillNodes(walk.mode === 'ipvs' ? t.comparedIpvs : t.compared, { compared: <strong>{walk.compared}</strong>, matched: <strong>{walk.matched}</strong> })}</p>
          <ol class="nl-walk__stages" aria-label={t.stages}>
            {outline.map((label, i) => (
              <li key={`${label}${i}`}>
                <button type="button" aria-current={i === index ? 'step' : undefined} disabled={busy} onClick={() => void go(i)}>{say(label)}</button>
              </li>
            ))}
          </ol>
          {total > 1 && <div class="nl-walk__nav">
            <button type="button" disabled={busy || index === 0} onClick={() => void go(index - 1)}>{t.previous}</button>
            <button type="button" disabled={busy || index >= total - 1} onClick={() => void go(index + 1)}>{t.next}</button>
            <span class="nl-small" aria-live="polite">{fill(t.stageOf, { n: index + 1, total, label: say(outline[index] ?? '') })}</span>
          </div>}
          {stage ? <Stage stage={stage} t={t} say={say} /> : walk.stageCount !== undefined ? children : <p>{t.untouched}</p>}
          {walk.later.length > 0 && index === total - 1 && (
            <div class="nl-walk__later">
              <p><strong>{t.later}</strong> {t.laterWhy}</p>
              <ul>{walk.later.map((l) => <li key={l.what}><span class="nl-small">{say(l.host)}:</span> {say(l.what)}</li>)}</ul>
            </div>
          )}
          <p class="nl-walk__outcome">{say(walk.outcome)}</p>
        </div>
      )}
      <div class="nl-walk__scale">
        <label>
          {fillNodes(t.scaleBehind, {
            service: current ? <code>{current.key.split(':')[0]}</code> : t.thisService,
            replicas: (
              <select value={String(replicas)} disabled={busy} onChange={(e) => setReplicas(Number(e.currentTarget.value))}>
                {REPLICA_CHOICES.map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            ),
          })}
        </label>{' '}
        <button type="button" disabled={busy} onClick={() => void ask(query, replicas)}>{t.scale}</button>
        {scaled && ('error' in scaled ? <p class="nl-note nl-error" role="alert">{say(scaled.error)}</p> : (
          <div role="status">
            <p>{fillNodes(t.scaled, { command: <code>kubectl scale deployment {scaled.deployment.split('/')[1]} --replicas={scaled.to}</code>, from: scaled.from })}</p>
            <Diff title={t.diffIptables} diff={scaled.iptables} t={t} />
            <Diff title={t.diffIpvs} diff={scaled.ipvs} t={t} />
          </div>
        ))}
      </div>
    </div>
  );
}
