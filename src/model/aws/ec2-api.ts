// The cluster as the EC2 API describes it (DescribeNetworkInterfaces, DescribeInstances), in the AWS CLI's
// JSON shapes. ENIs the VPC CNI creates carry its description and tags (pkg/awsutils/awsutils.go, v1.12.6).
import type { Cluster } from '../cluster/cluster.ts';
import type { Eni, Node } from '../cluster/types.ts';
import { formatIpv4, type Ipv4 } from '../net/ipv4.ts';

export const ACCOUNT_ID = '123456789012';

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00').replace(/\.\d{3}/, '');
const dns = (cluster: Cluster, ip: Ipv4) => `ip-${formatIpv4(ip).replaceAll('.', '-')}.${cluster.region}.compute.internal`;

function nodeSecurityGroup(cluster: Cluster) {
  return { GroupName: 'eks-cluster-sg-myeks-104368993', GroupId: `sg-0${cluster.vpc.id.slice(5, 21)}` };
}

export function networkInterface(cluster: Cluster, node: Node, eni: Eni): Record<string, unknown> {
  const primary = eni.deviceNumber === 0;
  const publicDns = `ec2-${formatIpv4(node.publicIp).replaceAll('.', '-')}.${cluster.region}.compute.amazonaws.com`;
  const association = primary ? { IpOwnerId: 'amazon', PublicDnsName: publicDns, PublicIp: formatIpv4(node.publicIp) } : undefined;
  return {
    ...(association ? { Association: association } : {}),
    Attachment: {
      AttachTime: iso(eni.attachedAt),
      AttachmentId: `eni-attach-0${eni.id.slice(5)}`,
      DeleteOnTermination: true,
      DeviceIndex: eni.deviceNumber,
      NetworkCardIndex: 0,
      InstanceId: node.instanceId,
      InstanceOwnerId: ACCOUNT_ID,
      Status: eni.attachedAt <= cluster.now ? 'attached' : 'attaching',
    },
    AvailabilityZone: node.az,
    Description: primary ? '' : `aws-K8S-${node.instanceId}`,
    Groups: [nodeSecurityGroup(cluster)],
    InterfaceType: 'interface',
    Ipv6Addresses: [],
    MacAddress: eni.mac,
    NetworkInterfaceId: eni.id,
    OwnerId: ACCOUNT_ID,
    PrivateDnsName: dns(cluster, eni.primaryIp),
    PrivateIpAddress: formatIpv4(eni.primaryIp),
    PrivateIpAddresses: [
      { ...(association ? { Association: association } : {}), Primary: true, PrivateDnsName: dns(cluster, eni.primaryIp), PrivateIpAddress: formatIpv4(eni.primaryIp) },
      ...eni.secondaryIps.filter((s) => s.prefix === undefined).map((s) => ({ Primary: false, PrivateDnsName: dns(cluster, s.ip), PrivateIpAddress: formatIpv4(s.ip) })),
    ],
    ...(eni.secondaryIps.some((s) => s.prefix !== undefined)
      ? { Ipv4Prefixes: [...new Set(eni.secondaryIps.filter((s) => s.prefix !== undefined).map((s) => s.prefix!))].map((p) => ({ Ipv4Prefix: `${formatIpv4(p)}/28` })) }
      : {}),
    RequesterId: primary ? undefined : 'AROAEXAMPLEROLE:i-aws-node',
    RequesterManaged: false,
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: eni.subnetId,
    TagSet: primary
      ? []
      : [
          { Key: 'node.k8s.amazonaws.com/createdAt', Value: new Date(eni.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z') },
          { Key: 'node.k8s.amazonaws.com/instance_id', Value: node.instanceId },
        ],
    VpcId: cluster.vpc.id,
  };
}

export function describeNetworkInterfaces(cluster: Cluster): Record<string, unknown>[] {
  return cluster.nodes.flatMap((n) => n.enis.map((e) => networkInterface(cluster, n, e)));
}

export function describeSubnets(cluster: Cluster): Record<string, unknown>[] {
  return cluster.vpc.subnets.map((sn, i) => ({
    AvailabilityZone: sn.az,
    AvailableIpAddressCount: 2 ** (32 - sn.cidr.prefix) - 5 - sn.used.size,
    CidrBlock: `${formatIpv4(sn.cidr.base)}/${sn.cidr.prefix}`,
    MapPublicIpOnLaunch: sn.public,
    State: 'available',
    SubnetId: sn.id,
    VpcId: cluster.vpc.id,
    Tags: subnetTags(cluster.vpc, sn, i),
  }));
}

export function describeInstances(cluster: Cluster): Record<string, unknown>[] {
  return cluster.nodes.map((n) => {
    const eth0 = n.enis[0];
    return {
      AmiLaunchIndex: 0,
      ImageId: 'ami-0a2a7a8ad0bd5bdb6',
      InstanceId: n.instanceId,
      InstanceType: n.instanceType.name,
      KeyName: 'kp-lab',
      LaunchTime: iso(n.metadata.creationTimestamp),
      Placement: { AvailabilityZone: n.az, GroupName: '', Tenancy: 'default' },
      PrivateDnsName: n.name,
      PrivateIpAddress: formatIpv4(eth0.primaryIp),
      PublicDnsName: `ec2-${formatIpv4(n.publicIp).replaceAll('.', '-')}.${cluster.region}.compute.amazonaws.com`,
      PublicIpAddress: formatIpv4(n.publicIp),
      State: { Code: 16, Name: 'running' },
      SubnetId: n.subnetId,
      VpcId: cluster.vpc.id,
      Architecture: 'x86_64',
      Hypervisor: 'xen',
      NetworkInterfaces: n.enis.map((e) => networkInterface(cluster, n, e)),
      SecurityGroups: [nodeSecurityGroup(cluster)],
      Tags: [
        { Key: 'Name', Value: 'myeks-ng1-Node' },
        { Key: 'eks:cluster-name', Value: 'myeks' },
        { Key: 'eks:nodegroup-name', Value: 'ng1' },
        { Key: 'kubernetes.io/cluster/myeks', Value: 'owned' },
      ],
    };
  });
}

/**
 * A subnet's tags as the lab's CloudFormation template sets them: its Name, and the role tags the AWS Load Balancer
 * Controller discovers subnets by (public subnets for internet-facing load balancers, private ones for internal).
 */
type Tag = { Key: string; Value: string };
type VpcSubnet = Cluster['vpc']['subnets'][number];
/** Tags written with `aws ec2 create-tags` / `delete-tags`; until then a subnet has the lab's tags. */
const writtenTags = new WeakMap<VpcSubnet, Tag[]>();

/** CreateTags (add or overwrite by key) or DeleteTags (by key, or by key and value) on a subnet. */
export function writeSubnetTags(vpc: Cluster['vpc'], sn: VpcSubnet, op: 'create' | 'delete', tags: { Key: string; Value?: string }[]): void {
  let now = subnetTags(vpc, sn);
  for (const t of tags) {
    if (op === 'create') now = [...now.filter((x) => x.Key !== t.Key), { Key: t.Key, Value: t.Value ?? '' }];
    else now = now.filter((x) => x.Key !== t.Key || (t.Value !== undefined && x.Value !== t.Value));
  }
  writtenTags.set(sn, now);
}

export function subnetTags(vpc: Cluster['vpc'], sn: VpcSubnet, index = vpc.subnets.indexOf(sn)): Tag[] {
  const written = writtenTags.get(sn);
  if (written) return written;
  return [
    { Key: 'Name', Value: `myeks-${sn.public ? 'Public' : 'Private'}Subnet${(index % 3) + 1}` },
    { Key: sn.public ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb', Value: '1' },
  ];
}
