// Calico's per-cluster state in the model: the mode, the MTU felix and the CNI plugin use, calico-ipam, and each
// node's tunnel device (created by felix when calico-node starts, before any pod's veth).
import type { Node } from '../cluster/types.ts';
import { vethMac } from '../ids.ts';
import type { Ipv4 } from '../net/ipv4.ts';
import { createRng } from '../rng.ts';
import { autoMtu, type CniMode, type Encapsulation, encapsulationOf, TUNNEL_DEVICE } from './config.ts';
import { CalicoIpam } from './ipam.ts';

export interface CalicoOptions {
  mode: Exclude<CniMode, 'vpc-cni'>;
  /**
   * Installation.spec.calicoNetwork.mtu: the pod veths' and the tunnel's MTU. Unset: auto-detected from eth0
   * (8951 for VXLAN, 8981 for IPIP on a 9001 VPC).
   */
  mtu?: number;
}

export interface TunnelDevice {
  name: string;
  ifindex: number;
  /** vxlan.calico's MAC (calico-node generates one per node; the node annotation IPv4VXLANTunnelMACAddr). */
  mac: string;
  address: Ipv4;
}

export class CalicoState {
  readonly mode: CalicoOptions['mode'];
  readonly encapsulation: Encapsulation;
  readonly mtu: number;
  readonly ipam: CalicoIpam;
  private readonly tunnels = new Map<string, TunnelDevice>();
  private readonly seed: string;

  constructor(seed: string, o: CalicoOptions) {
    this.mode = o.mode;
    this.encapsulation = encapsulationOf(o.mode)!;
    this.mtu = o.mtu ?? autoMtu(this.encapsulation);
    this.ipam = new CalicoIpam(seed);
    this.seed = seed;
  }

  get tunnelName(): string {
    return TUNNEL_DEVICE[this.encapsulation];
  }

  /** calico-node came up on the node: IPAM block, tunnel address, tunnel device. */
  addNode(node: Node): TunnelDevice {
    const address = this.ipam.addHost(node.name, this.encapsulation);
    const mac = this.encapsulation === 'vxlan' ? vethMac(createRng(`${this.seed}/vxlan-mac/${node.name}`)) : '00:00:00:00:00:00';
    const dev: TunnelDevice = { name: this.tunnelName, ifindex: node.nextIfindex++, mac, address };
    this.tunnels.set(node.name, dev);
    return dev;
  }

  tunnel(node: Node | string): TunnelDevice | undefined {
    return this.tunnels.get(typeof node === 'string' ? node : node.name);
  }
}
