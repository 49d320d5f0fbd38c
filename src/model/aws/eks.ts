// The EKS control plane as AWS and kubectl see it: the cluster's name, its API endpoint (the same 32-hex id names
// the endpoint host and the OIDC issuer), the API server's version, and the kubeconfig eksctl wrote on the
// bastion when it created the cluster. Derived from the cluster's seed by hashing, so that it draws nothing from
// the model's random stream (adding it moved no address or name).
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { stringify } from 'yaml';
import { ACCOUNT_ID } from './ec2-api.ts';

/** What `kubectl version` prints for a Go binary: apimachinery's version.Info, in its field order. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** EKS 1.24's API server in May 2023 (platform eks.7), as its /version endpoint answered. */
export const SERVER_VERSION: VersionInfo = {
  major: '1',
  minor: '24+',
  gitVersion: 'v1.24.13-eks-0a21954',
  gitCommit: '6305d65c340554ad8b4d7a5f21391c9fa34932cb',
  gitTreeState: 'clean',
  buildDate: '2023-04-15T00:33:45Z',
  goVersion: 'go1.19.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/**
 * The bastion's kubectl: AWS's build of the same 1.24.13 source (the lab installed kubectl from the amazon-eks
 * bucket). Its own build date is not published anywhere we could read, so it carries the server build's.
 */
export const CLIENT_VERSION: VersionInfo = { ...SERVER_VERSION };

/** kubectl 1.24 vendors kustomize v4.5.4. */
export const KUSTOMIZE_VERSION = 'v4.5.4';

/** The IAM user the lab's bastion runs as (`aws configure`); eksctl names the kubeconfig user after it. */
export const IAM_USER = 'admin';

export interface EksCluster {
  name: string;
  region: string;
  arn: string;
  /** The API server's URL, e.g. https://73F3….gr7.ap-northeast-2.eks.amazonaws.com */
  endpoint: string;
  oidcIssuer: string;
  /** eksctl's names in the kubeconfig. */
  kubeconfigCluster: string;
  kubeconfigUser: string;
  /** The kubeconfig file eksctl wrote: ~/.kube/config on the bastion. */
  kubeconfig: string;
}

function hex(text: string): string {
  return bytesToHex(sha1(utf8ToBytes(text)));
}

/**
 * The cluster's CA certificate (CN=kubernetes, ten years from the cluster's creation, as EKS issues it). A real
 * X.509 certificate made for this project (its key was discarded): kubectl parses it before it talks to the
 * server, and `kubectl config view --raw` shows it.
 */
const CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIC5zCCAc+gAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDDAprdWJl',
  'cm5ldGVzMB4XDTIzMDUwNTA2MDAwMFoXDTMzMDUwMjA2MDAwMFowFTETMBEGA1UE',
  'AwwKa3ViZXJuZXRlczCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKmX',
  'tYuq6GrgQZr1PrD62u6Zk6h+5SuExGlMgyGRg6bKcewp62HM/oVSB7MIL7ADaRJe',
  'UxFV97yNzr5sEuBo2AbN4SaI4MiDD+ALDoYEz4wEEWaXO8nosrqmmbZ+ktBKOlnY',
  'rwnz5gF+vToYq0JWr3tc3gcezsXbsP+2r98au+2/i4uQqqzhmUyiAytTzhl+ubGR',
  'LtYYUqynvtdpVZ6bGqXHXR68pQ2B+QDpQaknF+JqukAJqc0xIyGzmNOTpo+QF4J6',
  'FjraW+Bd+rtOp7oLyuFW8C65FIn9CPXhcRk/cr57blYx0wDEjuk1KJCxmNwdc2R1',
  'SRY4m87x86lxQpiPVtkCAwEAAaNCMEAwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8B',
  'Af8EBAMCAqQwHQYDVR0OBBYEFC8NKwXXRVMH57JrGo2PBGzzxgHiMA0GCSqGSIb3',
  'DQEBCwUAA4IBAQBpoUqHO0IVTFkk78uoE0Kts/BqT0jBh+IzG9Bx1ujktx1w0v+U',
  'YIpJ1xctNfiPGaeAcZml5juRHiOLAIPkJkY4fboqlAOmOYJYK2c5WS3vL3aDvYh7',
  'HE2dJd1gMl4BdJuX4ZYIRPsucY8uxg2pUrOuvW2Ne9cDUbc1jnYLdiYMXOa4mx3s',
  'ekaBRwFt8vCQ+PjEMKDE3TMeLFjxskPR6La8TH/C0PKKFWvyNdyPswspLJUU02KM',
  'GWFKT6ab4t0LSzNFsjsBMz9o539Lz1akNZzwPB+luZuTQvyF9KfGqrr/vgwz8RjJ',
  'GWhIwlsEfNzEbPmvJUJlV/bZJ61uuRy8Hot5',
  '-----END CERTIFICATE-----',
].join('\n') + '\n';

export function eksCluster(seed: string, region: string, name = 'myeks'): EksCluster {
  const id = (hex(`${seed}/eks-endpoint`) + hex(`${seed}/eks-endpoint/2`)).slice(0, 32).toUpperCase();
  const endpoint = `https://${id}.gr7.${region}.eks.amazonaws.com`;
  const kubeconfigCluster = `${name}.${region}.eksctl.io`;
  const kubeconfigUser = `${IAM_USER}@${kubeconfigCluster}`;
  // What eksctl writes: clientcmd's Config through sigs.k8s.io/yaml, so keys come out sorted.
  const kubeconfig = stringify(
    {
      apiVersion: 'v1',
      clusters: [{ cluster: { 'certificate-authority-data': btoa(CA_PEM), server: endpoint }, name: kubeconfigCluster }],
      contexts: [{ context: { cluster: kubeconfigCluster, user: kubeconfigUser }, name: kubeconfigUser }],
      'current-context': kubeconfigUser,
      kind: 'Config',
      preferences: {},
      users: [{
        name: kubeconfigUser,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            args: ['eks', 'get-token', '--output', 'json', '--cluster-name', name, '--region', region],
            command: 'aws',
            env: [{ name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' }],
            provideClusterInfo: false,
          },
        },
      }],
    },
    { indentSeq: false, lineWidth: 0, minContentWidth: 0 },
  );
  return {
    name,
    region,
    arn: `arn:aws:eks:${region}:${ACCOUNT_ID}:cluster/${name}`,
    endpoint,
    oidcIssuer: `https://oidc.eks.${region}.amazonaws.com/id/${id}`,
    kubeconfigCluster,
    kubeconfigUser,
    kubeconfig,
  };
}
