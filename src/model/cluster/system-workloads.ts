// What EKS runs in kube-system on a new cluster of the seed lab's time (May 2023, VPC CNI add-on v1.12.6,
// kube-proxy in iptables mode): the aws-node and kube-proxy DaemonSets, CoreDNS with two replicas, their
// ConfigMaps and the two Services every cluster has.
import { AWS_NODE_DEFAULT_ENV } from '../ipam/settings.ts';
import type { PodTemplate } from './types.ts';

export const CNI_IMAGE_TAG = 'v1.12.6-eksbuild.1';
/** The seed does not show the Kubernetes version; 1.24 is what EKS clusters of that study ran. */
export const KUBERNETES_VERSION = 'v1.24.13-eks-0a21954';
export const KUBE_PROXY_IMAGE_TAG = 'v1.24.10-minimal-eksbuild.2';
export const COREDNS_IMAGE_TAG = 'v1.9.3-eksbuild.3';
export const SERVICE_CIDR = '10.100.0.0/16';

export function ecrRegistry(region: string): string {
  return `602401143452.dkr.ecr.${region}.amazonaws.com`;
}

export function awsNodeTemplate(region: string): PodTemplate {
  return {
    labels: { 'k8s-app': 'aws-node' },
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    initContainers: [{ name: 'aws-vpc-cni-init', image: `${ecrRegistry(region)}/amazon-k8s-cni-init:${CNI_IMAGE_TAG}` }],
    containers: [
      {
        name: 'aws-node',
        image: `${ecrRegistry(region)}/amazon-k8s-cni:${CNI_IMAGE_TAG}`,
        ports: [{ containerPort: 61678, protocol: 'TCP', name: 'metrics' }],
        requests: { cpuMilli: 25 },
        env: [...AWS_NODE_DEFAULT_ENV.map(([name, value]) => ({ name, value })), { name: 'MY_NODE_NAME', value: '(v1:spec.nodeName)' }],
      },
    ],
  };
}

export function kubeProxyTemplate(region: string): PodTemplate {
  return {
    labels: { 'k8s-app': 'kube-proxy' },
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    containers: [
      {
        name: 'kube-proxy',
        image: `${ecrRegistry(region)}/eks/kube-proxy:${KUBE_PROXY_IMAGE_TAG}`,
        ports: [],
        requests: { cpuMilli: 100 },
        env: [],
        command: ['kube-proxy', '--v=2', '--config=/var/lib/kube-proxy-config/config', '--hostname-override=$(NODE_NAME)'],
      },
    ],
  };
}

export function corednsTemplate(region: string): PodTemplate {
  return {
    labels: { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' },
    hostNetwork: false,
    priorityClassName: 'system-cluster-critical',
    containers: [
      {
        name: 'coredns',
        image: `${ecrRegistry(region)}/eks/coredns:${COREDNS_IMAGE_TAG}`,
        ports: [
          { containerPort: 53, protocol: 'UDP', name: 'dns' },
          { containerPort: 53, protocol: 'TCP', name: 'dns-tcp' },
          { containerPort: 9153, protocol: 'TCP', name: 'metrics' },
        ],
        requests: { cpuMilli: 100, memoryKi: 70 * 1024 },
        env: [],
        args: ['-conf', '/etc/coredns/Corefile'],
      },
    ],
  };
}

/** kube-proxy's configuration as the seed lab printed it (`kubectl describe cm -n kube-system kube-proxy-config`). */
export const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  acceptContentTypes: ""
  burst: 10
  contentType: application/vnd.kubernetes.protobuf
  kubeconfig: /var/lib/kube-proxy/kubeconfig
  qps: 5
clusterCIDR: ""
configSyncPeriod: 15m0s
conntrack:
  maxPerCore: 32768
  min: 131072
  tcpCloseWaitTimeout: 1h0m0s
  tcpEstablishedTimeout: 24h0m0s
enableProfiling: false
healthzBindAddress: 0.0.0.0:10256
hostnameOverride: ""
iptables:
  masqueradeAll: false
  masqueradeBit: 14
  minSyncPeriod: 0s
  syncPeriod: 30s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  syncPeriod: 30s
kind: KubeProxyConfiguration
metricsBindAddress: 0.0.0.0:10249
mode: "iptables"
nodePortAddresses: null
oomScoreAdj: -998
portRange: ""
`;
