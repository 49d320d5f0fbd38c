import { useRef, useState } from 'preact/hooks';
import type { ProxyMode } from '../../model/proxy/kube-proxy-config.ts';
import type { DiceView, IpvsView, RuleWalkView, ServiceChoice, StateDiff, WalkFrom, WalkRule, WalkStage, WalkTo } from '../../model/views/rule-walk.ts';
import type { PageCluster } from '../shared/page-cluster.ts';
import type { ScaleAnswer, WalkAnswer } from './calls.ts';
import { REPLICA_CHOICES, stageLabel } from './setup.ts';

interface Props {
  clusterId: string;
  /** The Service list and the first walk, computed at build time on the same lab (a WalkAnswer as JSON). Only
   *  the walk's first stage travels with the page (`stageCount` says how many there are); the rest is walked
   *  again on the live cluster when the reader steps on. */
  initialJson: string;
}

/** A walk as the page carries it: its first stage, with the number and the labels of all of them. */
type Walk = RuleWalkView & { stageCount?: number; outline?: string[] };

const FROM: { value: WalkFrom; label: string }[] = [
  { value: 'pod', label: 'a pod' },
  { value: 'node', label: 'a node' },
  { value: 'outside', label: 'outside (the bastion)' },
];
const TO: { value: WalkTo; label: string }[] = [
  { value: 'cluster-ip', label: 'ClusterIP' },
  { value: 'node-port', label: 'NodePort' },
];
const MODES: ProxyMode[] = ['iptables', 'ipvs'];

/** Why a rule is there, in a sentence: by its chain and target (the rule text itself comes from the model). */
function meaning(r: WalkRule): string {
  const { chain, target: t } = r;
  if (chain.startsWith('AWS-') || t.startsWith('AWS-') || t === 'CONNMARK') return 'The VPC CNI’s rule, not kube-proxy’s.';
  if ((chain === 'PREROUTING' || chain === 'OUTPUT') && t === 'KUBE-SERVICES') {
    return chain === 'PREROUTING' ? 'Every new connection arriving at the node goes through kube-proxy’s table of Services.' : 'Connections the node itself opens go through the same table, from the OUTPUT hook.';
  }
  if (chain === 'POSTROUTING') return 'On the way out, kube-proxy’s postrouting chain looks for its mark.';
  if (chain === 'KUBE-SERVICES') {
    if (t.startsWith('KUBE-SVC-') || t.startsWith('KUBE-SVL-')) return `This Service’s ClusterIP and port. The ${r.index - 1 || 'no'} rule${r.index === 2 ? '' : 's'} above it ${r.index === 2 ? 'was' : 'were'} compared first.`;
    if (t === 'KUBE-NODEPORTS' || t === 'KUBE-NODE-PORT') return 'The last rule: a destination that is one of this node’s own addresses may be a NodePort.';
    if (t === 'KUBE-MARK-MASQ') return 'The source is itself a ClusterIP (the node’s own connection from kube-ipvs0): mark it for masquerade.';
    if (t === 'ACCEPT') return 'The destination is in the KUBE-CLUSTER-IP ipset: accepted, and IPVS takes over.';
  }
  if (chain === 'KUBE-NODEPORTS') return 'The NodePort: on to the Service’s external chain.';
  if (chain.startsWith('KUBE-EXT-')) return t === 'KUBE-MARK-MASQ' ? 'Traffic that came in from outside is marked for masquerade (externalTrafficPolicy: Cluster).' : 'Then the same dice as the ClusterIP.';
  if (chain.startsWith('KUBE-SVC-') || chain.startsWith('KUBE-SVL-')) return 'The dice: see the table below.';
  if (chain.startsWith('KUBE-SEP-')) return t === 'DNAT' ? 'The destination becomes the endpoint; conntrack records the translation for the whole connection.' : 'The endpoint is the sender itself (hairpin): mark for masquerade.';
  if (chain === 'KUBE-MARK-MASQ') return 'Sets bit 0x4000 of the packet’s mark: masquerade it when it leaves.';
  if (chain === 'KUBE-POSTROUTING') {
    if (t === 'RETURN') return 'Not marked: the packet leaves with its source address unchanged.';
    if (t === 'MARK') return 'Marked: clear the bit (so it is not masqueraded twice) …';
    if (t === 'MASQUERADE') return '… and masquerade: the source becomes the address of the interface the packet leaves by.';
  }
  return '';
}

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.1 ? 2 : 1)}%`;

function Dice({ dice }: { dice: DiceView }) {
  return (
    <div class="nl-walk__scroll" tabIndex={0} role="region" aria-label={`The dice of ${dice.chain}`}>
      <table class="nl-walk__dice">
        <caption>Rules of <code>{dice.chain}</code>, top to bottom</caption>
        <thead>
          <tr><th scope="col">Endpoint</th><th scope="col">kube-proxy writes 1/(n−i)</th><th scope="col">iptables prints</th><th scope="col">Share of connections</th><th scope="col">This packet</th></tr>
        </thead>
        <tbody>
          {dice.rows.map((r) => (
            <tr key={r.sep} class={r.outcome === 'taken' ? 'is-taken' : undefined}>
              <td><code>{r.endpoint}</code></td>
              <td>{r.kubeProxy ? <><code>{r.kubeProxy}</code> <span class="nl-small">({r.fraction})</span></> : <span class="nl-small">no statistic match: the rest</span>}</td>
              <td>{r.iptables ? <code>{r.iptables}</code> : '—'}</td>
              <td>{pct(r.share)}</td>
              <td>{r.outcome === 'taken' ? <strong>{r.draw !== undefined ? `draw ${r.draw.toFixed(4)} < ${Number(r.iptables).toFixed(4)}: taken` : 'taken (last rule)'}</strong>
                : r.outcome === 'passed' ? `draw ${r.draw!.toFixed(4)} ≥ ${Number(r.iptables).toFixed(4)}: next rule` : <span class="nl-small">not reached</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Ipvs({ ipvs }: { ipvs: IpvsView }) {
  return (
    <p class="nl-walk__ipvs">
      Virtual server <code>{ipvs.virtualServer}</code>, scheduler <code>{ipvs.scheduler}</code>{ipvs.persistent !== undefined && <>, persistent {ipvs.persistent} s</>}: one hash lookup.
      Real servers (Masq, weight 1):{' '}
      {ipvs.reals.map((r, i) => <span key={r.address}>{i > 0 && ', '}<code class={r.chosen ? 'is-chosen' : undefined}>{r.address}</code>{r.chosen && ' ← chosen'}</span>)}
    </p>
  );
}

function Stage({ stage }: { stage: WalkStage }) {
  return (
    <section class="nl-walk__stage" aria-label="This stage">
      {stage.before && <p class="nl-walk__nat"><span class="nl-small">packet</span> <del>{stage.before}</del> → <ins>{stage.after}</ins></p>}
      {stage.rules.length > 0 && (
        <ol class="nl-walk__rules">
          {stage.rules.map((r) => (
            <li key={r.text}>
              <span class="nl-small">rule {r.index} of {r.of} in {r.chain}</span>
              <code class="nl-walk__rule">{r.text}</code>
              {meaning(r) && <span class="nl-walk__why">{meaning(r)}</span>}
            </li>
          ))}
        </ol>
      )}
      {stage.fellThrough.map((f) => (
        <p class="nl-small" key={f.chain}><code>{f.chain}</code>: none of its {f.rules} rules matched (all compared), back to the calling chain.</p>
      ))}
      {stage.dice && <Dice dice={stage.dice} />}
      {stage.ipvs && <Ipvs ipvs={stage.ipvs} />}
      {!stage.rules.length && !stage.ipvs && <p>{stage.what}</p>}
    </section>
  );
}

function Diff({ title, diff }: { title: string; diff: StateDiff }) {
  return (
    <div class="nl-walk__diff">
      <p><strong>{title}</strong>: {diff.added} added, {diff.removed} removed, {diff.kept} unchanged</p>
      <ul aria-label={`${title}: lines`}>
        {diff.lines.map((l) => (
          <li key={`${l.change}${l.text}`} class={`is-${l.change}`}>
            <span aria-hidden="true">{l.change === 'added' ? '+ ' : l.change === 'removed' ? '− ' : '  '}</span>
            <span class="nl-sr">{l.change === 'kept' ? '' : `${l.change}: `}</span>
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

export default function RuleWalkIsland({ clusterId, initialJson }: Props) {
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
      setIndex((i) => Math.min(i, w.stages.length - 1));
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
    if (i >= walk.stages.length) await ask(query);
    setIndex(i);
  };
  const stage = walk?.stages[Math.min(index, walk.stages.length - 1)];
  const outline = walk ? (walk.stageCount !== undefined ? walk.outline ?? [] : walk.stages.map(stageLabel)) : [];

  return (
    <div class="nl-widget nl-walk not-content">
      <div class="nl-walk__controls">
        <label class="nl-walk__choice">
          <span class="nl-walk__label">Service</span>
          <select value={query.service} disabled={busy} onChange={(e) => pick({ service: e.currentTarget.value })}>
            {choices.map((c) => <option key={c.key} value={c.key}>{c.label}{c.nodePort ? ` (NodePort ${c.nodePort})` : ''} · {c.endpoints} endpoint{c.endpoints === 1 ? '' : 's'}</option>)}
          </select>
        </label>
        <Choice label="From" name="from" options={FROM} value={query.from} disabled={busy} onPick={(from) => pick({ from })} />
        <Choice label="To" name="to" options={TO} value={query.to} disabled={busy} onPick={(to) => pick({ to })} />
        <Choice label="kube-proxy mode" name="mode" options={MODES.map((m) => ({ value: m, label: m }))} value={query.mode} disabled={busy} onPick={(mode) => pick({ mode })} />
      </div>
      {error && <p class="nl-note nl-error" role="alert">{error}</p>}
      {walk && (
        <div aria-busy={busy} class={busy ? 'is-busy' : undefined}>
          <p class="nl-walk__title"><strong>{walk.title}</strong></p>
          <p class="nl-small">
            {walk.mode} mode · connection {walk.connection + 1} · first packet <code>{walk.packet}</code>{' '}
            <button type="button" disabled={busy} onClick={() => void ask({ ...query, connection: walk.connection + 1 })}>Another connection</button>
          </p>
          <p class="nl-walk__path"><span class="nl-small">Path:</span> {walk.path.join(' → ')}</p>
          <p>
            kube-proxy’s chains: <strong>{walk.compared}</strong> rules compared, <strong>{walk.matched}</strong> matched
            {walk.mode === 'ipvs' ? ', plus one IPVS lookup.' : '.'}
          </p>
          <ol class="nl-walk__stages" aria-label="Stages of the first packet">
            {outline.map((label, i) => (
              <li key={`${label}${i}`}>
                <button type="button" aria-current={i === index ? 'step' : undefined} disabled={busy} onClick={() => void go(i)}>{label}</button>
              </li>
            ))}
          </ol>
          <div class="nl-walk__nav">
            <button type="button" disabled={busy || index === 0} onClick={() => void go(index - 1)}>◀ Previous stage</button>
            <button type="button" disabled={busy || index >= total - 1} onClick={() => void go(index + 1)}>Next stage ▶</button>
            <span class="nl-small" aria-live="polite">Stage {index + 1} of {total}: {outline[index]}</span>
          </div>
          {stage && <Stage stage={stage} />}
          {walk.later.length > 0 && (
            <div class="nl-walk__later">
              <p><strong>The rest of the connection</strong> (no nat rules: conntrack remembers)</p>
              <ul>{walk.later.map((l) => <li key={l.what}><span class="nl-small">{l.host}:</span> {l.what}</li>)}</ul>
            </div>
          )}
          <p class="nl-walk__outcome">{walk.outcome}</p>
        </div>
      )}
      <div class="nl-walk__scale">
        <label>
          Scale the Deployment behind {current ? <code>{current.key.split(':')[0]}</code> : 'this Service'} to{' '}
          <select value={String(replicas)} disabled={busy} onChange={(e) => setReplicas(Number(e.currentTarget.value))}>
            {REPLICA_CHOICES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>{' '}
          replicas
        </label>{' '}
        <button type="button" disabled={busy} onClick={() => void ask(query, replicas)}>Scale and compare</button>
        {scaled && ('error' in scaled ? <p class="nl-note nl-error" role="alert">{scaled.error}</p> : (
          <div role="status">
            <p>
              <code>kubectl scale deployment {scaled.deployment.split('/')[1]} --replicas={scaled.to}</code> (was {scaled.from}), then 30 s for the
              EndpointSlice and kube-proxy. What changed on node 1 for this Service:
            </p>
            <Diff title="iptables mode (iptables -t nat -S)" diff={scaled.iptables} />
            <Diff title="ipvs mode (ipvsadm -S, ipset save)" diff={scaled.ipvs} />
          </div>
        ))}
      </div>
    </div>
  );
}
