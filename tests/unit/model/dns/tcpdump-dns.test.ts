// tcpdump 4.9.3's ns_print without -v, line by line (print-domain.c): queries, answers, NXDOMAIN, and the flag
// characters for AA, RA and the OPT record.
import { describe, expect, it } from 'vitest';
import { newQuery, replyTo } from '../../../../src/model/dns/message.ts';
import { dnsSummary } from '../../../../src/model/dns/tcpdump-dns.ts';
import { parseIpv4 } from '../../../../src/model/net/ipv4.ts';

const soa = { name: 'cluster.local.', ttl: 5, data: { type: 'SOA' as const, mname: 'ns.dns.cluster.local.', rname: 'hostmaster.cluster.local.', serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 } };

describe('ns_print', () => {
  it('a query: id, + for RD, TYPE? name', () => {
    expect(dnsSummary(newQuery(30415, 'nginx.default.svc.cluster.local', 'A'), 49)).toBe('30415+ A? nginx.default.svc.cluster.local. (49)');
    expect(dnsSummary(newQuery(7, 'x.', 'AAAA', { recursionDesired: false }), 19)).toBe('7 AAAA? x. (19)');
  });

  it('dig\'s query shows its OPT record as [1au]', () => {
    expect(dnsSummary(newQuery(1, 'a.', 'A', { authenticData: true, edns: { udpSize: 1232, cookie: '0011223344556677' } }), 40)).toBe('1+ [1au] A? a. (40)');
  });

  it('CoreDNS\'s answers: * for AA, - because RA is clear; the answer records; NXDomain', () => {
    const q = newQuery(25738, 'nginx.default.svc.cluster.local.', 'A');
    const ok = replyTo(q, { authoritative: true, answer: [{ name: q.question[0].name, ttl: 5, data: { type: 'A', address: parseIpv4('10.100.5.6')! } }] });
    expect(dnsSummary(ok, 96)).toBe('25738*- 1/0/0 A 10.100.5.6 (96)');
    expect(dnsSummary(replyTo(q, { authoritative: true, rcode: 'NXDOMAIN', authority: [soa] }), 142)).toBe('25738 NXDomain*- 0/1/0 (142)');
    expect(dnsSummary(replyTo(q, { authoritative: true, authority: [soa] }), 142)).toBe('25738*- 0/1/0 (142)');
  });

  it('a recursive resolver\'s answer: no flag characters; several records joined by commas', () => {
    const q = newQuery(9, 'www.google.com.', 'A');
    const two = replyTo(q, {
      recursionAvailable: true,
      answer: [
        { name: 'www.google.com.', ttl: 30, data: { type: 'CNAME', target: 'x.l.google.com.' } },
        { name: 'x.l.google.com.', ttl: 30, data: { type: 'A', address: parseIpv4('142.250.198.4')! } },
      ],
    });
    expect(dnsSummary(two, 70)).toBe('9 2/0/0 CNAME x.l.google.com., A 142.250.198.4 (70)');
  });
});
