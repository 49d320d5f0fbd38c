// The addresses in use in one subnet. A bitset over the subnet's CIDR rather than a Set: a large cluster's /11
// subnets hold two million addresses, and EC2's random picks probe them hundreds of thousands of times.
import { type Cidr, cidrSize, type Ipv4 } from './ipv4.ts';

export class AddressSet implements Iterable<Ipv4> {
  readonly #base: Ipv4;
  readonly #bits: Uint32Array;
  #size = 0;

  constructor(cidr: Cidr) {
    this.#base = cidr.base;
    this.#bits = new Uint32Array(Math.ceil(cidrSize(cidr) / 32));
  }

  get size(): number {
    return this.#size;
  }

  has(ip: Ipv4): boolean {
    const i = ip - this.#base;
    return i >= 0 && i < this.#bits.length * 32 && (this.#bits[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  add(ip: Ipv4): this {
    const i = ip - this.#base;
    if (i < 0 || i >= this.#bits.length * 32) throw new RangeError(`address ${ip} is outside the subnet`);
    const word = this.#bits[i >>> 5], bit = 1 << (i & 31);
    if ((word & bit) === 0) {
      this.#bits[i >>> 5] = word | bit;
      this.#size++;
    }
    return this;
  }

  delete(ip: Ipv4): boolean {
    if (!this.has(ip)) return false;
    const i = ip - this.#base;
    this.#bits[i >>> 5] &= ~(1 << (i & 31));
    this.#size--;
    return true;
  }

  /** In address order. */
  *[Symbol.iterator](): Iterator<Ipv4> {
    for (let w = 0; w < this.#bits.length; w++) {
      const word = this.#bits[w];
      if (word === 0) continue;
      for (let b = 0; b < 32; b++) if (word & (1 << b)) yield this.#base + w * 32 + b;
    }
  }
}
