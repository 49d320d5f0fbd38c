// A shell session on the simulated cluster: the bastion host the seed lab works from, with the lab's
// variables preset, and the hosts `ssh` and `kubectl exec` step into.
import type { Cluster } from '../model/cluster/cluster.ts';
import type { Node, Pod } from '../model/cluster/types.ts';
import { formatIpv4 } from '../model/net/ipv4.ts';
import type { Session, ShellHost } from './types.ts';

export const BASTION: ShellHost = { kind: 'bastion', hostname: 'myeks-bastion-EC2', prompt: '[root@myeks-bastion-EC2 ~]# ' };

export function nodeHost(node: Node): ShellHost {
  const short = node.name.split('.')[0];
  return { kind: 'node', hostname: node.name, prompt: `[ec2-user@${short} ~]$ `, node: node.name };
}

export function podHost(pod: Pod): ShellHost {
  return { kind: 'pod', hostname: pod.name, prompt: `root@${pod.name}:/# `, pod: { namespace: pod.namespace, name: pod.name } };
}

export class ClusterSession implements Session {
  readonly env = new Map<string, string>();
  readonly aliases = new Map<string, string>([['k', 'kubectl']]);
  interactive = false;
  private readonly hosts: ShellHost[] = [BASTION];

  /** Files on the bastion (manifests the lab applies), by absolute path. */
  private readonly files: Map<string, string>;

  constructor(readonly cluster: Cluster, files: Record<string, string> = {}) {
    this.files = new Map(Object.entries(files));
    this.env.set('CLUSTER_NAME', 'myeks');
    this.env.set('AWS_DEFAULT_REGION', cluster.region);
    this.env.set('HOME', '/root');
    this.env.set('USER', 'root');
    // The lab's shortcuts: $N1, $N2, $N3 are the nodes' private IPs, one per AZ.
    cluster.nodes.forEach((n, i) => this.env.set(`N${i + 1}`, formatIpv4(n.enis[0].primaryIp)));
  }

  host(): ShellHost {
    return this.hosts[this.hosts.length - 1];
  }

  pushHost(host: ShellHost): void {
    this.hosts.push(host);
  }

  popHost(): boolean {
    if (this.hosts.length === 1) return false;
    this.hosts.pop();
    return true;
  }

  now(): number {
    return this.cluster.now;
  }

  advance(seconds: number): void {
    this.cluster.advance(seconds);
  }

  /** A file on the current host; relative paths are relative to the home directory. Only the bastion has files. */
  readFile(path: string): string | undefined {
    if (this.host().kind !== 'bastion') return undefined;
    const absolute = path.startsWith('/') ? path : `/root/${path.replace(/^\.\//, '')}`;
    return this.files.get(absolute);
  }

  fileNames(): string[] {
    return [...this.files.keys()];
  }

  /** The node the shell is on (ssh), if any. */
  node(): Node | undefined {
    const name = this.host().node;
    return name ? this.cluster.node(name) : undefined;
  }

  /** The pod the shell is in (kubectl exec), if any. */
  pod(): Pod | undefined {
    const p = this.host().pod;
    return p ? this.cluster.findPod(p.namespace, p.name) : undefined;
  }
}

/** Domain commands get the cluster session this way; text tools never need it. */
export function clusterSession(session: Session): ClusterSession {
  if (!(session instanceof ClusterSession)) throw new Error('this command needs the simulated cluster');
  return session;
}
