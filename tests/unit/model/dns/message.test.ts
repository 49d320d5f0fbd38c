// DNS messages on the wire: lengths as tcpdump and dig print them (expected values read from a real BIND 9.18 dig
// and nslookup talking to a test server: their query and reply sizes), and a round trip through the decoder.
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, formatIpv6, ipv6Bytes, messageLength, newQuery, replyTo, reverseName } from '../../../../src/model/dns/message.ts';
import { parseIpv4 } from '../../../../src/model/net/ipv4.ts';

const NAME = 'nginx.default.svc.cluster.local.';

describe('wire lengths', () => {
  it('a plain query: 12 bytes of header, the name, type and class (nslookup sent 49 bytes)', () => {
    expect(messageLength(newQuery(1, NAME, 'A'))).toBe(49);
    expect(messageLength(newQuery(1, 'nosuch.', 'A'))).toBe(24);
    expect(messageLength(newQuery(1, 'www.google.com.ap-northeast-2.compute.internal', 'A'))).toBe(64);
  });

  it('dig\'s query carries an OPT record with an 8-byte cookie (72 bytes), and CoreDNS\'s uncompressed answer echoing it is 119', () => {
    const q = newQuery(1, NAME, 'A', { authenticData: true, edns: { udpSize: 1232, cookie: '9869d16502f24262' } });
    expect(messageLength(q)).toBe(72);
    const r = replyTo(q, { authoritative: true, answer: [{ name: NAME, ttl: 5, data: { type: 'A', address: parseIpv4('10.100.5.6')! } }], edns: q.edns });
    expect(messageLength(r)).toBe(119);
  });

  it('compression points repeated names at their first occurrence', () => {
    const q = newQuery(1, 'www.google.com.', 'A');
    const r = replyTo(q, { answer: [{ name: 'www.google.com.', ttl: 60, data: { type: 'A', address: parseIpv4('142.250.198.4')! } }] });
    expect(messageLength(r, false)).toBe(32 + 16 + 14);
    expect(messageLength(r, true)).toBe(32 + 16);
  });
});

describe('decoding', () => {
  it('reads back what it wrote, compressed or not', () => {
    const q = newQuery(4242, NAME, 'AAAA', { edns: { udpSize: 1232, cookie: '0011223344556677' } });
    const r = replyTo(q, {
      authoritative: true,
      authority: [{ name: 'cluster.local.', ttl: 5, data: { type: 'SOA', mname: 'ns.dns.cluster.local.', rname: 'hostmaster.cluster.local.', serial: 1683273600, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 } }],
    });
    for (const compress of [false, true]) {
      expect(decodeMessage(encodeMessage(q, compress))).toEqual(q);
      expect(decodeMessage(encodeMessage(r, compress))).toEqual(r);
    }
  });

  it('IPv6 text survives the trip; reverse names', () => {
    expect(formatIpv6(ipv6Bytes('2404:6800:400a:80b::2004'))).toBe('2404:6800:400a:80b::2004');
    expect(reverseName(parseIpv4('10.100.0.10')!)).toBe('10.0.100.10.in-addr.arpa.');
  });
});
