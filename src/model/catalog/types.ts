export type Hypervisor = 'nitro' | 'xen' | 'unknown';

/** One EC2 instance type as the VPC CNI sees it. */
export interface InstanceType {
  name: string;
  /** ENIs on the default network card: the only ones the CNI and the max-pods formula use. */
  maxEnis: number;
  ipv4PerEni: number;
  /** 'unknown' is what EC2 reports for bare metal, and for a few retired types. */
  hypervisor: Hypervisor;
  bareMetal: boolean;
  networkCards: number;
  /** Default vCPUs; null where no upstream source lists them. */
  vcpus: number | null;
  /** The value in AWS's published eni-max-pods.txt; null if the type is not listed. */
  published: number | null;
}

export type InstanceTypeRow = readonly [
  name: string,
  maxEnis: number,
  ipv4PerEni: number,
  hypervisor: Hypervisor,
  bareMetal: 0 | 1,
  networkCards: number,
  vcpus: number | null,
  published: number | null,
];
