import { useRef, useState } from 'preact/hooks';
import type { HeaderPart, OverlayPacketView } from '../../model/views/overlay-packet.ts';
import { fillNodes } from '../shared/fill-nodes.ts';
import { loadFirstPicture } from '../shared/first-picture.ts';
import { asSaid, fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import type { PageCluster } from '../shared/page-cluster.ts';
import type { OverlayPacketAnswer } from './calls.ts';
import { en, type OverlayPacketMessages } from './messages.ts';
import { FIRST_QUERY, type Overlay, OVERLAYS, PAYLOADS, type Query, UNDERLAYS } from './setup.ts';

interface Props {
  /** Prefix of the widget's cluster ids: `<prefix>-vpc-cni`, `<prefix>-calico-vxlan`, `<prefix>-calico-ipip`. */
  clusterId: string;
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
}

type Answers = { vpc: OverlayPacketAnswer; overlay: OverlayPacketAnswer };

/** The first query's answers, computed at build time on the same clusters (./first-picture.ts). */
const [FIRST, WORDS, SAID] = await Promise.all([
  loadFirstPicture<Answers>('overlay-packet'),
  loadWords(en, () => import('./messages.ko.ts')),
  loadWords(asSaid, () => import('../shared/narration.ko.ts')),
]);

type Say = (text: string) => string;

const LAYER: Record<HeaderPart['layer'], keyof OverlayPacketMessages> = { link: 'layerLink', tunnel: 'layerTunnel', pod: 'layerPod', data: 'layerData' };
const n = (x: number) => x.toLocaleString('en-US');

function Choice<T extends string | number>({ label, options, value, disabled, onPick, format }: {
  label: string; options: readonly T[]; value: T; disabled: boolean; onPick(v: T): void; format(v: T): string;
}) {
  return (
    <div class="nl-ovl__choice" role="group" aria-label={label}>
      <span class="nl-ovl__label" aria-hidden="true">{label}</span>
      {options.map((o) => (
        <button type="button" key={String(o)} aria-pressed={value === o} disabled={disabled} onClick={() => onPick(o)}>{format(o)}</button>
      ))}
    </div>
  );
}

function Path({ title, view, vpcFrames, t, say }: { title: string; view: OverlayPacketView; vpcFrames?: number[]; t: OverlayPacketMessages; say: Say }) {
  const wire = view.frames.reduce((a, b) => a + b, 0);
  const extra = vpcFrames ? wire - vpcFrames.reduce((a, b) => a + b, 0) : 0;
  const fragmented = view.frames.length > 1;
  return (
    <section class="nl-ovl__path" aria-label={title}>
      <h3>{title}</h3>
      <p class="nl-small">
        {fill(t.route, { from: view.from.pod, fromIp: view.from.ip, to: view.to.pod, toIp: view.to.ip, fromNode: view.from.nodeIp, toNode: view.to.nodeIp })}
      </p>
      <p>
        {fillNodes(view.overhead ? t.podMtu : t.podMtuEni, {
          mtu: <strong>{n(view.podMtu)}</strong>, underlay: n(view.underlayMtu), overhead: view.overhead, ping: <code>ping -s</code>, max: n(view.maxPayload),
        })}
      </p>
      <ol class="nl-ovl__headers" aria-label={fill(t.headers, { title })}>
        {view.headers.map((h, i) => [
          <li key={i} class={`is-${h.layer}`}>
            <span class="nl-ovl__name">{say(h.name)}</span> <span class="nl-ovl__bytes">{fill(t.bytes, { n: n(h.bytes) })}</span>
            <span class="nl-sr">, {t[LAYER[h.layer]]}</span>
            <span class="nl-ovl__fields">{say(h.fields)}</span>
          </li>,
          // Beside an overlay, the place where its headers would be.
          !view.overhead && h.layer === 'link' ? <li key="none" class="is-none">{t.noTunnel} <span class="nl-ovl__bytes">{fill(t.bytes, { n: 0 })}</span><span class="nl-ovl__fields">{t.asItIs}</span></li> : null,
        ])}
      </ol>
      <p class="nl-ovl__sum">
        {fillNodes(fragmented ? t.wireMany : t.wireOne, { bytes: <strong>{fill(t.wireBytes, { n: n(wire) })}</strong>, frames: view.frames.length })}
        {view.overhead ? fill(vpcFrames ? t.perFrameMore : t.perFrame, { overhead: view.overhead, extra: n(extra) }) : t.nothingAdded}
      </p>
      {fragmented && (
        <div class="nl-note">
          <p>{fill(t.fragmented, { datagram: n(view.datagram), mtu: n(view.podMtu), n: view.frames.length, frames: view.frames.map(n).join(', ') })}</p>
          <p>{fillNodes(t.dontFragment, { ping: <code>ping -M do</code>, error: <code>{view.pmtuError}</code> })}</p>
        </div>
      )}
      {view.tcpdump && (
        <details>
          <summary>{fillNodes(t.asTcpdump, { command: <code>tcpdump -i eth0 -e -nn</code> })}</summary>
          <pre class="nl-ovl__dump" tabIndex={0}>{view.tcpdump}</pre>
        </details>
      )}
    </section>
  );
}

function Column({ title, answer, vpcFrames, t, say }: { title: string; answer: OverlayPacketAnswer; vpcFrames?: number[]; t: OverlayPacketMessages; say: Say }) {
  if ('error' in answer) return <section class="nl-ovl__path" aria-label={title}><h3>{title}</h3><p class="nl-error" role="alert">{say(answer.error)}</p></section>;
  return <Path title={title} view={answer} vpcFrames={vpcFrames} t={t} say={say} />;
}

export default function OverlayPacketIsland({ clusterId, lang }: Props) {
  const t = wordsIn(WORDS, lang);
  const say = wordsIn(SAID, lang);
  const [answers, setAnswers] = useState<Answers>(FIRST);
  const [query, setQuery] = useState<Query>(FIRST_QUERY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const clusters = useRef(new Map<string, Promise<PageCluster>>());

  /** A CNI's cluster, built in the engine worker on first use with the lab's pods on it. */
  const cluster = (cni: 'vpc-cni' | Overlay) => {
    let c = clusters.current.get(cni);
    if (!c) {
      c = (async () => {
        const { pageCluster } = await import('../shared/page-cluster.ts');
        const pc = pageCluster(`${clusterId}-${cni}`);
        await pc.ensure(cni === 'vpc-cni' ? undefined : cni);
        await pc.call('overlayPods', undefined);
        return pc;
      })();
      // A failure is not kept: the next change tries again.
      c.catch(() => clusters.current.delete(cni));
      clusters.current.set(cni, c);
    }
    return c;
  };

  const ask = async (next: Query) => {
    setQuery(next);
    setBusy(true);
    setError('');
    try {
      const args = { payload: next.payload, underlayMtu: next.underlayMtu };
      const [vpc, overlay] = await Promise.all([
        cluster('vpc-cni').then((c) => c.call('overlayPacket', args)),
        cluster(next.overlay).then((c) => c.call('overlayPacket', args)),
      ]);
      setAnswers({ vpc, overlay });
    } catch (e) {
      setError(fill(t.failed, { error: (e as Error).message }));
    }
    setBusy(false);
  };

  const overlayTitle = OVERLAYS.find((o) => o.value === query.overlay)!.label;
  const vpcFrames = 'error' in answers.vpc ? undefined : answers.vpc.frames;
  return (
    <div class="nl-widget nl-ovl not-content">
      <div class="nl-ovl__controls">
        <Choice label={t.overlay} options={OVERLAYS.map((o) => o.value)} value={query.overlay} disabled={busy} format={(v) => OVERLAYS.find((o) => o.value === v)!.label} onPick={(overlay) => void ask({ ...query, overlay })} />
        <Choice label="ping -s" options={PAYLOADS} value={query.payload} disabled={busy} format={(v) => fill(t.bytes, { n: n(v) })} onPick={(payload) => void ask({ ...query, payload })} />
        <Choice label={t.underlay} options={UNDERLAYS} value={query.underlayMtu} disabled={busy} format={(v) => n(v)} onPick={(underlayMtu) => void ask({ ...query, underlayMtu })} />
      </div>
      {error && <p class="nl-note nl-error" role="alert">{error}</p>}
      <p class="nl-small nl-ovl__legend" aria-hidden="true">
        <span class="is-tunnel">{t.legendTunnel}</span> <span class="is-pod">{t.legendPod}</span> <span class="is-link">{t.legendLink}</span>
      </p>
      <div class={`nl-ovl__paths${busy ? ' is-busy' : ''}`} aria-busy={busy} aria-live="polite">
        <Column title="VPC CNI" answer={answers.vpc} t={t} say={say} />
        <Column title={overlayTitle} answer={answers.overlay} vpcFrames={vpcFrames} t={t} say={say} />
      </div>
      <p class="nl-small">{fillNodes(t.about, { tcpdump: <code>tcpdump -e</code>, env: <code>AWS_VPC_ENI_MTU</code> })}</p>
    </div>
  );
}
