// One stage of the rule walk: the rules the packet matched there, the dice of a KUBE-SVC-* chain, the IPVS virtual
// server. Rendered by the island, and statically at build time for the page's first stage (RuleWalk.astro), in the
// page's words (`t`).
import type { DiceView, IpvsView, WalkRule, WalkStage } from '../../model/views/rule-walk.ts';
import { fillNodes } from '../shared/fill-nodes.ts';
import { fill } from '../shared/i18n.ts';
import type { RuleWalkMessages } from './messages.ts';

/** Why a rule is there, in a sentence: by its chain and target (the rule text itself comes from the model). */
function meaning(r: WalkRule, t: RuleWalkMessages): string {
  const { chain, target: x } = r;
  if (chain.startsWith('AWS-') || x.startsWith('AWS-') || x === 'CONNMARK') return t.whyVpcCni;
  if ((chain === 'PREROUTING' || chain === 'OUTPUT') && x === 'KUBE-SERVICES') return chain === 'PREROUTING' ? t.whyPrerouting : t.whyOutput;
  if (chain === 'POSTROUTING') return t.whyPostrouting;
  if (chain === 'KUBE-SERVICES') {
    if (x.startsWith('KUBE-SVC-') || x.startsWith('KUBE-SVL-')) {
      return fill(t.whyService, { above: r.index === 1 ? t.aboveFirst : r.index === 2 ? t.aboveOne : fill(t.aboveMany, { n: r.index - 1 }) });
    }
    if (x === 'KUBE-NODEPORTS' || x === 'KUBE-NODE-PORT') return t.whyNodePorts;
    if (x === 'KUBE-MARK-MASQ') return t.whyIpvsMasq;
    if (x === 'ACCEPT') return t.whyIpvsAccept;
  }
  if (chain === 'KUBE-NODEPORTS') return t.whyNodePort;
  if (chain.startsWith('KUBE-EXT-')) return x === 'KUBE-MARK-MASQ' ? t.whyExtMasq : t.whyExtDice;
  if (chain.startsWith('KUBE-SVC-') || chain.startsWith('KUBE-SVL-')) return t.whyDice;
  if (chain.startsWith('KUBE-SEP-')) return x === 'DNAT' ? t.whyDnat : t.whyHairpin;
  if (chain === 'KUBE-MARK-MASQ') return t.whyMark;
  if (chain === 'KUBE-POSTROUTING') {
    if (x === 'RETURN') return t.whyNotMarked;
    if (x === 'MARK') return t.whyClearMark;
    if (x === 'MASQUERADE') return t.whyMasquerade;
  }
  return '';
}

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.1 ? 2 : 1)}%`;

function Dice({ dice, t }: { dice: DiceView; t: RuleWalkMessages }) {
  return (
    <div class="nl-walk__scroll" tabIndex={0} role="region" aria-label={fill(t.diceOf, { chain: dice.chain })}>
      <table class="nl-walk__dice">
        <caption>{fillNodes(t.diceCaption, { chain: <code>{dice.chain}</code> })}</caption>
        <thead>
          <tr><th scope="col">{t.endpoint}</th><th scope="col">{t.kubeProxyWrites}</th><th scope="col">iptables-save</th><th scope="col">{t.share}</th><th scope="col">{t.thisPacket}</th></tr>
        </thead>
        <tbody>
          {dice.rows.map((r) => (
            <tr key={r.sep} class={r.outcome === 'taken' ? 'is-taken' : undefined}>
              <td><code>{r.endpoint}</code></td>
              <td>{r.kubeProxy ? <><code>{r.kubeProxy}</code> <span class="nl-small">({r.fraction})</span></> : <span class="nl-small">{t.theRest}</span>}</td>
              <td>{r.iptables ? <code>{r.iptables}</code> : '—'}</td>
              <td>{pct(r.share)}</td>
              <td>{r.outcome === 'taken' ? <strong>{r.draw !== undefined ? fill(t.drawTaken, { draw: r.draw.toFixed(4), p: Number(r.iptables).toFixed(4) }) : t.lastTaken}</strong>
                : r.outcome === 'passed' ? fill(t.drawPassed, { draw: r.draw!.toFixed(4), p: Number(r.iptables).toFixed(4) }) : <span class="nl-small">{t.notReached}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Ipvs({ ipvs, t }: { ipvs: IpvsView; t: RuleWalkMessages }) {
  return (
    <p class="nl-walk__ipvs">
      {fillNodes(t.ipvs, {
        server: <code>{ipvs.virtualServer}</code>, scheduler: <code>{ipvs.scheduler}</code>,
        persistent: ipvs.persistent !== undefined ? fill(t.persistent, { s: ipvs.persistent }) : '',
        reals: ipvs.reals.map((r, i) => <span key={r.address}>{i > 0 && ', '}<code class={r.chosen ? 'is-chosen' : undefined}>{r.address}</code>{r.chosen && t.chosen}</span>),
      })}
    </p>
  );
}

/** One stage in the page's words `t`, the model's descriptions said by `say` (src/widgets/shared/i18n.ts). */
export function Stage({ stage, t, say }: { stage: WalkStage; t: RuleWalkMessages; say: (text: string) => string }) {
  return (
    <section class="nl-walk__stage" aria-label={t.thisStage}>
      {stage.before && <p class="nl-walk__nat"><span class="nl-small">{t.packet}</span> <del>{stage.before}</del> → <ins>{stage.after}</ins></p>}
      {stage.rules.length > 0 && (
        <ol class="nl-walk__rules">
          {stage.rules.map((r) => (
            <li key={r.text}>
              <span class="nl-small">{fill(t.ruleOf, { index: r.index, of: r.of, chain: r.chain })}</span>
              <code class="nl-walk__rule">{r.text}</code>
              {meaning(r, t) && <span class="nl-walk__why">{meaning(r, t)}</span>}
            </li>
          ))}
        </ol>
      )}
      {stage.fellThrough.map((f) => (
        <p class="nl-small" key={f.chain}>{fillNodes(t.fellThrough, { chain: <code>{f.chain}</code>, rules: f.rules })}</p>
      ))}
      {stage.dice && <Dice dice={stage.dice} t={t} />}
      {stage.ipvs && <Ipvs ipvs={stage.ipvs} t={t} />}
      {!stage.rules.length && !stage.ipvs && <p>{say(stage.what)}</p>}
    </section>
  );
}

