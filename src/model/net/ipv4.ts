// IPv4 addresses as unsigned 32-bit integers, and CIDR blocks.

export type Ipv4 = number;

export interface Cidr {
  base: Ipv4;
  prefix: number;
}

export function parseIpv4(text: string): Ipv4 | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

export function formatIpv4(ip: Ipv4): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

export function parseCidr(text: string): Cidr | undefined {
  const [addr, len] = text.trim().split('/');
  const base = parseIpv4(addr);
  const prefix = len === undefined ? 32 : Number(len);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  return { base: (base & netmask(prefix)) >>> 0, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.base)}/${c.prefix}`;
}

export function netmask(prefix: number): Ipv4 {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function cidrContains(c: Cidr, ip: Ipv4): boolean {
  return ((ip & netmask(c.prefix)) >>> 0) === c.base;
}

/** `ip-192-168-1-139`: the EC2 private DNS host label of an address. */
export function ipHostLabel(ip: Ipv4): string {
  return `ip-${formatIpv4(ip).replaceAll('.', '-')}`;
}
