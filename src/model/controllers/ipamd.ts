// ipamd's pool loop on every node (aws-node's ipamd, pkg/ipamd/ipamd.go: StartNodeIPPoolManager): a pass every
// few seconds that grows or shrinks the node's warm pool (src/model/ipam/ipamd.ts decides what a pass does). The
// model runs a pass only when one could act: each pass says when to look again, and address changes wake it.
import type { Node } from '../cluster/types.ts';
import { type Ec2, ipamdTick, reconcilePool } from '../ipam/ipamd.ts';
import type { ClusterRuntime, Timers } from './runtime.ts';

export class IpamdLoop {
  private readonly rt: ClusterRuntime;
  private readonly timers: Timers;
  private readonly ec2: Ec2;

  constructor(rt: ClusterRuntime, timers: Timers, ec2: Ec2) {
    this.rt = rt;
    this.timers = timers;
    this.ec2 = ec2;
  }

  /**
   * Puts ipamd's next pass on the clock: the node's first loop tick after now and not before `at`. The model
   * skips the ticks where ipamd would find nothing to do.
   */
  wake(node: Node, at = this.rt.now): void {
    const tick = ipamdTick(node, this.rt.now, at);
    if (tick >= node.ipamdDueAt) return;
    node.ipamdDueAt = tick;
    this.timers.add(tick, this.step, node);
  }

  private readonly step = (node: Node) => {
    const rt = this.rt;
    // A pass put on the clock later and then overtaken by an earlier one does not run.
    if (rt.now !== node.ipamdDueAt || rt.nodes[node.index] !== node) return;
    node.ipamdDueAt = Infinity;
    const again = reconcilePool(node, rt.ipamdSettings(), this.ec2, rt.now);
    if (again < Infinity) this.wake(node, again);
  };
}
