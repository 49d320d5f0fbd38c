import { useRef, useState } from 'preact/hooks';
import type { NlbHop, NlbPathView, NlbSettings } from '../../model/views/nlb-path.ts';
import { fillNodes } from '../shared/fill-nodes.ts';
import { loadFirstPicture } from '../shared/first-picture.ts';
import { asSaid, fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import type { PageCluster } from '../shared/page-cluster.ts';
import type { NlbPathAnswer } from './calls.ts';
import { en, type NlbPathMessages } from './messages.ts';
import { changeCommands, type NlbChange } from './setup.ts';

interface Props {
  clusterId: string;
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
}

/** The picture computed at build time on the same lab (./first-picture.ts), and the widget's words. */
const [FIRST, WORDS, SAID] = await Promise.all([
  loadFirstPicture<NlbPathAnswer>('nlb-path'),
  loadWords(en, () => import('./messages.ko.ts')),
  loadWords(asSaid, () => import('../shared/narration.ko.ts')),
]);

type Say = (text: string) => string;

const CLIENT_IS: Record<NonNullable<NlbPathView['request']['clientIs']>['kind'], keyof NlbPathMessages> = {
  public: 'clientPublic', own: 'clientOwn', nlb: 'clientNlb', node: 'clientNode', path: 'clientPath',
};

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

function Hop({ hop, n, t, say }: { hop: NlbHop; n: number; t: NlbPathMessages; say: Say }) {
  return (
    <li class={`nl-nlb__hop is-${hop.kind}${hop.kubeProxy?.includes('DNAT') ? ' is-dnat' : ''}`}>
      <p class="nl-nlb__place"><span class="nl-nlb__n" aria-hidden="true">{n}</span><strong>{say(hop.place)}</strong></p>
      <ul class="nl-nlb__what">
        {hop.what.map((w) => <li key={w}>{say(w)}</li>)}
      </ul>
      {hop.nat?.map((x) => (
        <p class="nl-nlb__nat" key={x.after}>{fillNodes(t.nat, { before: <del>{x.before}</del>, after: <ins>{x.after}</ins> })}</p>
      ))}
      {hop.kubeProxy && <p class="nl-nlb__kp"><strong>{t.kubeProxy}</strong> {say(hop.kubeProxy)}</p>}
    </li>
  );
}

export default function NlbPathIsland({ clusterId, lang }: Props) {
  const t = wordsIn(WORDS, lang);
  const say = wordsIn(SAID, lang);
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
      setError(fill(t.noAnswer, { error: (e as Error).message }));
    }
    setPending([]);
    setBusy(false);
  };
  const change = (c: NlbChange) => void run(c, 0);
  const r = view?.request;

  return (
    <div class="nl-widget nl-nlb not-content">
      <div class="nl-nlb__controls">
        <Toggle label={t.targetType} options={[{ value: 'ip', label: 'ip' }, { value: 'instance', label: 'instance' }]} value={settings.targetType} disabled={busy} onPick={(targetType) => change({ targetType })} />
        <Toggle label="externalTrafficPolicy" options={[{ value: 'Cluster', label: 'Cluster' }, { value: 'Local', label: 'Local' }]} value={settings.externalTrafficPolicy} disabled={busy} onPick={(externalTrafficPolicy) => change({ externalTrafficPolicy })} />
        <Toggle label={t.crossZone} options={[{ value: true, label: t.on }, { value: false, label: t.off }]} value={settings.crossZone} disabled={busy} onPick={(crossZone) => change({ crossZone })} />
      </div>
      <div class="nl-nlb__ran" role="status">
        {busy && pending.length > 0 && <p>{fillNodes(t.running, { commands: <code>{pending.join('; ')}</code> })}</p>}
        {busy && pending.length === 0 && <p>{t.asking}</p>}
        {!busy && answer.ran.length > 0 && (
          <p>
            {fillNodes(t.ran, { commands: answer.ran.map((x, i) => <span key={x.cmd}>{i > 0 && '; '}<code>{x.cmd}</code>{x.output && !x.cmd.startsWith('sleep') && <span class="nl-small"> ({x.output.split('\n')[0]})</span>}</span>) })}
          </p>
        )}
      </div>
      {error && <p class="nl-note nl-error" role="alert">{error}</p>}
      {'error' in answer.view && <p class="nl-note nl-error" role="alert">{say(answer.view.error)}</p>}
      {view && r && (
        <div aria-busy={busy} class={busy ? 'is-busy' : undefined}>
          <h3 class="nl-nlb__h">{t.targetGroup}</h3>
          <p>
            {fillNodes(t.targetGroupLine, {
              targetGroup: <code>{view.targetGroup.name}</code>, loadBalancer: <code>{view.loadBalancer.name}</code>, scheme: view.loadBalancer.scheme,
              state: view.loadBalancer.state, healthCheck: say(view.targetGroup.healthCheck), preserve: <strong>{view.targetGroup.preserveClientIp ? t.on : t.off}</strong>,
            })}
          </p>
          <div class="nl-nlb__scroll" tabIndex={0} role="region" aria-label={t.registered}>
            <table class="nl-nlb__targets">
              <caption>{fillNodes(t.registeredCaption, { n: view.targets.length, command: <code>aws elbv2 describe-target-health</code> })}</caption>
              <thead><tr><th scope="col">{t.targetColumn}</th><th scope="col">{t.health}</th><th scope="col">{t.inCluster}</th></tr></thead>
              <tbody>
                {view.targets.map((t) => (
                  <tr key={`${t.id}:${t.port}`}>
                    <td><code>{t.id}:{t.port}</code> <span class="nl-nlb__az">{t.az}</span></td>
                    <td><span class={`nl-nlb__state is-${t.state}`}>{STATE_TEXT[t.state] ?? t.state}</span>{t.reason && <span class="nl-small"> {t.reason}</span>}</td>
                    <td>{say(t.what)}</td>
                  </tr>
                ))}
                {view.targets.length === 0 && <tr><td colSpan={3}>{t.noTarget}</td></tr>}
              </tbody>
            </table>
          </div>
          <p>
            {fillNodes(view.dns.length > 0 && view.dns.length < view.loadBalancer.azs.length ? t.dnsLeftOut : t.dns, {
              addresses: view.dns.length === 0 ? t.nothingYet : view.dns.map((d, i) => <span key={d.address}>{i > 0 && ', '}<code>{d.address}</code> ({d.az})</span>),
            })}
          </p>
          <h3 class="nl-nlb__h">{t.oneRequest}</h3>
          <p class="nl-small">
            {fillNodes(t.request, { n: r.index + 1, packet: <code class="nl-nlb__packet">{r.packet}</code> })}{' '}
            <button type="button" disabled={busy} onClick={() => void run(undefined, r.index + 1)}>{t.anotherRequest}</button>
          </p>
          <ol class="nl-nlb__hops" aria-label={t.hops}>
            {r.hops.map((h, i) => <Hop key={`${h.place}${i}`} hop={h} n={i + 1} t={t} say={say} />)}
          </ol>
          <p class="nl-nlb__outcome">
            {r.clientSeen && r.clientIs ? (
              <>
                {fillNodes(t.clientSeen, { address: <strong><code>{r.clientSeen}</code></strong>, clientIs: fill(t[CLIENT_IS[r.clientIs.kind]], { az: r.clientIs.az ?? '', node: r.clientIs.node ?? '' }) })}{' '}
                {r.kubeProxyDnat ? t.kubeProxyChose : t.nlbChose}
              </>
            ) : say(r.outcome)}
          </p>
        </div>
      )}
    </div>
  );
}
