import { useRef, useState } from 'preact/hooks';
import type { NlbHop, NlbPathView, NlbSettings } from '../../model/views/nlb-path.ts';
import { loadFirstPicture } from '../shared/first-picture.ts';
import type { PageCluster } from '../shared/page-cluster.ts';
import type { NlbPathAnswer } from './calls.ts';
import { changeCommands, type NlbChange } from './setup.ts';

interface Props {
  clusterId: string;
}

/** The picture computed at build time on the same lab (./first-picture.ts). */
const FIRST = await loadFirstPicture<NlbPathAnswer>('nlb-path');

const STATE_TEXT: Record<string, string> = {
  healthy: 'healthy', initial: 'initial', unhealthy: 'unhealthy', draining: 'draining', unused: 'unused',
};

function Toggle<T extends string | boolean>({ label, options, value, disabled, onPick }: {
  label: string; options: { value: T; label: string }[]; value: T; disabled: boolean; onPick(v: T): void;
}) {
  return (
    <div class="nl-nlb__choice" role="group" aria-label={label}>
      <span class="nl-nlb__label" aria-hidden="true">{label}</span>
      {options.map((o) => (
        <button type="button" key={String(o.value)} aria-pressed={value === o.value} disabled={disabled} onClick={() => value !== o.value && onPick(o.value)}>{o.label}</button>
      ))}
    </div>
  );
}

function Hop({ hop, n }: { hop: NlbHop; n: number }) {
  return (
    <li class={`nl-nlb__hop is-${hop.kind}${hop.kubeProxy?.includes('DNAT') ? ' is-dnat' : ''}`}>
      <p class="nl-nlb__place"><span class="nl-nlb__n" aria-hidden="true">{n}</span><strong>{hop.place}</strong></p>
      <ul class="nl-nlb__what">
        {hop.what.map((w) => <li key={w}>{w}</li>)}
      </ul>
      {hop.nat?.map((x) => (
        <p class="nl-nlb__nat" key={x.after}><span class="nl-small">packet</span> <del>{x.before}</del> <span class="nl-small">becomes</span> <ins>{x.after}</ins></p>
      ))}
      {hop.kubeProxy && <p class="nl-nlb__kp"><strong>kube-proxy:</strong> {hop.kubeProxy}</p>}
    </li>
  );
}

export default function NlbPathIsland({ clusterId }: Props) {
  const [answer, setAnswer] = useState<NlbPathAnswer>(FIRST);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [pending, setPending] = useState<string[]>([]);
  const cluster = useRef<PageCluster | null>(null);
  const requestNo = useRef(0);

  const view = 'error' in answer.view ? undefined : (answer.view as NlbPathView);
  const settings: NlbSettings = view?.settings ?? { targetType: 'ip', externalTrafficPolicy: 'Cluster', crossZone: true };

  /** The page's cluster, reached on first use (the engine worker starts then, not when the widget shows). */
  const attach = async () => {
    if (cluster.current) return cluster.current;
    const { pageCluster } = await import('../shared/page-cluster.ts');
    const c = pageCluster(clusterId);
    cluster.current = c;
    // The cluster changed (a terminal on the same cluster id): look again.
    c.subscribe(() => void c.call('nlbPath', { request: requestNo.current }).then((a) => setAnswer((prev) => ({ ...a, ran: prev.ran })), () => undefined));
    return c;
  };

  const run = async (change: NlbChange | undefined, request: number) => {
    requestNo.current = request;
    setBusy(true);
    setPending(change ? changeCommands(change) : []);
    try {
      const c = await attach();
      const a = change ? await c.call('nlbPathChange', { ...change, request }) : await c.call('nlbPath', { request });
      setAnswer(change ? a : { ...a, ran: answer.ran });
      setError('');
    } catch (e) {
      setError(`The simulated cluster did not answer: ${(e as Error).message}`);
    }
    setPending([]);
    setBusy(false);
  };
  const change = (c: NlbChange) => void run(c, 0);
  const r = view?.request;

  return (
    <div class="nl-widget nl-nlb not-content">
      <div class="nl-nlb__controls">
        <Toggle label="Target type" options={[{ value: 'ip', label: 'ip' }, { value: 'instance', label: 'instance' }]} value={settings.targetType} disabled={busy} onPick={(targetType) => change({ targetType })} />
        <Toggle label="externalTrafficPolicy" options={[{ value: 'Cluster', label: 'Cluster' }, { value: 'Local', label: 'Local' }]} value={settings.externalTrafficPolicy} disabled={busy} onPick={(externalTrafficPolicy) => change({ externalTrafficPolicy })} />
        <Toggle label="Cross-zone" options={[{ value: true, label: 'on' }, { value: false, label: 'off' }]} value={settings.crossZone} disabled={busy} onPick={(crossZone) => change({ crossZone })} />
      </div>
      <div class="nl-nlb__ran" role="status">
        {busy && pending.length > 0 && <p>Running <code>{pending.join('; ')}</code> …</p>}
        {busy && pending.length === 0 && <p>Asking the simulated cluster …</p>}
        {!busy && answer.ran.length > 0 && (
          <p>
            Ran{' '}{answer.ran.map((x, i) => <span key={x.cmd}>{i > 0 && '; '}<code>{x.cmd}</code>{x.output && !x.cmd.startsWith('sleep') && <span class="nl-small"> ({x.output.split('\n')[0]})</span>}</span>)}.
          </p>
        )}
      </div>
      {error && <p class="nl-note nl-error" role="alert">{error}</p>}
      {'error' in answer.view && <p class="nl-note nl-error" role="alert">{answer.view.error}</p>}
      {view && r && (
        <div aria-busy={busy} class={busy ? 'is-busy' : undefined}>
          <h3 class="nl-nlb__h">The target group</h3>
          <p>
            <code>{view.targetGroup.name}</code> on NLB <code>{view.loadBalancer.name}</code> ({view.loadBalancer.scheme}, {view.loadBalancer.state}).
            Health check: {view.targetGroup.healthCheck}. Client IP preservation: <strong>{view.targetGroup.preserveClientIp ? 'on' : 'off'}</strong>.
          </p>
          <div class="nl-nlb__scroll" tabIndex={0} role="region" aria-label="Registered targets">
            <table class="nl-nlb__targets">
              <caption>Registered targets ({view.targets.length}), as <code>aws elbv2 describe-target-health</code> lists them</caption>
              <thead><tr><th scope="col">Target:port, AZ</th><th scope="col">Health</th><th scope="col">In the cluster</th></tr></thead>
              <tbody>
                {view.targets.map((t) => (
                  <tr key={`${t.id}:${t.port}`}>
                    <td><code>{t.id}:{t.port}</code> <span class="nl-nlb__az">{t.az}</span></td>
                    <td><span class={`nl-nlb__state is-${t.state}`}>{STATE_TEXT[t.state] ?? t.state}</span>{t.reason && <span class="nl-small"> {t.reason}</span>}</td>
                    <td>{t.what}</td>
                  </tr>
                ))}
                {view.targets.length === 0 && <tr><td colSpan={3}>No target is registered.</td></tr>}
              </tbody>
            </table>
          </div>
          <p>
            DNS: the name resolves to {view.dns.length === 0 ? 'nothing yet' : view.dns.map((d, i) => <span key={d.address}>{i > 0 && ', '}<code>{d.address}</code> ({d.az})</span>)}
            {view.dns.length > 0 && view.dns.length < view.loadBalancer.azs.length && <>: an AZ with no healthy target it may use is left out</>}.
          </p>
          <h3 class="nl-nlb__h">One request from the bastion</h3>
          <p class="nl-small">
            Request {r.index + 1}: <code class="nl-nlb__packet">{r.packet}</code>{' '}
            <button type="button" disabled={busy} onClick={() => void run(undefined, r.index + 1)}>Another request</button>
          </p>
          <ol class="nl-nlb__hops" aria-label="Where the request goes, hop by hop">
            {r.hops.map((h, i) => <Hop key={`${h.place}${i}`} hop={h} n={i + 1} />)}
          </ol>
          <p class="nl-nlb__outcome">
            {r.clientSeen ? <>The pod sees client address <strong><code>{r.clientSeen}</code></strong>: {r.clientIs}. {r.kubeProxyDnat ? 'kube-proxy chose the pod (a second hop of load balancing).' : 'No kube-proxy rule translated the packet: the NLB chose the pod.'}</> : r.outcome}
          </p>
        </div>
      )}
    </div>
  );
}
