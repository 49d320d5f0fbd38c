// Calico as the cluster's CNI instead of the VPC CNI: the settings the lab's variant is installed with, and the
// numbers that follow from them. Sources (projectcalico/calico v3.25.2): felix/dataplane/linux/vxlan_mgr.go
// (device vxlan.calico, VNI 4096, port 4789), felix/config/config_params.go (VXLANVNI 4096, VXLANPort 4789),
// the operator's MTU auto-detection (host MTU minus the encapsulation's overhead: calico docs "Configure MTU",
// Common MTU sizes: VXLAN 50 bytes, IP-in-IP 20).
import { type Cidr, parseCidr } from '../net/ipv4.ts';

/** Which CNI the cluster runs: the default VPC CNI, or Calico with one of its encapsulations. */
export type CniMode = 'vpc-cni' | 'calico-vxlan' | 'calico-ipip';
export type Encapsulation = 'vxlan' | 'ipip';

export const CNI_MODES: readonly CniMode[] = ['vpc-cni', 'calico-vxlan', 'calico-ipip'];
export const CALICO_VERSION = 'v3.25.1';

/**
 * The IP pool. Calico's default, 192.168.0.0/16, is the lab VPC's own CIDR (eksctl's default VPC too), so pod
 * addresses would shadow node addresses. Tigera's EKS guide lets the Installation name the pool; the lab uses
 * 172.16.0.0/16, an RFC 1918 range outside the VPC (the pool overlay-vs-vpc-cni.md §3 names).
 */
export const POOL_CIDR: Cidr = parseCidr('172.16.0.0/16')!;
/** IPPool blockSize default for IPv4 (each node claims /26 blocks: 64 addresses). */
export const BLOCK_PREFIX = 26;
export const VXLAN_VNI = 4096;
export const VXLAN_PORT = 4789;
/** Bytes an encapsulation adds on the wire: VXLAN = outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8; IPIP = IPv4 20. */
export const OVERHEAD: Record<Encapsulation, number> = { vxlan: 50, ipip: 20 };
export const TUNNEL_DEVICE: Record<Encapsulation, string> = { vxlan: 'vxlan.calico', ipip: 'tunl0' };
/** The host MTU of an EC2 ENI in a VPC (jumbo frames). */
export const UNDERLAY_MTU = 9001;
/**
 * Calico's CNI plugin gives the host end of every pod veth this fixed MAC (cni-plugin/internal/pkg/utils:
 * "ee:ee:ee:ee:ee:ee"); the pod resolves 169.254.1.1 to it by proxy ARP.
 */
export const HOST_VETH_MAC = 'ee:ee:ee:ee:ee:ee';
/** FELIX_INTERFACEPREFIX's default. */
export const VETH_PREFIX = 'cali';

export function encapsulationOf(mode: CniMode): Encapsulation | undefined {
  return mode === 'calico-vxlan' ? 'vxlan' : mode === 'calico-ipip' ? 'ipip' : undefined;
}

/** The MTU auto-detection picks: the underlay's MTU less the encapsulation's overhead (8951 / 8981 on 9001). */
export function autoMtu(enc: Encapsulation, underlay = UNDERLAY_MTU): number {
  return underlay - OVERHEAD[enc];
}
