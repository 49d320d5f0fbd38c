// A shell session on the simulated cluster: the bastion host the seed lab works from, with the lab's
// variables preset, and the hosts `ssh` and `kubectl exec` step into.
import { ACCOUNT_ID } from '../model/aws/ec2-api.ts';
import { allInstanceTypes } from '../model/catalog/index.ts';
import type { Cluster } from '../model/cluster/cluster.ts';
import type { Node, Pod } from '../model/cluster/types.ts';
import { podMtu } from '../model/net/host-network.ts';
import { formatIpv4 } from '../model/net/ipv4.ts';
import { networkOf } from '../model/net/network.ts';
import { nodeSysctls, writeSysctl } from '../model/net/sysctl.ts';
import { throughputInputs, throughputModelText } from '../model/net/throughput.ts';
import { nodeResolvConfText, podResolvConfText } from '../model/dns/resolv-conf.ts';
import { FileSystem } from './fs.ts';
import type { Session, ShellHost } from './types.ts';
import { hasGlobChars, matchPattern, unescapePattern } from './bash/pattern.ts';

export const BASTION: ShellHost = { kind: 'bastion', hostname: 'myeks-bastion-EC2', prompt: '[root@myeks-bastion-EC2 ~]# ' };

export function nodeHost(node: Node): ShellHost {
  const short = node.name.split('.')[0];
  return { kind: 'node', hostname: node.name, prompt: `[ec2-user@${short} ~]$ `, node: node.name };
}

export function podHost(pod: Pod): ShellHost {
  return { kind: 'pod', hostname: pod.name, prompt: `root@${pod.name}:/# `, pod: { namespace: pod.namespace, name: pod.name } };
}

/**
 * The lab's variables: $PODNAME1..n and $PODIP1..n follow the netshoot-pod deployment's pods in the order
 * `kubectl get pod -l app=netshoot-pod` lists them (what the lab's setup exports), unless set explicitly.
 */
class LabEnv extends Map<string, string> {
  private readonly cluster: Cluster;
  private readonly cwd: () => string;

  constructor(cluster: Cluster, cwd: () => string) {
    super();
    this.cluster = cluster;
    this.cwd = cwd;
  }

  override get(key: string): string | undefined {
    if (key === 'PWD') return this.cwd();
    const own = super.get(key);
    if (own !== undefined) return own;
    const m = /^POD(NAME|IP)([1-9])$/.exec(key);
    if (!m) return undefined;
    const pods = [...this.cluster.pods.values()]
      .filter((p) => p.namespace === 'default' && p.labels.app === 'netshoot-pod' && p.phase !== 'Terminating')
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const pod = pods[Number(m[2]) - 1];
    if (!pod) return undefined;
    return m[1] === 'NAME' ? pod.name : pod.ip !== undefined ? formatIpv4(pod.ip) : undefined;
  }

  override has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

export class ClusterSession implements Session {
  readonly env: Map<string, string>;
  readonly aliases = new Map<string, string>([['k', 'kubectl']]);
  interactive = false;
  private readonly hosts: ShellHost[] = [BASTION];
  /** The working directory of each shell in the host stack (ssh, sudo, kubectl exec start their own). */
  private readonly cwds: string[] = ['/root'];
  /** Each host's file system, made on first use: by host name (the bastion, a node, namespace/pod). */
  private readonly fileSystems = new Map<string, FileSystem>();
  /** Files on the bastion given at start (the lab's manifests), by absolute path. */
  private readonly initialFiles: Record<string, string>;

  readonly cluster: Cluster;

  constructor(cluster: Cluster, files: Record<string, string> = {}) {
    this.cluster = cluster;
    this.initialFiles = files;
    this.env = new LabEnv(cluster, () => this.cwd());
    this.env.set('CLUSTER_NAME', 'myeks');
    // The lab's setup exports it: ACCOUNT_ID=$(aws sts get-caller-identity --query 'Account' --output text).
    this.env.set('ACCOUNT_ID', ACCOUNT_ID);
    this.env.set('AWS_DEFAULT_REGION', cluster.region);
    this.env.set('HOME', '/root');
    this.env.set('USER', 'root');
    // The lab's shortcuts: $N1, $N2, $N3 are the nodes' private IPs, one per AZ.
    cluster.nodes.forEach((n, i) => this.env.set(`N${i + 1}`, formatIpv4(n.enis[0].primaryIp)));
  }

  host(): ShellHost {
    return this.hosts[this.hosts.length - 1];
  }

  /** A new shell on a host starts in its user's home (a pod's in /); `sudo CMD` on the same host keeps the directory. */
  pushHost(host: ShellHost): void {
    const sameHost = host.hostname === this.host().hostname && host.kind === this.host().kind;
    this.hosts.push(host);
    this.cwds.push(sameHost ? this.cwd() : homeOf(host));
  }

  popHost(): boolean {
    if (this.hosts.length === 1) return false;
    this.hosts.pop();
    this.cwds.pop();
    return true;
  }

  now(): number {
    return this.cluster.now;
  }

  advance(seconds: number): void {
    this.cluster.advance(seconds);
  }

  /** The current host's file system, with the current shell's user and working directory. */
  fs(): FileSystem {
    const host = this.host();
    const key = host.kind === 'pod' && host.pod ? `pod:${host.pod.namespace}/${host.pod.name}` : `${host.kind}:${host.hostname}`;
    let fs = this.fileSystems.get(key);
    if (!fs) {
      fs = this.makeFileSystem(host);
      this.fileSystems.set(key, fs);
    }
    const node = this.node();
    if (node) seedProcSys(fs, this.cluster, node);
    fs.user = userOf(host);
    fs.home = homeOf(host);
    fs.cwd = this.cwd();
    return fs;
  }

  cwd(): string {
    return this.cwds[this.cwds.length - 1];
  }

  /** The prompt with the working directory in it, as the hosts' PS1 show it: `[root@host tmp]# ` (\W, with ~ for
   *  the home directory) on the bastion and nodes, `root@pod:/etc# ` (\w) in a container. */
  prompt(): string {
    const host = this.host();
    const cwd = this.cwd();
    const home = homeOf(host);
    if (host.kind === 'pod') {
      const w = cwd === '/root' ? '~' : cwd.startsWith('/root/') ? `~${cwd.slice(5)}` : cwd;
      return host.prompt.replace(/:[^:]*# $/, `:${w}# `);
    }
    const W = cwd === home ? '~' : cwd === '/' ? '/' : cwd.slice(cwd.lastIndexOf('/') + 1);
    return host.prompt.replace(/ ~\](?=[#$] $)/, ` ${W}]`);
  }

  /** What is at a path (`test -f`, `[[ -d … ]]`). */
  fileType(path: string): 'file' | 'directory' | undefined {
    const found = this.fs().lookup(path);
    return found.ok ? (found.node.kind === 'dir' ? 'directory' : 'file') : undefined;
  }

  /**
   * Pathname expansion: the paths a glob matches, component by component, sorted in byte order (the C locale's
   * collation). As in bash, `*` and `?` match a leading dot only when the pattern's component starts with one.
   */
  glob(pattern: string): string[] | undefined {
    const fs = this.fs();
    const absolute = pattern.startsWith('/');
    let paths = [absolute ? '/' : ''];
    for (const part of pattern.split('/').filter((p, i) => p !== '' || i === 0).filter(Boolean)) {
      const next: string[] = [];
      for (const base of paths) {
        if (!hasGlobChars(part)) {
          const path = base === '' ? unescapePattern(part) : `${base.endsWith('/') ? base : `${base}/`}${unescapePattern(part)}`;
          if (fs.lookup(path).ok) next.push(path);
          continue;
        }
        const dir = fs.lookup(base === '' ? '.' : base);
        if (!dir.ok || dir.node.kind !== 'dir') continue;
        for (const name of dir.node.children.keys()) {
          if (name.startsWith('.') && !part.startsWith('.') && !part.startsWith('\\.')) continue;
          if (matchPattern(name, part)) next.push(base === '' ? name : `${base.endsWith('/') ? base : `${base}/`}${name}`);
        }
      }
      paths = next;
    }
    const found = paths.filter((p) => p !== '' && p !== '/');
    return found.length ? found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : undefined;
  }

  chdir(path: string): string | undefined {
    const fs = this.fs();
    const problem = fs.chdir(path);
    if (problem) return problem;
    this.env.set('OLDPWD', this.cwd());
    this.cwds[this.cwds.length - 1] = fs.cwd;
    return undefined;
  }

  /** A file on the current host; relative paths are relative to the working directory. */
  readFile(path: string): string | undefined {
    const r = this.fs().read(path);
    return r.ok ? r.text : undefined;
  }

  /** `> FILE`, `>> FILE`, `tee FILE`: root may write anywhere; ec2-user on a node in its home and /tmp. */
  writeFile(path: string, content: string, append: boolean): string | undefined {
    return this.fs().write(path, content, append);
  }

  /** Paths of the files on the bastion given at start. */
  fileNames(): string[] {
    return Object.keys(this.initialFiles);
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

  private makeFileSystem(host: ShellHost): FileSystem {
    const fs = new FileSystem({ user: 'root', home: homeOf(host), now: () => this.cluster.now });
    fs.seedDir('/tmp', 'root', 0o1777);
    fs.seedDir('/etc');
    fs.seedDir('/var/log');
    fs.seedDir('/usr/bin');
    if (host.kind === 'pod') {
      fs.seedDir('/root', 'root', 0o700);
      const file = (path: string) => () => {
        const pod = this.pod() ?? (host.pod ? this.cluster.findPod(host.pod.namespace, host.pod.name) : undefined);
        if (!pod) return '';
        if (!pod.template.hostNetwork) return podFile(this.cluster, pod, path) ?? '';
        const node = pod.nodeName ? this.cluster.node(pod.nodeName) : undefined;
        return (node ? nodeFile(this.cluster, node, path) : undefined) ?? podFile(this.cluster, pod, path) ?? '';
      };
      fs.seed({ '/etc/resolv.conf': file('/etc/resolv.conf'), '/etc/hostname': file('/etc/hostname'), '/etc/hosts': file('/etc/hosts') });
      return fs;
    }
    fs.seedDir('/root', 'root', 0o550);
    fs.seedDir('/home/ec2-user', 'ec2-user', 0o700);
    if (host.kind === 'bastion') {
      // The bastion is an Amazon Linux 2 instance in the same VPC: dhclient's resolv.conf, as on the nodes, so dig,
      // host and nslookup there ask the VPC resolver (the seed's `curl $NLB` and `dig` run on it).
      fs.seed({ '/etc/hostname': `${host.hostname}\n`, '/etc/resolv.conf': nodeResolvConfText(this.cluster) });
      // Not on a real bastion: the simulator's own note of the model behind iperf3's figures, for the learner.
      fs.seedDir('/etc/eks-netlab');
      fs.seed({ '/etc/eks-netlab/throughput-model': () => throughputModelText(throughputInputs(this.cluster.nodes[0]?.instanceType.name ?? 't3.medium'), podMtu(this.cluster), this.cluster.calico?.encapsulation) });
      fs.seed(this.initialFiles);
      return fs;
    }
    const node = host.node ? this.cluster.node(host.node) : undefined;
    if (node) {
      const file = (path: string) => () => nodeFile(this.cluster, node, path) ?? '';
      fs.seed({
        '/etc/resolv.conf': file('/etc/resolv.conf'),
        '/etc/hostname': file('/etc/hostname'),
        '/etc/eks/eni-max-pods.txt': file('/etc/eks/eni-max-pods.txt'),
      });
    }
    return fs;
  }
}

/**
 * /proc/sys on a node: a file per kernel parameter (model/net/sysctl.ts), read when opened, written through the
 * kernel's handler (root only: the files are 0644, nf_conntrack_count 0444 even for root). Made anew each time the
 * file system is used, as devices come and go with pods.
 */
function seedProcSys(fs: FileSystem, cluster: Cluster, node: Node): void {
  const proc = fs.seedDir('/proc', 'root', 0o555);
  const sys = fs.newDir('root', 0o555);
  proc.children.set('sys', sys);
  const current = (key: string) => {
    const count = networkOf(cluster).conntrack(node.name).list(cluster.now).length;
    return nodeSysctls(cluster, node, count).find((e) => e.key === key);
  };
  for (const entry of nodeSysctls(cluster, node, 0)) {
    const parts = entry.key.split('.');
    let dir = sys;
    for (const part of parts.slice(0, -1)) {
      let next = dir.children.get(part);
      if (!next || next.kind !== 'dir') dir.children.set(part, (next = fs.newDir('root', 0o555)));
      dir = next;
    }
    const file = fs.newFile(() => `${current(entry.key)?.value ?? entry.value}\n`, 'root', entry.readOnly ? 0o444 : 0o644);
    file.onWrite = (text) => {
      const e = current(entry.key);
      if (!e || e.readOnly) return 'Permission denied';
      return writeSysctl(node, e, text) === 'ok' ? undefined : 'Invalid argument';
    };
    dir.children.set(parts.at(-1)!, file);
  }
}

/** Who a shell on this host runs as: ec2-user on a node (root after `sudo -i`), root elsewhere. */
function userOf(host: ShellHost): string {
  return host.kind === 'node' && !host.prompt.startsWith('[root@') ? 'ec2-user' : 'root';
}

function homeOf(host: ShellHost): string {
  if (host.kind === 'pod') return '/';
  return userOf(host) === 'root' ? '/root' : '/home/ec2-user';
}

/** The files a pod's containers see that labs read: DNS settings and the host name. */
function podFile(cluster: Cluster, pod: Pod, path: string): string | undefined {
  switch (path) {
    case '/etc/resolv.conf':
      return podResolvConfText(cluster, pod);
    case '/etc/hostname':
      return `${pod.name}\n`;
    case '/etc/hosts':
      return `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${pod.ip !== undefined ? `${formatIpv4(pod.ip)}\t${pod.name}\n` : ''}`;
    default:
      return undefined;
  }
}

/** Files on an EKS node (Amazon Linux 2 EKS AMI) that labs read. */
function nodeFile(cluster: Cluster, node: Node, path: string): string | undefined {
  switch (path) {
    case '/etc/resolv.conf':
      // The VPC's Amazon-provided DNS server sits at the VPC CIDR base + 2.
      return nodeResolvConfText(cluster);
    case '/etc/hostname':
      return `${node.name}\n`;
    case '/etc/eks/eni-max-pods.txt':
      // The AL2 AMI's copy of AWS's published list, which bootstrap.sh reads for the kubelet's --max-pods.
      return allInstanceTypes()
        .filter((t) => t.published !== null)
        .map((t) => `${t.name} ${t.published}\n`)
        .join('');
    default:
      return undefined;
  }
}

/** Domain commands get the cluster session this way; text tools never need it. */
export function clusterSession(session: Session): ClusterSession {
  if (!(session instanceof ClusterSession)) throw new Error('this command needs the simulated cluster');
  return session;
}
