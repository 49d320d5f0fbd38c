// ipamd's introspection endpoints (VPC CNI v1.12.6, pkg/ipamd/introspect.go) on 127.0.0.1:61679, read with curl on
// a node as AWS's troubleshooting guide does.
//
// What the datastore shows (pkg/ipamd/datastore/data_store.go): a /32 CIDR per warm address with no entries until a
// pod has had it; an assigned address's entry with the pod's IPAMKey (network aws-cni, the sandbox's container ID,
// eth0) and IPAMMetadata; a released one keeps its entry, key and metadata emptied, AssignedTime kept, UnassignedTime
// the release (the cooldown runs from it). The encoding is checked against Go itself where a Go toolchain is
// installed: each body is decoded into ipamd's types and marshalled again by encoding/json, and must come back
// byte for byte (field order, sorted map keys, RFC 3339 nanosecond times, base64 masks).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labEngine } from './engine-helpers.ts';

const GO_PROGRAM = fileURLToPath(new URL('./go/ipamd-json.go', import.meta.url));
const hasGo = !spawnSync('go', ['version']).error;

/** Each `kind body` line as Go's encoding/json writes it back after decoding it into ipamd's types. */
function goRoundTrip(lines: string[]): string[] {
  const r = spawnSync('go', ['run', GO_PROGRAM], { input: lines.join('\n') + '\n', encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

interface AddressInfo {
  Address: string;
  IPAMKey: { networkName: string; containerID: string; ifName: string };
  IPAMMetadata: { k8sPodNamespace?: string; k8sPodName?: string };
  AssignedTime: string;
  UnassignedTime: string;
}
interface Enis {
  TotalIPs: number;
  AssignedIPs: number;
  ENIs: Record<string, { ID: string; IsPrimary: boolean; DeviceNumber: number; AvailableIPv4Cidrs: Record<string, { Cidr: { IP: string; Mask: string }; IPAddresses: Record<string, AddressInfo>; IsPrefix: boolean }> }>;
}

function addresses(enis: Enis): AddressInfo[] {
  return Object.values(enis.ENIs).flatMap((e) => Object.values(e.AvailableIPv4Cidrs).flatMap((c) => Object.values(c.IPAddresses)));
}

/** The lab with nginx-dp's two pods running, and the node of the first one. */
function withPods() {
  const lab = labEngine();
  const { sh } = lab;
  sh('kubectl apply -f nginx-dp.yaml');
  sh('sleep 30');
  const name = sh("kubectl get pods -l app=nginx -o jsonpath='{.items[0].metadata.name}'");
  const ip = sh("kubectl get pods -l app=nginx -o jsonpath='{.items[0].status.podIP}'");
  const host = sh("kubectl get pods -l app=nginx -o jsonpath='{.items[0].status.hostIP}'");
  const enis = () => JSON.parse(sh(`ssh ec2-user@${host} curl -s http://localhost:61679/v1/enis`)) as Enis;
  return { ...lab, name, ip, host, enis };
}

describe('GET /v1/enis', () => {
  it("an assigned address's entry names the pod; warm addresses have none", () => {
    const { sh, name, ip, host, enis } = withPods();
    const e = enis();
    const entries = addresses(e);
    const mine = entries.find((a) => a.Address === ip)!;
    expect(mine.IPAMKey.networkName).toBe('aws-cni');
    expect(mine.IPAMKey.ifName).toBe('eth0');
    expect(mine.IPAMKey.containerID).toMatch(/^[0-9a-f]{64}$/);
    expect(mine.IPAMMetadata).toEqual({ k8sPodNamespace: 'default', k8sPodName: name });
    expect(mine.UnassignedTime).toBe('0001-01-01T00:00:00Z');
    expect(mine.AssignedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    // Every address held by a pod on the node has an entry; the counts are the datastore's.
    const podIps = sh(`kubectl get pods -A -o wide --field-selector spec.nodeName=$(kubectl get nodes -o wide | awk '$6=="${host}"{print $1}') --no-headers | awk '$7!="${host}"{print $7}'`).split('\n').filter(Boolean);
    expect(entries.map((a) => a.Address).sort()).toEqual(podIps.sort());
    expect(e.AssignedIPs).toBe(podIps.length);
    const cidrs = Object.values(e.ENIs).flatMap((x) => Object.entries(x.AvailableIPv4Cidrs));
    expect(e.TotalIPs).toBe(cidrs.length);
    for (const [key, c] of cidrs) {
      expect(key).toBe(`${c.Cidr.IP}/32`);
      expect(c.Cidr.Mask).toBe('/////w==');
      expect(c.IsPrefix).toBe(false);
      if (!podIps.includes(c.Cidr.IP)) expect(c.IPAddresses).toEqual({});
    }
    // The ENIs are the ones EC2 lists for the instance, eth0's the primary.
    const ids = sh(`aws ec2 describe-network-interfaces --filters Name=addresses.private-ip-address,Values=${host} --query 'NetworkInterfaces[0].NetworkInterfaceId' --output text`).trim();
    expect(e.ENIs[ids].IsPrimary).toBe(true);
    expect(e.ENIs[ids].DeviceNumber).toBe(0);
  });

  it('a released address keeps its entry, emptied, with the time it was released', () => {
    const { sh, name, ip, enis } = withPods();
    const before = addresses(enis()).find((a) => a.Address === ip)!;
    const assigned = enis().AssignedIPs;
    sh(`kubectl delete pod ${name} --wait=false`);
    sh('sleep 40');
    const after = enis();
    const entry = addresses(after).find((a) => a.Address === ip)!;
    expect(entry.IPAMKey).toEqual({ networkName: '', containerID: '', ifName: '' });
    expect(entry.IPAMMetadata).toEqual({});
    expect(entry.AssignedTime).toBe(before.AssignedTime);
    expect(Date.parse(entry.UnassignedTime)).toBeGreaterThan(Date.parse(before.AssignedTime));
    // The ReplicaSet's new pod took another address: the old one was cooling down.
    expect(after.AssignedIPs).toBe(assigned);
  });

  it('keys are sorted as Go sorts map keys: as strings, not as addresses', () => {
    const { enis } = withPods();
    for (const eni of Object.values(enis().ENIs)) {
      const keys = Object.keys(eni.AvailableIPv4Cidrs);
      expect(keys).toEqual([...keys].sort());
    }
  });

  it('the body has no newline after it, and a long one is sent chunked', () => {
    const { sh, host } = withPods();
    const small = sh(`ssh ec2-user@${host} curl -si localhost:61679/v1/eni-configs`);
    expect(small).toMatch(/^HTTP\/1\.1 200 OK\r\nDate: .* GMT\r\nContent-Length: 9\r\nContent-Type: text\/plain; charset=utf-8\r\n\r\n"default"$/);
    sh('kubectl scale deployment nginx-deployment --replicas=12');
    sh('sleep 60');
    const body = sh(`ssh ec2-user@${host} curl -s localhost:61679/v1/enis`);
    expect(body.endsWith('}')).toBe(true);
    const head = sh(`ssh ec2-user@${host} curl -sI localhost:61679/v1/enis`);
    // Go's net/http: Date first; a body over its 2048-byte buffer goes out chunked, without Content-Length.
    expect(body.length).toBeGreaterThan(2048);
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\nContent-Type: text\/plain; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n$/);
  });
});

describe('the other endpoints', () => {
  it('env settings as GetConfigForDebug returns them, and the list of commands elsewhere', () => {
    const { sh } = labEngine();
    sh('ssh ec2-user@$N1');
    expect(sh('curl -s localhost:61679/v1/ipamd-env-settings')).toBe(
      '{"AWS_MANAGE_ENIS_NON_SCHEDULABLE":false,"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG":false,"WARM_ENI_TARGET":1,"WARM_IP_TARGET":0}',
    );
    // RANDOMIZESNAT=prng is snatType randomPRNGSNAT (2); the unset CIDR lists are nil slices; connmark 0x80.
    expect(sh('curl -s localhost:61679/v1/networkutils-env-settings')).toBe(
      '{"AWS_EXTERNAL_SERVICE_CIDRS":null,"AWS_VPC_CNI_NODE_PORT_SUPPORT":true,"AWS_VPC_ENI_MTU":9001,"AWS_VPC_K8S_CNI_CONNMARK":128,' +
        '"AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS":null,"AWS_VPC_K8S_CNI_EXTERNALSNAT":false,"AWS_VPC_K8S_CNI_RANDOMIZESNAT":2,"AWS_VPC_K8S_CNI_VETHPREFIX":"eni"}',
    );
    // v1.12.6 has no /v1/pods: the "/" handler answers it.
    const root = '{"AvailableCommands":["/v1/enis","/v1/eni-configs","/v1/networkutils-env-settings","/v1/ipamd-env-settings"]}';
    expect(sh('curl -s localhost:61679/v1/pods')).toBe(root);
    expect(sh('curl -s localhost:61679/')).toBe(root);
  });

  it('follows the settings a learner changes', () => {
    const { sh } = labEngine();
    sh('kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET=3 AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS=10.0.0.0/8,bogus AWS_VPC_K8S_CNI_RANDOMIZESNAT=none');
    sh('sleep 60');
    sh('ssh ec2-user@$N1');
    expect(sh('curl -s localhost:61679/v1/ipamd-env-settings')).toContain('"WARM_IP_TARGET":3');
    const net = sh('curl -s localhost:61679/v1/networkutils-env-settings');
    expect(net).toContain('"AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS":["10.0.0.0/8"]');
    expect(net).toContain('"AWS_VPC_K8S_CNI_RANDOMIZESNAT":0');
  });
});

describe('who can reach it', () => {
  it('only the node itself, on loopback; from elsewhere the connection is refused', () => {
    const { sh } = labEngine();
    expect(sh('curl http://$N1:61679/v1/enis 2>&1')).toMatch(/^curl: \(7\) Failed to connect to 192\.168\.\d+\.\d+ port 61679 after \d+ ms: Couldn't connect to server\n$/);
    sh('ssh ec2-user@$N1');
    expect(sh('curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:61679/v1/enis')).toBe('200');
    expect(sh('curl http://$N1:61679/v1/enis 2>&1')).toMatch(/^curl: \(7\) Failed to connect/);
  });

  it('DISABLE_INTROSPECTION=true turns it off', () => {
    const { sh } = labEngine();
    sh('kubectl set env daemonset aws-node -n kube-system DISABLE_INTROSPECTION=true');
    sh('sleep 60');
    expect(sh('ssh ec2-user@$N1 curl -s localhost:61679/v1/enis; echo $?')).toBe('7\n');
  });
});

describe.skipIf(!hasGo)("Go's encoding/json writes the same bytes", () => {
  it('for /v1/enis with assigned, cooling and warm addresses, and the other endpoints', () => {
    const { sh, name, host } = withPods();
    sh(`kubectl delete pod ${name} --wait=false`);
    sh('sleep 3');
    const enis = sh(`ssh ec2-user@${host} curl -s localhost:61679/v1/enis`);
    expect(enis).toContain('"UnassignedTime":"20');
    sh('ssh ec2-user@$N1');
    const bodies = [
      `enis ${enis}`,
      `enis ${sh('curl -s localhost:61679/v1/enis')}`,
      `string ${sh('curl -s localhost:61679/v1/eni-configs')}`,
      `map ${sh('curl -s localhost:61679/v1/ipamd-env-settings')}`,
      `map ${sh('curl -s localhost:61679/v1/networkutils-env-settings')}`,
      `root ${sh('curl -s localhost:61679/v1/pods')}`,
    ];
    expect(goRoundTrip(bodies)).toEqual(bodies.map((b) => b.slice(b.indexOf(' ') + 1)));
  }, 180_000);

  it('for prefix delegation: /28 CIDRs, IsPrefix, their mask', () => {
    const { sh } = labEngine({ instanceType: 'm5.large', nodes: 1, awsNodeEnv: [['ENABLE_PREFIX_DELEGATION', 'true'], ['WARM_PREFIX_TARGET', '1']] });
    sh('kubectl apply -f nginx-dp.yaml');
    sh('sleep 60');
    sh('ssh ec2-user@$N1');
    const body = sh('curl -s localhost:61679/v1/enis');
    expect(body).toMatch(/"IsPrefix":true/);
    expect(body).toMatch(/"\d+\.\d+\.\d+\.\d+\/28":\{"Cidr":\{"IP":"[\d.]+","Mask":"\/\/\/\/8A=="\}/);
    expect(goRoundTrip([`enis ${body}`])).toEqual([body]);
  }, 180_000);
});
