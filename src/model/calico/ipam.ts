// Calico IPAM (calico-ipam, libcalico-go/lib/ipam): the pool is cut into /26 blocks; a node claims a block (its
// "affinity", `calicoctl ipam show --show-blocks`), hands out the block's addresses one by one, and claims another
// block when the first is full. calico-node takes the first address of the node's first block for the tunnel
// device (vxlan.calico / tunl0: allocateip.go, "ipip-tunnel-addr-<node>" / "vxlan-tunnel-addr-<node>" handles).
// No ENI secondary address is used: the VPC never hears of these addresses.
//
// Which block a node gets: upstream's randomBlockGenerator walks the pool's blocks in an order seeded from the
// host name (Go's math/rand, not reproduced here); the model draws from a stream seeded with the cluster seed and
// the host name, so each node's block is as arbitrary and as stable. Addresses inside a block go in ordinal order;
// a released ordinal goes to the back of the block's free list (ipam_block.go release appends to Unallocated).
import { type Cidr, cidrContains, type Ipv4 } from '../net/ipv4.ts';
import { createRng } from '../rng.ts';
import { BLOCK_PREFIX, type Encapsulation, POOL_CIDR } from './config.ts';

export interface Block {
  cidr: Cidr;
  /** The node the block is affine to. */
  host: string;
  /** Free ordinals in the order the block hands them out. */
  unallocated: number[];
  /** Ordinal → handle (the pod's `k8s-pod-network.<containerID>` in Calico; here `namespace/name`, or the tunnel's). */
  handles: Map<number, string>;
}

const BLOCK_SIZE = 2 ** (32 - BLOCK_PREFIX);

export class CalicoIpam {
  readonly pool: Cidr;
  readonly blocks: Block[] = [];
  private readonly byHost = new Map<string, Block[]>();
  private readonly tunnels = new Map<string, Ipv4>();
  private readonly seed: string;

  constructor(seed: string, pool: Cidr = POOL_CIDR) {
    this.seed = seed;
    this.pool = pool;
  }

  /** calico-node starting on a node: its first block and the tunnel address from it. */
  addHost(host: string, enc: Encapsulation): Ipv4 {
    const handle = `${enc}-tunnel-addr-${host}`;
    const ip = this.assign(host, handle);
    if (ip === undefined) throw new Error(`calico-ipam: pool ${this.pool.base} exhausted`);
    this.tunnels.set(host, ip);
    return ip;
  }

  tunnelAddress(host: string): Ipv4 | undefined {
    return this.tunnels.get(host);
  }

  blocksOf(host: string): readonly Block[] {
    return this.byHost.get(host) ?? [];
  }

  /** The block an address falls in, if any node has claimed it. */
  blockOf(ip: Ipv4): Block | undefined {
    if (!cidrContains(this.pool, ip)) return undefined;
    return this.blocks.find((b) => cidrContains(b.cidr, ip));
  }

  /** An address for `handle` from the host's blocks, claiming a new block when they are full. */
  assign(host: string, handle: string): Ipv4 | undefined {
    let blocks = this.byHost.get(host);
    if (!blocks) this.byHost.set(host, (blocks = []));
    let block = blocks.find((b) => b.unallocated.length > 0);
    if (!block) {
      const claimed = this.claim(host, blocks.length);
      if (!claimed) return undefined;
      blocks.push(claimed);
      block = claimed;
    }
    const ordinal = block.unallocated.shift()!;
    block.handles.set(ordinal, handle);
    return block.cidr.base + ordinal;
  }

  release(ip: Ipv4): void {
    const block = this.blockOf(ip);
    if (!block) return;
    const ordinal = ip - block.cidr.base;
    if (block.handles.delete(ordinal)) block.unallocated.push(ordinal);
  }

  /** A free block of the pool, drawn from the host's own sequence. */
  private claim(host: string, nth: number): Block | undefined {
    const count = 2 ** (BLOCK_PREFIX - this.pool.prefix);
    if (this.blocks.length >= count) return undefined;
    const rng = createRng(`${this.seed}/calico-ipam/${host}/${nth}`);
    const taken = new Set(this.blocks.map((b) => b.cidr.base));
    let index = rng.int(count);
    while (taken.has(this.pool.base + index * BLOCK_SIZE)) index = (index + 1) % count;
    const block: Block = {
      cidr: { base: this.pool.base + index * BLOCK_SIZE, prefix: BLOCK_PREFIX },
      host,
      unallocated: Array.from({ length: BLOCK_SIZE }, (_, i) => i),
      handles: new Map(),
    };
    this.blocks.push(block);
    return block;
  }
}
