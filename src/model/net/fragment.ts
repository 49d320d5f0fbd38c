// IPv4 fragmentation as Linux does it on the sending host (net/ipv4/ip_output.c ip_do_fragment, slow path): a
// datagram larger than the route's MTU is cut into fragments whose data is the largest multiple of 8 bytes that fits
// in MTU - 20 (the fragment offset counts 8-byte units), each with its own 20-byte header; the last takes the rest.
// Only with the DF bit clear: with DF set (`ping -M do`) the socket refuses it with EMSGSIZE instead.

export const IPV4_HEADER = 20;

/** The IPv4 total length of each fragment of a datagram of `total` bytes (header included) on a link of `mtu`. */
export function fragmentLengths(total: number, mtu: number): number[] {
  if (total <= mtu) return [total];
  const data = total - IPV4_HEADER;
  const per = Math.floor((mtu - IPV4_HEADER) / 8) * 8;
  if (per <= 0) throw new Error(`an MTU of ${mtu} leaves no room for data`);
  const out: number[] = [];
  for (let left = data; left > 0; left -= per) out.push(IPV4_HEADER + Math.min(per, left));
  return out;
}
