// One simulated cluster with a shell session over it: what the CLI, the browser terminal and the tests run.
import { Cluster, type ClusterOptions } from '../model/cluster/cluster.ts';
import { aws } from './commands/aws.ts';
import { conntrack } from './commands/conntrack.ts';
import { ipset } from './commands/ipset.ts';
import { ipvsadm } from './commands/ipvsadm.ts';
import { calicoctl } from './commands/calicoctl.ts';
import { curl } from './commands/curl.ts';
import { iperf3 } from './commands/iperf3.ts';
import { eksctl } from './commands/eksctl.ts';
import { helm } from './commands/helm.ts';
import { dig } from './commands/dns/dig.ts';
import { host } from './commands/dns/host.ts';
import { nslookup } from './commands/dns/nslookup.ts';
import { ip } from './commands/ip.ts';
import { iptables, iptablesSave } from './commands/iptables.ts';
import { ping } from './commands/ping.ts';
import { kubectl } from './commands/kubectl/index.ts';
import { route } from './commands/route.ts';
import { ssh } from './commands/ssh.ts';
import { sudo } from './commands/sudo.ts';
import { sysctl } from './commands/sysctl.ts';
import { tcpdump } from './commands/tcpdump.ts';
import { traceroute } from './commands/traceroute.ts';
import { TEXT_TOOLS } from './commands/text-tools.ts';
import { createRegistry } from './registry.ts';
import { createShell, type Shell } from './run.ts';
import { ClusterSession } from './session.ts';

export const COMMANDS = [...TEXT_TOOLS, aws, calicoctl, conntrack, curl, dig, eksctl, helm, host, iperf3, kubectl, nslookup, ip, ipset, iptables, iptablesSave, ipvsadm, ping, route, ssh, sudo, sysctl, tcpdump, traceroute];

export interface EngineOptions extends ClusterOptions {
  /** Files on the bastion, by absolute path (the lab's manifests under /root). */
  files?: Record<string, string>;
  /** Another shell session on an existing cluster (a second terminal), instead of a new cluster. */
  cluster?: Cluster;
}

export interface Engine {
  cluster: Cluster;
  session: ClusterSession;
  shell: Shell;
  prompt(): string;
}

export function createEngine(options: EngineOptions = {}): Engine {
  const cluster = options.cluster ?? new Cluster(options);
  // eksctl wrote the bastion's kubeconfig when it created the cluster.
  const session = new ClusterSession(cluster, { '/root/.kube/config': cluster.eks.kubeconfig, ...options.files });
  const shell = createShell(session, createRegistry(COMMANDS));
  return { cluster, session, shell, prompt: () => session.prompt() };
}
