// One stage of the rule walk: the rules the packet matched there, the dice of a KUBE-SVC-* chain, the IPVS virtual
// server. Rendered by the island, and statically at build time for the page's first stage (RuleWalk.astro).
import type { DiceView, IpvsView, WalkRule, WalkStage } from '../../model/views/rule-walk.ts';

/** Why a rule is there, in a sentence: by its chain and target (the rule text itself comes from the model). */
function meaning(r: WalkRule): string {
  const { chain, target: t } = r;
  if (chain.startsWith('AWS-') || t.startsWith('AWS-') || t === 'CONNMARK') return 'The VPC CNI’s rule, not kube-proxy’s.';
  if ((chain === 'PREROUTING' || chain === 'OUTPUT') && t === 'KUBE-SERVICES') {
    return chain === 'PREROUTING' ? 'New connections arriving at the node enter kube-proxy’s table of Services.' : 'Connections the node opens itself enter the same table, from OUTPUT.';
  }
  if (chain === 'POSTROUTING') return 'On the way out, kube-proxy’s postrouting chain looks for its mark.';
  if (chain === 'KUBE-SERVICES') {
    if (t.startsWith('KUBE-SVC-') || t.startsWith('KUBE-SVL-')) {
      const above = r.index === 1 ? 'It is the first rule.' : r.index === 2 ? 'The rule above it was compared first.' : `The ${r.index - 1} rules above it were compared first.`;
      return `This Service’s ClusterIP and port. ${above}`;
    }
    if (t === 'KUBE-NODEPORTS' || t === 'KUBE-NODE-PORT') return 'The last rule: a destination that is one of this node’s own addresses may be a NodePort.';
    if (t === 'KUBE-MARK-MASQ') return 'The source is itself a ClusterIP (the node’s own connection from kube-ipvs0): mark it for masquerade.';
    if (t === 'ACCEPT') return 'The destination is in the KUBE-CLUSTER-IP ipset: accepted, and IPVS takes over.';
  }
  if (chain === 'KUBE-NODEPORTS') return 'The NodePort: on to the Service’s external chain.';
  if (chain.startsWith('KUBE-EXT-')) return t === 'KUBE-MARK-MASQ' ? 'Traffic that came in from outside is marked for masquerade (externalTrafficPolicy: Cluster).' : 'Then the same dice as the ClusterIP.';
  if (chain.startsWith('KUBE-SVC-') || chain.startsWith('KUBE-SVL-')) return 'The dice: see the table below.';
  if (chain.startsWith('KUBE-SEP-')) return t === 'DNAT' ? 'The destination becomes the endpoint; conntrack keeps this for the whole connection.' : 'The endpoint is the sender itself (hairpin): mark for masquerade.';
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
          <tr><th scope="col">Endpoint</th><th scope="col">kube-proxy writes</th><th scope="col">iptables-save</th><th scope="col">Share</th><th scope="col">This packet</th></tr>
        </thead>
        <tbody>
          {dice.rows.map((r) => (
            <tr key={r.sep} class={r.outcome === 'taken' ? 'is-taken' : undefined}>
              <td><code>{r.endpoint}</code></td>
              <td>{r.kubeProxy ? <><code>{r.kubeProxy}</code> <span class="nl-small">({r.fraction})</span></> : <span class="nl-small">none: the rest</span>}</td>
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

export function Stage({ stage }: { stage: WalkStage }) {
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

