import { useEffect, useRef, useState } from 'preact/hooks';
import type { ClusterView, SlotView } from '../../model/views/eni-view.ts';
import { loadFirstPicture } from '../shared/first-picture.ts';
import type { PageCluster } from '../shared/page-cluster.ts';
import { asSaid, fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import { en, type EniViewMessages } from './messages.ts';

interface Props {
  clusterId: string;
  controls?: boolean;
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
}

/** Each setting's label: the variable's own name, or a message's key. */
const SETTINGS: { key: string; label: string; options: string[] }[] = [
  { key: 'WARM_ENI_TARGET', label: 'WARM_ENI_TARGET', options: ['0', '1', '2'] },
  { key: 'WARM_IP_TARGET', label: 'WARM_IP_TARGET', options: ['', '1', '2', '5', '10'] },
  { key: 'MINIMUM_IP_TARGET', label: 'MINIMUM_IP_TARGET', options: ['', '4', '10', '15'] },
  { key: 'ENABLE_PREFIX_DELEGATION', label: 'prefixDelegation', options: ['false', 'true'] },
];

/** The lab's starting cluster, computed at build time so the picture needs no JavaScript (./first-picture.ts). */
const [FIRST, WORDS, SAID] = await Promise.all([
  loadFirstPicture<ClusterView>('eni-view'),
  loadWords(en, () => import('./messages.ko.ts')),
  loadWords(asSaid, () => import('../shared/narration.ko.ts')),
]);

export default function EniViewIsland({ clusterId, controls = false, lang }: Props) {
  const t = wordsIn(WORDS, lang);
  const say = wordsIn(SAID, lang);
  const [view, setView] = useState<ClusterView>(FIRST);
  const [selected, setSelected] = useState<{ node: string; eni: string; slot: SlotView } | null>(null);
  const [changes, setChanges] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [replicas, setReplicas] = useState('');
  const [wait, setWait] = useState('60');
  const [row, setRow] = useState<string | null>(null);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const [failure, setFailure] = useState('');
  const cluster = useRef<PageCluster | null>(null);

  /** The page's cluster (its engine loads on first use; the server-rendered picture needs none). */
  const attach = async () => {
    if (cluster.current) return cluster.current;
    const { pageCluster } = await import('../shared/page-cluster.ts');
    const c = pageCluster(clusterId);
    cluster.current = c;
    const redraw = () => c.call('eniView', undefined).then(setView, (e: Error) => setFailure(e.message));
    c.subscribe(() => void redraw());
    await redraw();
    return c;
  };

  // A pod name hovered in this page's terminal lights up its address here.
  useEffect(() => {
    const onHighlight = (e: Event) => {
      const d = (e as CustomEvent<{ clusterId: string; pod: string | null }>).detail;
      if (d.clusterId === clusterId) setHighlighted(d.pod);
    };
    document.addEventListener('nl-pod-highlight', onHighlight);
    return () => document.removeEventListener('nl-pod-highlight', onHighlight);
  }, []);

  /** Selecting a pod's address shows its `kubectl get pod -o wide` row, from the live cluster. */
  const select = async (node: string, eni: string, slot: SlotView) => {
    setSelected({ node, eni, slot });
    setRow(null);
    if (slot.state !== 'pod' || !slot.pod) return;
    const c = await attach();
    setRow(await c.call('podRow', { pod: slot.pod }));
  };

  // When the terminal on this page builds the cluster, follow it (until then the page's picture is enough).
  useEffect(() => {
    let live = true;
    import('../shared/page-cluster.ts').then(({ clusterBuilt }) =>
      clusterBuilt(clusterId).then(() => {
        if (live) void attach().catch((e: Error) => setFailure(e.message));
      }),
    );
    return () => {
      live = false;
    };
  }, []);

  /** Applies a change through the same commands a learner would type, lets time pass, and lists what changed. */
  const apply = async (commands: string[]) => {
    setBusy(true);
    try {
      const c = await attach();
      const { view: after, changes: what } = await c.call('eniApply', { commands, wait: Number(wait) });
      setView(after);
      setChanges(what);
    } catch (e) {
      setFailure((e as Error).message);
    }
    setBusy(false);
  };

  const scale = () => {
    const n = Number(replicas);
    if (!Number.isInteger(n) || n < 0 || n > 200) return;
    void apply(['kubectl apply -f nginx-dp.yaml', `kubectl scale deployment nginx-deployment --replicas=${n}`]);
  };

  const setEnv = (key: string, value: string) =>
    void apply([`kubectl set env daemonset aws-node -n kube-system ${value === '' ? `${key}-` : `${key}=${value}`}`]);

  return (
    <div class="nl-widget nl-eni not-content">
      {controls && (
        <form class="nl-eni__controls" onSubmit={(e) => { e.preventDefault(); scale(); }}>
          <label>
            {t.replicas}{' '}
            <input class="nl-num" inputMode="numeric" value={replicas} placeholder={t.replicasExample} onInput={(e) => setReplicas(e.currentTarget.value)} aria-invalid={replicas !== '' && !/^\d+$/.test(replicas)} />
          </label>
          <button type="submit" disabled={busy}>{t.scale}</button>
          {SETTINGS.map((s) => (
            <label key={s.key}>
              {s.label in t ? t[s.label as keyof EniViewMessages] : s.label}{' '}
              <select value={view.settings[s.key] ?? ''} disabled={busy} onChange={(e) => setEnv(s.key, e.currentTarget.value)}>
                {s.options.map((o) => <option value={o}>{o === '' ? t.unset : o}</option>)}
              </select>
            </label>
          ))}
          <label>
            {t.wait}{' '}
            <select value={wait} onChange={(e) => setWait(e.currentTarget.value)}>
              <option value="10">{fill(t.seconds, { n: 10 })}</option>
              <option value="60">{fill(t.minutes, { n: 1 })}</option>
              <option value="300">{fill(t.minutes, { n: 5 })}</option>
            </select>
          </label>
        </form>
      )}
      <div class="nl-eni__nodes">
        {view.nodes.map((node) => (
          <section key={node.name} class="nl-eni__node" aria-label={fill(t.node, { name: node.name })}>
            <p class="nl-eni__head">
              <b>{node.name.split('.')[0]}</b> <span class="nl-small">{fill(t.counts, { pods: node.pods, maxPods: node.maxPods, enis: node.enis.length, maxEnis: node.maxEnis })}</span>
            </p>
            {node.enis.map((eni) => (
              <div key={eni.id} class="nl-eni__eni">
                <span class="nl-eni__label">
                  {eni.name} <span class="nl-small">{eni.primaryIp}{eni.attaching ? t.attaching : ''}</span>
                </span>
                <span class="nl-eni__slots">
                  <span class="nl-slot nl-slot--primary" />
                  {eni.slots.map((slot) => (
                    <button
                      type="button"
                      key={slot.ip}
                      class={`nl-slot nl-slot--${slot.state}${slot.pod && slot.pod === highlighted ? ' nl-slot--hl' : ''}`}
                      aria-label={`${slot.ip} ${slot.state === 'pod' ? t.slotPod : slot.state === 'warm' ? t.slotWarm : t.slotCooling}`}
                      aria-pressed={selected?.slot.ip === slot.ip}
                      onClick={() => void select(node.name, eni.name, slot)}
                    />
                  ))}
                </span>
              </div>
            ))}
          </section>
        ))}
      </div>
      <p class="nl-small nl-eni__legend">
        <span class="nl-slot nl-slot--primary" /> {t.primary} <span class="nl-slot nl-slot--pod" /> {t.legendPod} <span class="nl-slot nl-slot--warm" /> {t.legendWarm}{' '}
        <span class="nl-slot nl-slot--cooldown" /> {t.legendCooling}
      </p>
      {failure && <p class="nl-note" role="alert">{failure}</p>}
      <p class="nl-eni__detail" aria-live="polite" data-testid="eni-detail">
        {selected
          ? fill(t.detail, {
              ip: selected.slot.ip,
              eni: selected.eni,
              node: selected.node.split('.')[0],
              what: selected.slot.state === 'pod' ? fill(t.detailPod, { pod: selected.slot.pod ?? '', veth: selected.slot.veth ?? '—' }) : selected.slot.state === 'warm' ? t.detailWarm : t.detailCooling,
            }) + (selected.slot.prefix ? fill(t.inPrefix, { prefix: selected.slot.prefix }) : '')
          : t.select}
      </p>
      {row && <pre class="nl-eni__row" data-testid="eni-row">{row}</pre>}
      {changes && (
        <div class="nl-eni__changes" aria-live="polite">
          <strong>{t.changed}</strong>
          <ul data-testid="eni-changes">{changes.length ? changes.map((c) => <li>{say(c)}</li>) : <li>{t.nothingYet}</li>}</ul>
        </div>
      )}
    </div>
  );
}
