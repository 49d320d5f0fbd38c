// Custom networking: with AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true, ipamd puts new pod ENIs in the subnet of the
// node's ENIConfig and never gives the primary ENI's addresses to pods (lipam.md §10).
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../../../src/model/net/ipv4.ts';
import { labEngine } from '../shell/engine-helpers.ts';

describe('custom networking', () => {
  it('moves pod addresses to the ENIConfig subnets (the lab VPC’s private ones)', () => {
    const { sh, cluster } = labEngine();
    const fill = ['a', 'b', 'c']
      .map((z, i) => `s/SUBNET_${z.toUpperCase()}/$(aws ec2 describe-subnets --filters Name=cidr-block,Values=192.168.1${i + 1}.0/24 --query 'Subnets[0].SubnetId' --output text)/`)
      .join(';');
    expect(sh(`cat eniconfigs.yaml | sed "${fill}" | kubectl apply -f -`)).toBe(
      'eniconfig.crd.k8s.amazonaws.com/ap-northeast-2a created\neniconfig.crd.k8s.amazonaws.com/ap-northeast-2b created\neniconfig.crd.k8s.amazonaws.com/ap-northeast-2c created\n',
    );
    expect(sh('kubectl get eniconfigs --no-headers | wc -l')).toBe('3\n');
    sh('kubectl set env daemonset aws-node -n kube-system AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone');
    // New pods only: on a real cluster the nodes would be replaced; here the existing ENIs keep their pods.
    sh('kubectl apply -f nginx-dp.yaml');
    sh('kubectl scale deploy nginx-deployment --replicas=24');
    sh('sleep 120');
    const pods = [...cluster.pods.values()].filter((p) => p.name.startsWith('nginx-deployment-') && p.phase === 'Running');
    expect(pods).toHaveLength(24);
    for (const pod of pods) {
      const node = cluster.node(pod.nodeName!)!;
      const eni = node.enis.find((e) => e.secondaryIps.some((s) => s.podUid === pod.uid))!;
      // Pods on ENIs created after the switch sit in the private subnet of the node's zone; addresses the
      // primary ENI already had still serve pods (hence AWS's advice to replace the nodes).
      if (eni.createdAt > cluster.createdAt + 7200_000) expect(formatIpv4(pod.ip!)).toMatch(/^192\.168\.1[123]\./);
    }
    expect(pods.some((p) => /^192\.168\.1[123]\./.test(formatIpv4(p.ip!)))).toBe(true);
    // The new ENI's table routes through its own (private) subnet's gateway.
    const onPrivate = pods.find((p) => /^192\.168\.1[123]\./.test(formatIpv4(p.ip!)))!;
    const node = cluster.node(onPrivate.nodeName!)!;
    const eni = node.enis.find((e) => e.secondaryIps.some((s) => s.podUid === onPrivate.uid))!;
    const gateway = formatIpv4(onPrivate.ip!).replace(/\.\d+$/, '.1');
    expect(sh(`ssh ec2-user@${formatIpv4(node.enis[0].primaryIp)} ip route show table ${eni.deviceNumber + 1}`)).toBe(
      `default via ${gateway} dev eth${eni.deviceNumber} \n${gateway} dev eth${eni.deviceNumber} scope link \n`,
    );
  });

  it('attaches no pod ENI while a node has no ENIConfig, so new pods wait for an address', () => {
    const { sh, cluster } = labEngine();
    sh('kubectl set env daemonset aws-node -n kube-system AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true');
    sh('kubectl apply -f nginx-dp.yaml');
    sh('kubectl scale deploy nginx-deployment --replicas=30');
    sh('sleep 120');
    const enis = cluster.nodes.map((n) => n.enis.length);
    expect(enis.every((n) => n <= 2)).toBe(true);
    expect(sh('kubectl get pods | grep -c ContainerCreating')).not.toBe('0\n');
    expect(sh(`kubectl describe pod $(kubectl get pods | grep ContainerCreating | head -1 | awk '{print $1}') | grep FailedCreatePodSandBox`)).toContain(
      'failed (add): add cmd: failed to assign an IP address to container',
    );
  });
});
