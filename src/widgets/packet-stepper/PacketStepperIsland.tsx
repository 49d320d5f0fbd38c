import { useEffect, useRef, useState } from 'preact/hooks';
import { FLOW_KINDS, type FlowKind } from '../../model/views/flow-kinds.ts';
import type { BoxView, FlowView, HeaderView, HopView } from '../../model/views/flow-view.ts';
import { fillNodes } from '../shared/fill-nodes.ts';
import { loadFirstPicture } from '../shared/first-picture.ts';
import { asSaid, fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import type { PageCluster } from '../shared/page-cluster.ts';
import { en, type PacketStepperMessages } from './messages.ts';

interface Props {
  clusterId: string;
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
}

/** The default flow's first hop, followed at build time on the lab's cluster, with the number of hops in
 *  `hopCount` (./first-picture.ts); the rest is followed again when the learner steps on. */
const [FIRST, WORDS, SAID] = await Promise.all([
  loadFirstPicture<FlowView & { hopCount?: number }>('packet-stepper'),
  loadWords(en, () => import('./messages.ko.ts')),
  loadWords(asSaid, () => import('../shared/narration.ko.ts')),
]);

/** Each flow's button, by its kind. */
const FLOW_LABEL: Record<FlowKind, keyof PacketStepperMessages> = {
  'same-node': 'flowSameNode', 'cross-node': 'flowCrossNode', internet: 'flowInternet', 'node-to-pod': 'flowNodeToPod',
};

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const NODE_W = 230;
const NODE_H = 176;

/** Where each box goes: nodes side by side with their pods inside, the VPC below, the way out on the right. */
function layout(boxes: BoxView[]): { rects: Map<string, Rect>; ifaces: Map<string, { x: number; y: number }>; width: number } {
  const rects = new Map<string, Rect>();
  const ifaces = new Map<string, { x: number; y: number }>();
  const nodes = boxes.filter((b) => b.kind === 'node');
  nodes.forEach((n, i) => {
    const r = { x: 10 + i * (NODE_W + 20), y: 10, w: NODE_W, h: NODE_H };
    rects.set(n.id, r);
    boxes.filter((b) => b.parent === n.id).forEach((p, k) => rects.set(p.id, { x: r.x + 10, y: r.y + 34 + k * 46, w: r.w - 20, h: 38 }));
    // Interfaces in rows of two along the bottom of the node (ENIs first, then the veths the flow crossed).
    n.ifaces.slice(0, 6).forEach((f, k) => ifaces.set(`${n.id}|${f.name}`, { x: r.x + 12 + (k % 2) * 108, y: r.y + NODE_H - 28 - Math.floor(k / 2) * 24 }));
  });
  const right = 10 + nodes.length * (NODE_W + 20);
  const vpc = boxes.find((b) => b.kind === 'vpc');
  if (vpc) rects.set(vpc.id, { x: 10, y: NODE_H + 24, w: Math.max(right - 30, NODE_W), h: 34 });
  const igw = boxes.find((b) => b.kind === 'igw');
  if (igw) rects.set(igw.id, { x: right, y: NODE_H + 24, w: 130, h: 34 });
  const net = boxes.find((b) => b.kind === 'internet');
  if (net) rects.set(net.id, { x: right, y: 40, w: 160, h: 70 });
  return { rects, ifaces, width: Math.max(right + (igw || net ? 180 : 0), 500) };
}

function short(name: string, max = 28): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

function Header({ hop, t }: { hop: HopView; t: PacketStepperMessages }) {
  const cell = (k: keyof HeaderView) => {
    const now = String(hop.header[k]);
    if (!hop.changed.includes(k)) return <td>{now}</td>;
    return (
      <td class="nl-changed">
        <del>{String(hop.before![k])}</del> → <ins>{now}</ins>
      </td>
    );
  };
  return (
    <table class="nl-stepper__header">
      <thead>
        <tr><th scope="col">{t.source}</th><th scope="col">{t.destination}</th><th scope="col">TTL</th><th scope="col">{t.icmpId}</th></tr>
      </thead>
      <tbody>
        <tr>{cell('src')}{cell('dst')}{cell('ttl')}{cell('id')}</tr>
      </tbody>
    </table>
  );
}

export default function PacketStepperIsland({ clusterId, lang }: Props) {
  const t = wordsIn(WORDS, lang);
  const say = wordsIn(SAID, lang);
  const [flow, setFlow] = useState<FlowView & { hopCount?: number }>(FIRST);
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [snat, setSnat] = useState<boolean | null>(null);
  const [compare, setCompare] = useState<string | null>(null);
  const cluster = useRef<PageCluster | null>(null);

  /** The page's cluster, reached on first use (the engine worker starts then). */
  const attach = async () => {
    if (!cluster.current) {
      const { pageCluster } = await import('../shared/page-cluster.ts');
      cluster.current = pageCluster(clusterId);
      const on = await cluster.current.call('externalSnat', undefined);
      setSnat((shown) => shown ?? on);
    }
    return cluster.current;
  };

  const show = (next: FlowView | null, why: string) => {
    if (!next) {
      setMessage(why);
      return;
    }
    setMessage('');
    setFlow(next);
    setIndex(0);
  };

  /** Runs a request against the cluster with the controls disabled; a failure is shown, not swallowed. */
  const busyWhile = async (task: (c: PageCluster) => Promise<void>, stopPlaying = true) => {
    setBusy(true);
    if (stopPlaying) setPlaying(false);
    try {
      await task(await attach());
    } catch (e) {
      setMessage((e as Error).message);
    }
    setBusy(false);
  };

  const pick = (kind: FlowKind) =>
    busyWhile(async (c) => {
      setCompare(null);
      show(await c.call('flow', { kind }), t.noPods);
    });

  const fromTerminal = () =>
    busyWhile(async (c) => {
      setCompare(null);
      show(await c.call('lastPing', undefined), t.noPing);
    });

  const toggleSnat = (on: boolean) => {
    // The box shows the learner's choice at once; the cluster's answer follows.
    const was = snat;
    setSnat(on);
    return busyWhile(async (c) => {
      const kind: FlowKind = flow.kind === 'terminal' ? 'internet' : flow.kind;
      const { before, after } = await c.call('setExternalSnat', { on, kind }).catch((e) => {
        setSnat(was);
        throw e;
      });
      show(after, '');
      if (before && after) setCompare(fill(t.compare, { before: say(before.outcome), after: say(after.outcome) }));
    });
  };

  // Play: one hop per beat; the beat shortens with the speed.
  useEffect(() => {
    if (!playing) return;
    if (index >= (flow.hopCount ?? flow.hops.length) - 1) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => void go(index + 1), 1200 / speed);
    return () => clearTimeout(t);
  }, [playing, index, speed, flow]);

  /** Moves to hop `i`, first following the whole flow if the page only carried its start. */
  const go = async (i: number) => {
    if (flow.hopCount !== undefined && i >= flow.hops.length) {
      const kind = flow.kind;
      if (kind === 'terminal') return;
      await busyWhile(async (c) => {
        const full = await c.call('flow', { kind });
        if (!full) return;
        setFlow(full);
        setIndex(Math.min(i, full.hops.length - 1));
      }, false);
      return;
    }
    setIndex(Math.max(0, Math.min(i, flow.hops.length - 1)));
  };

  const hop = flow.hops[index];
  const { rects, ifaces, width } = layout(flow.boxes);
  const current = rects.get(hop.box);
  const pill = hop.iface ? ifaces.get(`${hop.box}|${hop.iface}`) : undefined;
  const at = pill ? { x: pill.x + 94, y: pill.y + 10 } : current && { x: current.x + current.w - 12, y: current.y + current.h / 2 };
  const total = flow.hopCount ?? flow.hops.length;
  const last = total - 1;

  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).tagName === 'SELECT') return;
    if (e.key === 'ArrowRight') void go(index + 1);
    else if (e.key === 'ArrowLeft') void go(index - 1);
    else return;
    e.preventDefault();
  };

  return (
    <div class="nl-widget nl-stepper not-content" onKeyDown={onKey}>
      <div class="nl-stepper__pick" role="group" aria-label={t.whichFlow}>
        {FLOW_KINDS.map((k) => (
          <button type="button" key={k} aria-pressed={flow.kind === k} disabled={busy} onClick={() => void pick(k)}>{t[FLOW_LABEL[k]]}</button>
        ))}
        <button type="button" aria-pressed={flow.kind === 'terminal'} disabled={busy} onClick={() => void fromTerminal()}>{t.lastPing}</button>
      </div>
      <label class="nl-stepper__snat">
        <input type="checkbox" checked={snat ?? false} disabled={busy} onChange={(e) => void toggleSnat(e.currentTarget.checked)} />{' '}
        <code>AWS_VPC_K8S_CNI_EXTERNALSNAT=true</code> {t.snat}
      </label>
      {message && <p class="nl-note" role="status">{message}</p>}
      <p class="nl-stepper__title"><strong>{say(flow.title)}</strong> <span class="nl-small">{fillNodes(t.as, { command: <code>{flow.command}</code> })}</span></p>

      {/* On a phone the map keeps a readable size and scrolls sideways inside its own box. */}
      <div class="nl-stepper__mapwrap" tabIndex={0} role="region" aria-label={t.map}>
      <svg class="nl-stepper__map" viewBox={`0 0 ${width} 250`} role="img" aria-label={fill(t.mapHop, { n: index + 1, place: `${say(hop.place)}${hop.iface ? `, ${hop.iface}` : ''}` })}>
        {flow.boxes.map((b) => {
          const r = rects.get(b.id);
          if (!r) return null;
          const on = b.id === hop.box;
          return (
            <g key={b.id} class={`nl-box nl-box--${b.kind}${on ? ' is-current' : ''}`}>
              <rect x={r.x} y={r.y} width={r.w} height={r.h} rx={6} />
              <text x={r.x + 8} y={r.y + 16} class="nl-box__label">{short(say(b.label), b.kind === 'pod' ? 30 : 26)}</text>
              {b.detail && <text x={r.x + 8} y={r.y + (b.kind === 'pod' ? 31 : b.kind === 'node' ? 29 : 28)} class="nl-box__detail">{b.kind === 'vpc' ? fill(t.vpcDetail, { cidr: b.detail }) : say(b.detail)}</text>}
            </g>
          );
        })}
        {flow.boxes.filter((b) => b.kind === 'node').flatMap((b) => b.ifaces.map((f) => {
          const p = ifaces.get(`${b.id}|${f.name}`);
          if (!p) return null;
          const on = hop.box === b.id && hop.iface === f.name;
          return (
            <g key={`${b.id}|${f.name}`} class={`nl-if${on ? ' is-current' : ''}`}>
              <rect x={p.x} y={p.y} width={100} height={20} rx={4} />
              <text x={p.x + 6} y={p.y + 14}>{short(f.name, 14)}</text>
            </g>
          );
        }))}
        {at && <circle class="nl-packet" cx={at.x} cy={at.y} r={7} />}
      </svg>
      </div>

      <div class="nl-stepper__controls">
        <button type="button" onClick={() => void go(index - 1)} disabled={index === 0 || busy} >{t.previous}</button>
        <button type="button" disabled={busy} onClick={() => { if (index >= last) setIndex(0); setPlaying(!playing); }} aria-pressed={playing}>{playing ? t.pause : t.play}</button>
        <button type="button" onClick={() => void go(index + 1)} disabled={index === last || busy} >{t.next}</button>
        <label>
          {t.speed}{' '}
          <select value={String(speed)} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
            <option value="0.5">0.5×</option>
            <option value="1">1×</option>
            <option value="2">2×</option>
          </select>
        </label>
        <span class="nl-small" aria-live="polite">{fill(t.hopOf, { n: index + 1, total, leg: hop.leg === 'request' ? t.request : t.reply })}</span>
      </div>

      <section class="nl-stepper__hop" aria-label={t.thisHop}>
        <p class="nl-stepper__where">
          <strong>{say(hop.place)}</strong>
          {hop.iface && <> · <code>{hop.iface}</code> {hop.direction === 'in' ? t.in : t.out}</>}
        </p>
        <p>{say(hop.what)}</p>
        <Header hop={hop} t={t} />
        {hop.route && (
          <p class="nl-stepper__route">
            {fillNodes(t.route, { rule: <code>{hop.route.rule.replace('\t', ' ')}</code>, table: <code>{hop.route.table}</code>, route: <code>{hop.route.route}</code> })}
          </p>
        )}
        {hop.rules && hop.rules.length > 0 && (
          <ul class="nl-stepper__rules" aria-label={t.rules}>
            {hop.rules.map((r) => <li key={r.text}><span class="nl-small">{r.table}</span> <code>{r.text}</code></li>)}
          </ul>
        )}
        {hop.tcpdump && (
          <dl class="nl-stepper__tcpdump">
            <dt>{fill(t.tcpdumpOn, { host: say(hop.tcpdump.host) })}</dt>
            <dd><code>{hop.tcpdump.any}</code></dd>
            <dt>tcpdump -i eth0</dt>
            <dd>{hop.tcpdump.eth0 ? <code>{hop.tcpdump.eth0}</code> : <span class="nl-small">{t.notOnEth0}</span>}</dd>
            {hop.tcpdump.vethName && (
              <>
                <dt>tcpdump -i {hop.tcpdump.vethName}</dt>
                <dd><code>{hop.tcpdump.veth}</code></dd>
              </>
            )}
          </dl>
        )}
      </section>
      <p class="nl-stepper__outcome">{say(flow.outcome)}</p>
      {compare && <p class="nl-note" role="status">{compare}</p>}
    </div>
  );
}
