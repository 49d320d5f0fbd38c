// What a node's network namespace holds under Calico: eth0 (ipamd never attaches more ENIs), the tunnel device,
// one `cali…` veth per pod; routes per IPAM block. Sources (calico v3.25.2): felix/dataplane/linux/vxlan_mgr.go
// (a route per remote block `via <remote VTEP> dev vxlan.calico onlink`; felix's blackhole for each local block,
// protocol 80), felix/routetable (workload /32 routes `dev cali… scope link`, protocol boot, which `ip` does not
// print); with IPIP, BIRD programs the remote blocks `via <node IP> dev tunl0 proto bird onlink` and the local
// blackhole `proto bird` (confd's bird.cfg.template). Veth names: libcalico-go
// lib/backend/k8s/conversion VethNameForWorkload: "cali" + sha1("<namespace>.<pod>") hex[:11], the same scheme
// as the VPC CNI's (src/model/ids.ts hostVethName).
import type { Cluster } from '../cluster/cluster.ts';
import type { Node } from '../cluster/types.ts';
import { linkLocalFromMac } from '../ids.ts';
import type { Interface, Route, Rule } from '../net/host-network.ts';
import type { CalicoState } from './state.ts';

export function calicoTunnelInterface(calico: CalicoState, node: Node): Interface | undefined {
  const t = calico.tunnel(node);
  if (!t) return undefined;
  return {
    ifindex: t.ifindex, name: t.name, kind: calico.encapsulation, mac: t.mac, mtu: calico.mtu,
    ipv4: { address: t.address, prefix: 32 },
  };
}

/** Main-table routes Calico adds: remote blocks through the tunnel, local blocks as blackholes. */
export function calicoBlockRoutes(cluster: Cluster, calico: CalicoState, node: Node): Route[] {
  const routes: Route[] = [];
  const vxlan = calico.encapsulation === 'vxlan';
  for (const block of calico.ipam.blocks) {
    if (block.host === node.name) {
      routes.push({ type: 'blackhole', dst: block.cidr, dev: '', proto: vxlan ? '80' : 'bird' });
      continue;
    }
    const remote = cluster.node(block.host);
    const tunnel = calico.tunnel(block.host);
    if (!remote || !tunnel) continue;
    routes.push(vxlan
      ? { dst: block.cidr, via: tunnel.address, dev: tunnel.name, onlink: true }
      : { dst: block.cidr, via: remote.enis[0].primaryIp, dev: tunnel.name, proto: 'bird', onlink: true });
  }
  return routes;
}

/** No CNI policy rules: only the kernel's three. */
export function calicoRules(): Rule[] {
  return [{ priority: 0, table: 'local' }, { priority: 32766, table: 'main' }, { priority: 32767, table: 'default' }];
}

/** The IPv6 link-local a device shows in `ip addr` (tunl0 has none: it is NOARP and has no MAC). */
export function tunnelLinkLocal(i: Interface): string | undefined {
  return i.kind === 'ipip' ? undefined : linkLocalFromMac(i.mac);
}
