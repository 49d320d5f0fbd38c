// AWS's side of the cluster's addresses: the lab's VPC and subnets, and how EC2 hands out private addresses
// and /28 prefixes in a subnet (at random among the free ones; the first four and the last are AWS's).
import { randomHex } from '../ids.ts';
import { IPS_PER_PREFIX, InsufficientCidrBlocks } from '../ipam/ipamd.ts';
import { AddressSet } from '../net/address-set.ts';
import { cidrSize, type Ipv4, parseCidr } from '../net/ipv4.ts';
import type { Rng } from '../rng.ts';
import type { Subnet, Vpc } from '../cluster/types.ts';

/** The lab's CloudFormation puts the bastion at .100 of the first public subnet. */
export function bastionAddress(vpc: Vpc): Ipv4 {
  return vpc.subnets[0].cidr.base + 100;
}

/**
 * The lab's VPC: 192.168.0.0/16 with a public /24 per AZ for nodes and a private /24 per AZ (192.168.11-13.0/24)
 * where custom networking can put pods. A cluster whose ENIs could not fit there gets one large block per AZ
 * instead (on AWS that takes secondary VPC CIDRs; the simulator keeps one flat VPC).
 */
export function createVpc(rng: Rng, region: string, large: boolean): Vpc {
  const azs = ['a', 'b', 'c'].map((z) => `${region}${z}`);
  const subnet = (cidrText: string, az: string, isPublic: boolean): Subnet => {
    const cidr = parseCidr(cidrText)!;
    return { id: `subnet-0${randomHex(rng, 16)}`, cidr, az, public: isPublic, used: new AddressSet(cidr) };
  };
  const vpcCidr = parseCidr(large ? '10.0.0.0/8' : '192.168.0.0/16')!;
  const vpc: Vpc = {
    id: `vpc-0${randomHex(rng, 16)}`,
    region,
    cidr: vpcCidr,
    subnets: azs.map((az, i) => subnet(large ? `10.${(i + 1) * 32}.0.0/11` : `192.168.${i + 1}.0/24`, az, true)),
  };
  if (!large) azs.forEach((az, i) => vpc.subnets.push(subnet(`192.168.${i + 11}.0/24`, az, false)));
  // The lab's bastion host was there before the cluster: its address is taken.
  vpc.subnets[0].used.add(bastionAddress(vpc));
  return vpc;
}

/** EC2 picks a free address in the subnet; the first four and the last are reserved by AWS. */
export function allocateIp(rng: Rng, subnet: Subnet): Ipv4 {
  const size = cidrSize(subnet.cidr);
  if (subnet.used.size >= size - 5) throw new Error(`subnet ${subnet.id} has no free addresses`);
  for (;;) {
    const ip = subnet.cidr.base + 4 + rng.int(size - 5);
    if (!subnet.used.has(ip)) {
      subnet.used.add(ip);
      return ip;
    }
  }
}

/** EC2 delegates an aligned /28 none of whose addresses is in use or reserved by AWS, chosen at random. */
export function allocatePrefix(rng: Rng, subnet: Subnet): Ipv4 {
  const size = cidrSize(subnet.cidr);
  const free: Ipv4[] = [];
  for (let base = subnet.cidr.base; base < subnet.cidr.base + size; base += IPS_PER_PREFIX) {
    if (base - subnet.cidr.base < 4 || base + IPS_PER_PREFIX > subnet.cidr.base + size - 1) continue;
    let clear = true;
    for (let k = 0; k < IPS_PER_PREFIX && clear; k++) clear = !subnet.used.has(base + k);
    if (clear) free.push(base);
  }
  if (free.length === 0) throw new InsufficientCidrBlocks(`There are not enough free Cidr blocks in the specified subnet to satisfy the request.`);
  const base = rng.pick(free);
  for (let k = 0; k < IPS_PER_PREFIX; k++) subnet.used.add(base + k);
  return base;
}
