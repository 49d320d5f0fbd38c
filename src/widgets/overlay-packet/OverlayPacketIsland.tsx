import { useRef, useState } from 'preact/hooks';
import type { HeaderPart, OverlayPacketView } from '../../model/views/overlay-packet.ts';
import { loadFirstPicture } from '../shared/first-picture.ts';
import type { PageCluster } from '../shared/page-cluster.ts';
import type { OverlayPacketAnswer } from './calls.ts';
import { FIRST_QUERY, type Overlay, OVERLAYS, PAYLOADS, type Query, UNDERLAYS } from './setup.ts';

interface Props {
  /** Prefix of the widget's cluster ids: `<prefix>-vpc-cni`, `<prefix>-calico-vxlan`, `<prefix>-calico-ipip`. */
  clusterId: string;
}

type Answers = { vpc: OverlayPacketAnswer; overlay: OverlayPacketAnswer };

/** The first query's answers, computed at build time on the same clusters (./first-picture.ts). */
const FIRST = await loadFirstPicture<Answers>('overlay-packet');

const LAYER: Record<HeaderPart['layer'], string> = { link: 'link', tunnel: 'added by the tunnel', pod: "the pod's packet", data: 'data' };
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

function Path({ title, view, vpcFrames }: { title: string; view: OverlayPacketView; vpcFrames?: number[] }) {
  const wire = view.frames.reduce((a, b) => a + b, 0);
  const extra = vpcFrames ? wire - vpcFrames.reduce((a, b) => a + b, 0) : 0;
  const fragmented = view.frames.length > 1;
  return (
    <section class="nl-ovl__path" aria-label={title}>
      <h3>{title}</h3>
      <p class="nl-small">
        {view.from.pod} ({view.from.ip}) → {view.to.pod} ({view.to.ip}), node {view.from.nodeIp} → {view.to.nodeIp}
      </p>
      <p>Pod MTU <strong>{n(view.podMtu)}</strong>{view.overhead ? <> ({n(view.underlayMtu)} − {view.overhead})</> : <> (the ENI's)</>}: <code>ping -s</code> up to {n(view.maxPayload)} fits in one packet.</p>
      <ol class="nl-ovl__headers" aria-label={`${title}: headers of the first frame, outside in`}>
        {view.headers.map((h, i) => [
          <li key={i} class={`is-${h.layer}`}>
            <span class="nl-ovl__name">{h.name}</span> <span class="nl-ovl__bytes">{n(h.bytes)} B</span>
            <span class="nl-sr">, {LAYER[h.layer]}</span>
            <span class="nl-ovl__fields">{h.fields}</span>
          </li>,
          // Beside an overlay, the place where its headers would be.
          !view.overhead && h.layer === 'link' ? <li key="none" class="is-none">No tunnel headers <span class="nl-ovl__bytes">0 B</span><span class="nl-ovl__fields">the pod's packet goes as it is</span></li> : null,
        ])}
      </ol>
      <p class="nl-ovl__sum">
        On the wire: <strong>{n(wire)} bytes</strong> in {fragmented ? `${view.frames.length} frames` : 'one frame'}
        {view.overhead ? <>, {view.overhead} per frame for the tunnel{vpcFrames ? <> ({n(extra)} more than the VPC CNI)</> : null}</> : <>, nothing added</>}.
      </p>
      {fragmented && (
        <div class="nl-note">
          <p>{n(view.datagram)} bytes do not fit the pod's MTU of {n(view.podMtu)}: the pod's kernel cuts the datagram into {view.frames.length} fragments (frames of {view.frames.map(n).join(', ')} bytes), and the receiver must put them back together.</p>
          <p>With <code>ping -M do</code> (don't fragment) it is not sent at all: <code>{view.pmtuError}</code></p>
        </div>
      )}
      {view.tcpdump && (
        <details>
          <summary>As <code>tcpdump -i eth0 -e -nn</code> prints it</summary>
          <pre class="nl-ovl__dump" tabIndex={0}>{view.tcpdump}</pre>
        </details>
      )}
    </section>
  );
}

function Column({ title, answer, vpcFrames }: { title: string; answer: OverlayPacketAnswer; vpcFrames?: number[] }) {
  if ('error' in answer) return <section class="nl-ovl__path" aria-label={title}><h3>{title}</h3><p class="nl-error" role="alert">{answer.error}</p></section>;
  return <Path title={title} view={answer} vpcFrames={vpcFrames} />;
}

export default function OverlayPacketIsland({ clusterId }: Props) {
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
      setError(`The simulator could not follow this ping: ${(e as Error).message}. The figures below are the previous ones.`);
    }
    setBusy(false);
  };

  const overlayTitle = OVERLAYS.find((o) => o.value === query.overlay)!.label;
  const vpcFrames = 'error' in answers.vpc ? undefined : answers.vpc.frames;
  return (
    <div class="nl-widget nl-ovl not-content">
      <div class="nl-ovl__controls">
        <Choice label="Overlay" options={OVERLAYS.map((o) => o.value)} value={query.overlay} disabled={busy} format={(v) => OVERLAYS.find((o) => o.value === v)!.label} onPick={(overlay) => void ask({ ...query, overlay })} />
        <Choice label="ping -s" options={PAYLOADS} value={query.payload} disabled={busy} format={(v) => `${n(v)} B`} onPick={(payload) => void ask({ ...query, payload })} />
        <Choice label="ENI MTU" options={UNDERLAYS} value={query.underlayMtu} disabled={busy} format={(v) => n(v)} onPick={(underlayMtu) => void ask({ ...query, underlayMtu })} />
      </div>
      {error && <p class="nl-note nl-error" role="alert">{error}</p>}
      <p class="nl-small nl-ovl__legend" aria-hidden="true">
        <span class="is-tunnel">added by the tunnel</span> <span class="is-pod">the pod's own headers</span> <span class="is-link">the node's link</span>
      </p>
      <div class={`nl-ovl__paths${busy ? ' is-busy' : ''}`} aria-busy={busy} aria-live="polite">
        <Column title="VPC CNI" answer={answers.vpc} />
        <Column title={overlayTitle} answer={answers.overlay} vpcFrames={vpcFrames} />
      </div>
      <p class="nl-small">
        A ping from one pod to a pod on another node, followed through the simulated cluster's datapath. Bytes are
        frame lengths as <code>tcpdump -e</code> counts them (Ethernet header included, the 4-byte checksum not).
        ENI MTU 1500 stands for an instance whose interfaces are set to 1500 (<code>AWS_VPC_ENI_MTU</code> on the VPC CNI; Calico detects it and takes the tunnel's bytes off).
      </p>
    </div>
  );
}
