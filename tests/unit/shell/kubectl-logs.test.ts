// kubectl logs against the simulated cluster. Every expected line is the real one, from the upstream source that
// prints it or a real log of the same version:
// - kubectl 1.24's wording: kubernetes/kubectl pkg/cmd/logs/logs.go and pkg/polymorphichelpers/logsforobject.go;
//   the kubelet's: pkg/kubelet/kubelet_pods.go validateContainerLogStatus (as `kubectl logs` shows it on EKS).
// - nginx: nginxinc/docker-nginx mainline/alpine 1.25.5's docker-entrypoint.sh and /docker-entrypoint.d scripts,
//   and a real nginx:1.25.5-alpine start-up (workers from pid 30, gcc of Alpine 3.19); access lines per the image's
//   `log_format main`; the graceful shutdown as nginx logs it after SIGQUIT.
// - aws-node v1.12.6: cmd/aws-vpc-cni/main.go and cmd/aws-vpc-cni-init/main.go (logrus text format), utils/cp.
//   The `Defaulted container` line is copied from aws/amazon-vpc-cni-k8s#1847.
// - kube-proxy 1.24: a real v1.24.3 start-up's klog lines.
// - CoreDNS 1.9.3: EKS's Corefile hashes to 8a7d5912…281c (real EKS `kubectl logs -l k8s-app=kube-dns`), kubeadm's
//   to 591cf328…3908 (real kubeadm clusters' logs); `linux/amd64, go1.18.2, 45b0a11` is the v1.9.3 release build.
import { describe, expect, it } from 'vitest';
import { corefileSha512 } from '../../../src/model/k8s/container-logs.ts';
import { CURL_VERSION } from '../../../src/shell/commands/curl.ts';
import { labEngine } from './engine-helpers.ts';

const ENTRYPOINT = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];
const NOTICES = [
  'using the "epoll" event method',
  'nginx/1.25.5',
  'built by gcc 13.2.1 20231014 (Alpine 13.2.1_git20231014) ',
  'OS: Linux 5.10.178-162.673.amzn2.x86_64',
  'getrlimit(RLIMIT_NOFILE): 1048576:1048576',
  'start worker processes',
  'start worker process 30',
  'start worker process 31',
];

/** nginx's error-log time: `2023/05/05 08:00:02`. */
function nginxTime(ms: number): string {
  return new Date(ms).toISOString().replace(/^(\d+)-(\d+)-(\d+)T([\d:]+)\..*$/, '$1/$2/$3 $4');
}

function nginxLab() {
  const engine = labEngine();
  engine.sh('kubectl apply -f nginx-dp.yaml');
  engine.sh('sleep 30');
  const pods = engine.sh('kubectl get pods -o name').trim().split('\n').map((p) => p.replace('pod/', ''));
  const model = (name: string) => engine.cluster.findPod('default', name)!;
  return { ...engine, pods, model };
}

describe('kubectl logs of the lab’s nginx pods', () => {
  const { sh, shell, pods, model } = nginxLab();
  const [pod] = pods;

  it('prints the image’s entrypoint lines, then nginx’s start-up notices at the time the container started', () => {
    const started = nginxTime(model(pod).startedAt!);
    const lines = sh(`kubectl logs ${pod}`).split('\n');
    expect(lines.slice(0, 9)).toEqual(ENTRYPOINT);
    expect(lines.slice(9)).toEqual([...NOTICES.map((n) => `${started} [notice] 1#1: ${n}`), '']);
  });

  it('--tail, --timestamps, --since and --limit-bytes', () => {
    expect(sh(`kubectl logs ${pod} --tail 2`)).toBe(`${NOTICES.slice(-2).map((n) => `${nginxTime(model(pod).startedAt!)} [notice] 1#1: ${n}`).join('\n')}\n`);
    expect(sh(`kubectl logs ${pod} --tail=0`)).toBe('');
    expect(sh(`kubectl logs ${pod} --tail=-1 | wc -l`)).toBe('17\n');
    // RFC 3339 with nanoseconds, trailing zeros dropped (time.RFC3339Nano), before each line.
    const stamped = sh(`kubectl logs ${pod} --timestamps --tail=1`);
    expect(stamped).toMatch(/^2023-05-05T\d\d:\d\d:\d\d(\.\d{1,9})?Z \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: start worker process 31\n$/);
    expect(Date.parse(stamped.split(' ')[0]) - model(pod).startedAt!).toBeLessThan(1000);
    // The container started 30 s ago: nothing in the last 10 s, everything in the last minute.
    expect(sh(`kubectl logs ${pod} --since=10s`)).toBe('');
    expect(sh(`kubectl logs ${pod} --since=1m | wc -l`)).toBe('17\n');
    expect(sh(`kubectl logs ${pod} --limit-bytes=20`)).toBe('/docker-entrypoint.s');
  });

  it('answers mistakes in kubectl’s and the kubelet’s words', () => {
    expect(sh('kubectl logs')).toBe(
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
    );
    expect(sh('kubectl logs nope')).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(sh('kubectl logs deploy/nope')).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(sh('kubectl logs flurbs/nope')).toBe('error: the server doesn\'t have a resource type "flurbs"\n');
    // SelectorsForObject knows the workloads and Services; for other kinds logsForObject gives up.
    expect(sh('kubectl logs svc/kubernetes')).toBe("error: cannot get the logs from *v1.Service: invalid service 'kubernetes': Service is defined without a selector\n");
    expect(sh('kubectl logs -n kube-system cm/coredns')).toBe('error: cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n');
    expect(sh(`kubectl logs ${pod} -c web`)).toBe(`error: container web is not valid for pod ${pod}\n`);
    expect(sh(`kubectl logs ${pod} web`)).toBe(`error: container web is not valid for pod ${pod}\n`);
    expect(sh(`kubectl logs ${pod} nginx -c nginx`)).toBe('error: only one of -c or an inline [CONTAINER] arg is allowed\n');
    expect(sh(`kubectl logs ${pod} -c nginx --all-containers`)).toBe('error: --all-containers=true should not be specified with container name nginx\n');
    expect(sh(`kubectl logs ${pod} -l app=nginx`)).toBe("error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n");
    expect(sh(`kubectl logs ${pod} nginx -l app=nginx`)).toBe('error: name cannot be provided when a selector is specified\n');
    expect(sh(`kubectl logs ${pod} --tail=-2`)).toBe('error: --tail must be greater than or equal to -1\n');
    expect(sh(`kubectl logs ${pod} --tail=ten`)).toBe(`error: invalid argument "ten" for "--tail" flag: strconv.ParseInt: parsing "ten": invalid syntax\nSee 'kubectl logs --help' for usage.\n`);
    expect(sh(`kubectl logs ${pod} --since=5x`)).toBe(`error: invalid argument "5x" for "--since" flag: time: invalid duration "5x"\nSee 'kubectl logs --help' for usage.\n`);
    // The kubelet keeps no terminated instance of a container that never restarted.
    expect(sh(`kubectl logs ${pod} -p`)).toBe(`Error from server (BadRequest): previous terminated container "nginx" in pod "${pod}" not found\n`);
    expect(sh(`kubectl logs -p ${pod}; echo $?`)).toMatch(/\n1\n$/);
  });

  it('deploy/NAME reads one of the Deployment’s pods and says which on stderr', () => {
    const out = shell.exec('kubectl logs deploy/nginx-deployment --tail=1');
    expect(out.stderr).toMatch(new RegExp(`^Found 2 pods, using pod/(${pods.join('|')})\\n$`));
    expect(out.stdout).toMatch(/\[notice\] 1#1: start worker process 31\n$/);
    expect(shell.exec('kubectl logs deployment/nginx-deployment -c nginx --tail=1').stdout).toBe(out.stdout);
    expect(shell.exec(`kubectl logs pod/${pod} --tail=1`).stderr).toBe('');
  });

  it('-l reads every matching pod, the last 10 lines of each unless --tail says otherwise', () => {
    expect(sh('kubectl logs -l app=nginx | wc -l')).toBe('20\n');
    expect(sh('kubectl logs -l app=nginx --tail=-1 | wc -l')).toBe('34\n');
    expect(sh('kubectl logs -l app=nginx --prefix --tail=1')).toBe(
      pods.map((p) => `[pod/${p}/nginx] ${nginxTime(model(p).startedAt!)} [notice] 1#1: start worker process 31\n`).join(''),
    );
    expect(shell.exec('kubectl logs -l app=nope')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
  });
});

describe('kubectl logs of EKS’s system pods', () => {
  const { sh, shell, cluster } = labEngine();
  const podsOf = (app: string) => sh(`kubectl get pods -n kube-system -l k8s-app=${app} -o name`).trim().split('\n').map((p) => p.replace('pod/', ''));
  const logrus = (msg: string) => new RegExp(`^time="2023-05-05T\\d\\d:\\d\\d:\\d\\dZ" level=info msg="${msg.replace(/[.\\]/g, (c) => `\\${c}`)}"$`);

  it('aws-node: kubectl picks the aws-node container and says so; its entrypoint copies the plugin once ipamd answers', () => {
    const [pod] = podsOf('aws-node');
    const out = shell.exec(`kubectl logs -n kube-system ${pod}`);
    expect(out.stderr).toBe('Defaulted container "aws-node" out of: aws-node, aws-vpc-cni-init (init)\n');
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(['Installed /host/opt/cni/bin/aws-cni', 'Installed /host/opt/cni/bin/egress-v4-cni']);
    const messages = ['Starting IPAM daemon... ', 'Checking for IPAM connectivity... ', 'Copying config file... ', 'Successfully copied CNI plugin binary and config file.'];
    expect(lines).toHaveLength(6);
    lines.slice(2).forEach((l, i) => expect(l).toMatch(logrus(messages[i])));
    expect(shell.exec(`kubectl logs -n kube-system ${pod} -c aws-node`).stderr).toBe('');
  });

  it('aws-vpc-cni-init: the plugins it installs, the primary interface found by the node’s MAC, the sysctls', () => {
    const [pod] = podsOf('aws-node');
    const node = cluster.node(cluster.findPod('kube-system', pod)!.nodeName!)!;
    const lines = sh(`kubectl logs -n kube-system ${pod} -c aws-vpc-cni-init`).trimEnd().split('\n');
    expect(lines[0]).toMatch(logrus('Copying CNI plugin binaries ...'));
    expect(lines.slice(1, 6)).toEqual(['loopback', 'portmap', 'bandwidth', 'host-local', 'aws-cni-support.sh'].map((b) => `Installed /host/opt/cni/bin/${b}`));
    expect(lines[6]).toMatch(logrus('Copied all CNI plugin binaries to /host/opt/cni/bin'));
    expect(lines[7]).toMatch(logrus(`Found primaryMAC ${node.enis[0].mac}`));
    expect(lines[8]).toMatch(logrus('Found primaryIF eth0'));
    // procsyswrapper returns /proc/sys's text with its newline, and logrus quotes it.
    expect(lines.slice(9).map((l) => l.replace(/^time="[^"]+" /, ''))).toEqual([
      'level=info msg="Updated net/ipv4/conf/eth0/rp_filter to 2\\n"',
      'level=info msg="Updated net/ipv4/tcp_early_demux to 1\\n"',
      'level=info msg="CNI init container done"',
    ]);
    expect(sh(`kubectl logs -n kube-system ${pod} --all-containers | wc -l`)).toBe('18\n');
  });

  it('kube-proxy: klog lines with the node’s IP, in iptables mode', () => {
    const [pod] = podsOf('kube-proxy');
    const ip = sh(`kubectl get pod -n kube-system ${pod} -o jsonpath='{.status.hostIP}'`);
    const lines = sh(`kubectl logs -n kube-system ${pod}`).trimEnd().split('\n');
    const klog = /^I0505 \d\d:\d\d:\d\d\.\d{6} {7}1 [a-z_]+\.go:\d+\] /;
    for (const l of lines) expect(l).toMatch(klog);
    const bodies = lines.map((l) => l.replace(/^I0505 \S+ +1 /, ''));
    expect(bodies.slice(0, 3)).toEqual([
      `node.go:163] Successfully retrieved node IP: ${ip}`,
      `server_others.go:138] "Detected node IP" address="${ip}"`,
      'server_others.go:206] "Using iptables Proxier"',
    ]);
    expect(bodies).toContain('server_others.go:213] "kube-proxy running in dual-stack mode" ipFamily=IPv4');
    expect(bodies).toContain('conntrack.go:52] "Setting nf_conntrack_max" nf_conntrack_max=131072');
    expect(bodies.at(-1)).toMatch(/^shared_informer\.go:262\] Caches are synced for /);
    // A selector without --tail reads the last 10 lines of each pod.
    expect(sh('kubectl logs -n kube-system -l k8s-app=kube-proxy | wc -l')).toBe('30\n');
  });

  it('coredns: the banner with the reload plugin’s hash of EKS’s Corefile', () => {
    expect(sh('kubectl logs -n kube-system -l k8s-app=kube-dns')).toBe(
      '.:53\n[INFO] plugin/reload: Running configuration SHA512 = 8a7d59126e7f114ab49c6d2613be93d8ef7d408af8ee61a710210843dc409f03133727e38f64469d9bb180f396c84ebf48a42bde3b3769730865ca9df5eb281c\nCoreDNS-1.9.3\nlinux/amd64, go1.18.2, 45b0a11\n'.repeat(2),
    );
    expect(shell.exec('kubectl logs -n kube-system deploy/coredns').stderr).toMatch(/^Found 2 pods, using pod\/coredns-/);
  });

  it('the reload plugin’s hash is of the parsed Corefile: kubeadm’s default gives the hash its clusters log', () => {
    const kubeadm = '.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n';
    expect(corefileSha512(kubeadm)).toBe('591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908');
    // Indentation and comments are not tokens; a moved line break is.
    expect(corefileSha512(kubeadm.replace(/ {4}/g, '\t').replace('ready\n', 'ready # probes\n'))).toBe(corefileSha512(kubeadm));
    expect(corefileSha512(kubeadm.replace('cache 30\n', '\ncache 30\n'))).not.toBe(corefileSha512(kubeadm));
  });

  it('a DaemonSet’s pods, --previous and --max-log-requests', () => {
    const aws = shell.exec('kubectl logs -n kube-system ds/aws-node -c aws-node --tail=1');
    expect(aws.stderr).toMatch(/^Found 3 pods, using pod\/aws-node-\w{5}\n$/);
    expect(aws.stdout).toMatch(/ level=info msg="Successfully copied CNI plugin binary and config file\."\n$/);
    const previous = shell.exec('kubectl logs -n kube-system daemonset/kube-proxy -p');
    expect(previous).toMatchObject({ stdout: '', exitCode: 1 });
    expect(previous.stderr).toMatch(/^Found 3 pods, using pod\/(kube-proxy-\w{5})\nError from server \(BadRequest\): previous terminated container "kube-proxy" in pod "\1" not found\n$/);
    expect(sh('kubectl logs -n kube-system -f -l k8s-app=aws-node --all-containers')).toBe(
      'error: you are attempting to follow 6 log streams, but maximum allowed concurrency is 5, use --max-log-requests to increase the limit\n',
    );
  });
});

describe('kubectl logs -f', () => {
  it('follows as model time passes: a request nginx answers shows as its access line, deletion ends the stream', () => {
    const { sh, pods } = nginxLab();
    sh('kubectl apply -f netshoot-pod.yaml');
    sh('sleep 30');
    const [pod] = pods;
    const ip = sh(`kubectl get pod ${pod} -o jsonpath='{.status.podIP}'`);
    expect(sh(`kubectl logs -f ${pod} --tail=0 &`)).toBe('');
    // Pod to pod, the VPC CNI does not SNAT: nginx sees the netshoot pod's own address.
    const seen = sh(`kubectl exec $PODNAME1 -- curl -s -o /dev/null http://${ip}/; sleep 1`);
    expect(seen).toMatch(new RegExp(`^${sh('echo -n $PODIP1').replaceAll('.', '\\.')} - - \\[05/May/2023:\\d\\d:\\d\\d:\\d\\d \\+0000\\] "GET / HTTP/1\\.1" 200 615 "-" "curl/${CURL_VERSION}" "-"\\n$`));
    expect(sh('jobs')).toMatch(/^\[1\]\+ +Running +kubectl logs -f /);
    // The image's STOPSIGNAL is SIGQUIT: nginx shuts down gracefully, and the stream ends with the container.
    const shutdown = sh(`kubectl delete pod ${pod}; sleep 3`).split('\n').filter((l) => l.includes('[notice]')).map((l) => l.replace(/^[\d/]+ [\d:]+ \[notice\] /, ''));
    expect(shutdown).toEqual([
      '1#1: signal 3 (SIGQUIT) received, shutting down',
      '30#30: gracefully shutting down', '31#31: gracefully shutting down',
      '30#30: exiting', '31#31: exiting',
      '30#30: exit', '31#31: exit',
      '1#1: signal 17 (SIGCHLD) received from 30',
      '1#1: worker process 30 exited with code 0', '1#1: worker process 31 exited with code 0',
      '1#1: exit',
    ]);
    // A script's bash reports the finished job once, then forgets it.
    expect(sh('jobs')).toMatch(/^\[1\]\+ +Done +kubectl logs -f /);
    expect(sh('jobs')).toBe('');
  });

  it('runs until Ctrl-C; with nobody at the keyboard that comes after 10 s of model time', () => {
    const { sh, cluster, pods } = nginxLab();
    const before = cluster.now;
    expect(sh(`kubectl logs -f ${pods[0]} --tail=1 | wc -l`)).toBe('1\n');
    expect(cluster.now - before).toBeGreaterThanOrEqual(10_000);
    expect(sh(`kubectl logs -f ${pods[0]} --tail=0; echo $?`)).toBe('130\n');
  });
});

describe('kubectl logs of pods that have not started', () => {
  it('after scaling past what the nodes hold: the kubelet’s answer for a waiting container, nothing for an unscheduled pod', () => {
    const { sh, shell } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('sleep 30');
    sh('kubectl scale deploy nginx-deployment --replicas=50');
    sh('sleep 2');
    const creating = sh("kubectl get pods --no-headers | grep ContainerCreating | head -1 | awk '{print $1}'").trim();
    const pending = sh("kubectl get pods --no-headers | grep Pending | head -1 | awk '{print $1}'").trim();
    expect(creating).not.toBe('');
    expect(pending).not.toBe('');
    expect(sh(`kubectl logs ${creating}`)).toBe(`Error from server (BadRequest): container "nginx" in pod "${creating}" is waiting to start: ContainerCreating\n`);
    expect(sh(`kubectl logs -f ${creating}; echo $?`)).toBe(`Error from server (BadRequest): container "nginx" in pod "${creating}" is waiting to start: ContainerCreating\n1\n`);
    // The API server has no kubelet to ask for a pod without a node: an empty log, and success.
    expect(shell.exec(`kubectl logs ${pending}`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(sh('kubectl logs -f -l app=nginx')).toBe(
      'error: you are attempting to follow 50 log streams, but maximum allowed concurrency is 5, use --max-log-requests to increase the limit\n',
    );
  });

  it('a pod whose init container has not run yet: both wait with PodInitializing, then both have logs', () => {
    const { sh } = labEngine();
    sh('kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET=2');
    sh('sleep 1');
    const pod = sh("kubectl get pods -n kube-system --no-headers | grep aws-node | grep ContainerCreating | head -1 | awk '{print $1}'").trim();
    expect(pod).toMatch(/^aws-node-\w{5}$/);
    for (const c of ['aws-node', 'aws-vpc-cni-init']) {
      expect(sh(`kubectl logs -n kube-system ${pod} -c ${c}`)).toBe(`Error from server (BadRequest): container "${c}" in pod "${pod}" is waiting to start: PodInitializing\n`);
    }
    sh('sleep 10');
    expect(sh(`kubectl logs -n kube-system ${pod} -c aws-vpc-cni-init | tail -1`)).toMatch(/ level=info msg="CNI init container done"\n$/);
    expect(sh(`kubectl logs -n kube-system ${pod} -c aws-node | head -1`)).toBe('Installed /host/opt/cni/bin/aws-cni\n');
  });
});
