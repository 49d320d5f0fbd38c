// tcpdump 4.9 output. Every expected line is real tcpdump output, copied from:
//  - the lab this simulator reproduces (the ICMP echo lines);
//  - tcpdump's own regression tests at the tcpdump-4.9.3 tag (tests/*.out, run as `tcpdump -t -n -r`);
//  - captures published in public write-ups (an AKS networking guide with `-i any -n -e [-S]`, a CentOS
//    `tcpdump -nn` of an HTTP request, Kube-OVN's `kubectl ko tcpdump`, a flannel walkthrough).
// The packets fed in are rebuilt from those lines; the properties check the rules print-tcp.c follows.
import { ipTotalLength } from '../../../../src/model/net/packet.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../../../src/model/net/ipv4.ts';
import type { Packet, TcpHeader } from '../../../../src/model/net/packet.ts';
import {
  captureHeader,
  captureSummary,
  formatTimestamp,

  type LinkHeader,
  TcpdumpFormatter,
} from '../../../../src/model/net/tcpdump-format.ts';

const ip = (s: string) => parseIpv4(s)!;
/** Epoch milliseconds of a UTC time of day, with the microseconds tcpdump prints. */
const at = (hhmmss: string, micros: number) => {
  const [h, m, s] = hhmmss.split(':').map(Number);
  return Date.UTC(2024, 4, 6, h, m, s) + micros / 1000;
};
/** The line without its time stamp, as tcpdump -t prints it. */
const untimed = (line: string) => line.slice(line.indexOf(' ') + 1);

function echo(type: 'echo-request' | 'echo-reply', src: string, dst: string, id: number, seq: number): Packet {
  return { proto: 'icmp', src: ip(src), dst: ip(dst), ttl: 64, ipId: 0, length: 64, icmp: { type, id, seq } };
}

function tcp(src: string, dst: string, header: TcpHeader, length = 0, summary?: string): Packet {
  const [srcAddr, srcPort] = splitEnd(src);
  const [dstAddr, dstPort] = splitEnd(dst);
  return { proto: 'tcp', src: ip(srcAddr), dst: ip(dstAddr), srcPort, dstPort, ttl: 64, ipId: 0, length, tcp: header, summary };
}

function udp(src: string, dst: string, length: number, summary?: string): Packet {
  const [srcAddr, srcPort] = splitEnd(src);
  const [dstAddr, dstPort] = splitEnd(dst);
  return { proto: 'udp', src: ip(srcAddr), dst: ip(dstAddr), srcPort, dstPort, ttl: 64, ipId: 0, length, summary };
}

/** `10.0.0.1.80` → address and port, the way tcpdump writes them. */
function splitEnd(endpoint: string): [string, number] {
  const dot = endpoint.lastIndexOf('.');
  return [endpoint.slice(0, dot), Number(endpoint.slice(dot + 1))];
}

const hdr = (flags: string, seq: number, ack: number, window: number, tsVal: number, tsEcr: number): TcpHeader => ({ flags, seq, ack, window, tsVal, tsEcr });

describe('ICMP', () => {
  it('prints echo requests and replies as on the lab nodes', () => {
    const f = new TcpdumpFormatter();
    expect(f.line({ at: at('17:49:33', 973818), packet: echo('echo-request', '192.168.3.186', '192.168.2.79', 24336, 1) }))
      .toBe('17:49:33.973818 IP 192.168.3.186 > 192.168.2.79: ICMP echo request, id 24336, seq 1, length 64');
    expect(f.line({ at: at('17:49:33', 973886), packet: echo('echo-reply', '192.168.2.79', '192.168.3.186', 24336, 1) }))
      .toBe('17:49:33.973886 IP 192.168.2.79 > 192.168.3.186: ICMP echo reply, id 24336, seq 1, length 64');
    expect(f.line({ at: at('17:56:18', 262441), packet: echo('echo-request', '192.168.2.251', '142.250.198.4', 43010, 1) }))
      .toBe('17:56:18.262441 IP 192.168.2.251 > 142.250.198.4: ICMP echo request, id 43010, seq 1, length 64');
  });

  it('prints a pod ping on its veth as Kube-OVN shows it', () => {
    const f = new TcpdumpFormatter();
    expect(f.line({ at: at('06:52:36', 619688), packet: echo('echo-request', '100.64.0.3', '10.16.0.4', 2, 1) }))
      .toBe('06:52:36.619688 IP 100.64.0.3 > 10.16.0.4: ICMP echo request, id 2, seq 1, length 64');
  });

  it('prints time exceeded and port unreachable with the quoted datagram’s destination (tests/mpls-traceroute.out)', () => {
    const f = new TcpdumpFormatter();
    const probe = udp('12.4.4.4.42315', '12.1.1.1.33441', 12);
    const exceeded: Packet = { proto: 'icmp', src: ip('10.5.0.1'), dst: ip('12.4.4.4'), ttl: 64, ipId: 0, length: 148, icmp: { type: 'time-exceeded', id: 0, seq: 0, quoted: probe } };
    const unreachable: Packet = { proto: 'icmp', src: ip('12.1.1.1'), dst: ip('12.4.4.4'), ttl: 64, ipId: 0, length: 36, icmp: { type: 'port-unreachable', id: 0, seq: 0, quoted: probe } };
    expect(untimed(f.line({ at: 0, packet: exceeded }))).toBe('IP 10.5.0.1 > 12.4.4.4: ICMP time exceeded in-transit, length 148');
    expect(untimed(f.line({ at: 0, packet: unreachable }))).toBe('IP 12.1.1.1 > 12.4.4.4: ICMP 12.1.1.1 udp port 33441 unreachable, length 36');
    expect(untimed(f.line({ at: 0, packet: probe }))).toBe('IP 12.4.4.4.42315 > 12.1.1.1.33441: UDP, length 12');
  });

  it('names the service address a REJECT rule answers for, on a cooked capture with -e (AKS guide)', () => {
    const f = new TcpdumpFormatter();
    const syn = tcp('10.240.0.5.40000', '10.0.8.126.6379', hdr('S', 1, 0, 29200, 1, 0));
    const reject: Packet = { proto: 'icmp', src: ip('10.240.0.5'), dst: ip('10.240.0.5'), ttl: 64, ipId: 0, length: 68, icmp: { type: 'port-unreachable', id: 0, seq: 0, quoted: syn } };
    const link: LinkHeader = { srcMac: '00:00:00:00:00:00', dstMac: '00:00:00:00:00:00', direction: 'In', cooked: true };
    expect(f.line({ at: at('07:31:08', 853390), packet: reject, link }))
      .toBe('07:31:08.853390  In 00:00:00:00:00:00 ethertype IPv4 (0x0800), length 104: 10.240.0.5 > 10.240.0.5: ICMP 10.0.8.126 tcp port 6379 unreachable, length 68');
  });
});

describe('TCP', () => {
  // tests/print-A.out (tcpdump 4.9.3): an HTTP request over loopback, from SYN to the last ACK.
  const client = '127.0.0.1.55920';
  const server = '127.0.0.1.80';
  const loopbackSyn = { mss: 16396, wscale: 2 };
  const exchange: [Packet, string][] = [
    [tcp(client, server, hdr('S', 928549246, 0, 32767, 1306300950, 0)),
      'IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S], seq 928549246, win 32767, options [mss 16396,sackOK,TS val 1306300950 ecr 0,nop,wscale 2], length 0'],
    [tcp(server, client, hdr('S.', 930778609, 928549247, 32767, 1306300950, 1306300950)),
      'IP 127.0.0.1.80 > 127.0.0.1.55920: Flags [S.], seq 930778609, ack 928549247, win 32767, options [mss 16396,sackOK,TS val 1306300950 ecr 1306300950,nop,wscale 2], length 0'],
    [tcp(client, server, hdr('.', 928549247, 930778610, 8192, 1306300950, 1306300950)),
      'IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [.], ack 1, win 8192, options [nop,nop,TS val 1306300950 ecr 1306300950], length 0'],
    [tcp(client, server, hdr('P.', 928549247, 930778610, 8192, 1306300951, 1306300950), 202, 'HTTP: GET / HTTP/1.1'),
      'IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [P.], seq 1:203, ack 1, win 8192, options [nop,nop,TS val 1306300951 ecr 1306300950], length 202: HTTP: GET / HTTP/1.1'],
    [tcp(server, client, hdr('.', 930778610, 928549449, 8192, 1306300952, 1306300951)),
      'IP 127.0.0.1.80 > 127.0.0.1.55920: Flags [.], ack 203, win 8192, options [nop,nop,TS val 1306300952 ecr 1306300951], length 0'],
    [tcp(server, client, hdr('P.', 930778610, 928549449, 8192, 1306300953, 1306300951), 5559, 'HTTP: HTTP/1.1 200 OK'),
      'IP 127.0.0.1.80 > 127.0.0.1.55920: Flags [P.], seq 1:5560, ack 203, win 8192, options [nop,nop,TS val 1306300953 ecr 1306300951], length 5559: HTTP: HTTP/1.1 200 OK'],
    [tcp(client, server, hdr('.', 928549449, 930784169, 12383, 1306300953, 1306300953)),
      'IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [.], ack 5560, win 12383, options [nop,nop,TS val 1306300953 ecr 1306300953], length 0'],
    [tcp(client, server, hdr('F.', 928549449, 930784169, 12383, 1306302241, 1306300953)),
      'IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [F.], seq 203, ack 5560, win 12383, options [nop,nop,TS val 1306302241 ecr 1306300953], length 0'],
    [tcp(server, client, hdr('F.', 930784169, 928549450, 8192, 1306302243, 1306302241)),
      'IP 127.0.0.1.80 > 127.0.0.1.55920: Flags [F.], seq 5560, ack 204, win 8192, options [nop,nop,TS val 1306302243 ecr 1306302241], length 0'],
    [tcp(client, server, hdr('.', 928549450, 930784170, 12383, 1306302243, 1306302243)),
      'IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [.], ack 5561, win 12383, options [nop,nop,TS val 1306302243 ecr 1306302243], length 0'],
  ];

  it('prints a whole connection with sequence numbers relative to the handshake (tests/print-A.out)', () => {
    const f = new TcpdumpFormatter();
    expect(exchange.map(([packet]) => untimed(f.line({ at: 0, packet, synOptions: loopbackSyn })))).toEqual(exchange.map(([, line]) => line));
  });

  it('keeps one conversation table per run: a new formatter has not seen the handshake', () => {
    const first = new TcpdumpFormatter();
    for (const [packet] of exchange.slice(0, 3)) first.line({ at: 0, packet, synOptions: loopbackSyn });
    const fresh = new TcpdumpFormatter();
    expect(untimed(fresh.line({ at: 0, packet: exchange[3][0] }))).toContain('Flags [P.], seq 928549247:928549449, ack 930778610,');
  });

  it('numbers from the first ACK it sees when the handshake was filtered out (CentOS, `tcpdump -nn tcp and dst port 8000`)', () => {
    const f = new TcpdumpFormatter();
    const c = '10.124.128.97.52152';
    const s = '10.124.130.12.8000';
    const lines = [
      f.line({ at: at('13:46:14', 669786), packet: tcp(c, s, hdr('S', 2920488928, 0, 29200, 3983484990, 0)), synOptions: { mss: 1424, wscale: 7 } }),
      f.line({ at: at('13:46:14', 670038), packet: tcp(c, s, hdr('.', 2920488929, 174830516, 229, 3983484990, 2392282894)) }),
      f.line({ at: at('13:46:14', 670095), packet: tcp(c, s, hdr('P.', 2920488929, 174830516, 229, 3983484990, 2392282894), 82) }),
      f.line({ at: at('13:46:14', 672466), packet: tcp(c, s, hdr('.', 2920489011, 174830533, 229, 3983484992, 2392282896)) }),
      f.line({ at: at('13:46:14', 672591), packet: tcp(c, s, hdr('.', 2920489011, 174830893, 237, 3983484992, 2392282897)) }),
      f.line({ at: at('13:46:14', 672667), packet: tcp(c, s, hdr('F.', 2920489011, 174830893, 237, 3983484993, 2392282897)) }),
      f.line({ at: at('13:46:14', 672805), packet: tcp(c, s, hdr('.', 2920489012, 174830894, 237, 3983484993, 2392282897)) }),
    ];
    expect(lines).toEqual([
      '13:46:14.669786 IP 10.124.128.97.52152 > 10.124.130.12.8000: Flags [S], seq 2920488928, win 29200, options [mss 1424,sackOK,TS val 3983484990 ecr 0,nop,wscale 7], length 0',
      '13:46:14.670038 IP 10.124.128.97.52152 > 10.124.130.12.8000: Flags [.], ack 174830516, win 229, options [nop,nop,TS val 3983484990 ecr 2392282894], length 0',
      '13:46:14.670095 IP 10.124.128.97.52152 > 10.124.130.12.8000: Flags [P.], seq 0:82, ack 1, win 229, options [nop,nop,TS val 3983484990 ecr 2392282894], length 82',
      '13:46:14.672466 IP 10.124.128.97.52152 > 10.124.130.12.8000: Flags [.], ack 18, win 229, options [nop,nop,TS val 3983484992 ecr 2392282896], length 0',
      '13:46:14.672591 IP 10.124.128.97.52152 > 10.124.130.12.8000: Flags [.], ack 378, win 237, options [nop,nop,TS val 3983484992 ecr 2392282897], length 0',
      '13:46:14.672667 IP 10.124.128.97.52152 > 10.124.130.12.8000: Flags [F.], seq 82, ack 378, win 237, options [nop,nop,TS val 3983484993 ecr 2392282897], length 0',
      '13:46:14.672805 IP 10.124.128.97.52152 > 10.124.130.12.8000: Flags [.], ack 379, win 237, options [nop,nop,TS val 3983484993 ecr 2392282897], length 0',
    ]);
  });

  it('prints absolute numbers with -S, and the cooked header with -e (AKS guide, `tcpdump -i any -n -e -S`)', () => {
    const f = new TcpdumpFormatter({ absoluteSequence: true });
    const inbound: LinkHeader = { srcMac: '70:e4:22:93:bd:bf', dstMac: '00:0d:3a:a2:8d:f5', direction: 'In', cooked: true };
    const outbound: LinkHeader = { srcMac: '00:0d:3a:a2:8d:f5', dstMac: '70:e4:22:93:bd:bf', direction: 'Out', cooked: true };
    const synOptions = { mss: 1418, wscale: 7 };
    const lines = [
      f.line({ at: at('13:12:53', 319162), link: inbound, synOptions, packet: tcp('10.188.0.4.58306', '10.240.0.5.30001', hdr('S', 2120389110, 0, 29200, 4042993518, 0)) }),
      f.line({ at: at('13:12:53', 319205), link: outbound, synOptions, packet: tcp('10.240.0.5.58306', '10.244.0.4.6379', hdr('S', 2120389110, 0, 29200, 4042993518, 0)) }),
      f.line({ at: at('13:12:53', 320214), link: inbound, synOptions, packet: tcp('10.244.0.4.6379', '10.240.0.5.58306', hdr('S.', 3889872998, 2120389111, 28960, 3633445287, 4042993518)) }),
      f.line({ at: at('13:12:53', 320864), link: inbound, packet: tcp('10.188.0.4.58306', '10.240.0.5.30001', hdr('.', 2120389111, 3889872999, 229, 4042993520, 3633445287)) }),
    ];
    expect(lines).toEqual([
      '13:12:53.319162  In 70:e4:22:93:bd:bf ethertype IPv4 (0x0800), length 76: 10.188.0.4.58306 > 10.240.0.5.30001: Flags [S], seq 2120389110, win 29200, options [mss 1418,sackOK,TS val 4042993518 ecr 0,nop,wscale 7], length 0',
      '13:12:53.319205 Out 00:0d:3a:a2:8d:f5 ethertype IPv4 (0x0800), length 76: 10.240.0.5.58306 > 10.244.0.4.6379: Flags [S], seq 2120389110, win 29200, options [mss 1418,sackOK,TS val 4042993518 ecr 0,nop,wscale 7], length 0',
      '13:12:53.320214  In 70:e4:22:93:bd:bf ethertype IPv4 (0x0800), length 76: 10.244.0.4.6379 > 10.240.0.5.58306: Flags [S.], seq 3889872998, ack 2120389111, win 28960, options [mss 1418,sackOK,TS val 3633445287 ecr 4042993518,nop,wscale 7], length 0',
      '13:12:53.320864  In 70:e4:22:93:bd:bf ethertype IPv4 (0x0800), length 68: 10.188.0.4.58306 > 10.240.0.5.30001: Flags [.], ack 3889872999, win 229, options [nop,nop,TS val 4042993520 ecr 3633445287], length 0',
    ]);
  });

  it('shows ack and seq exactly when print-tcp.c does', () => {
    const isn = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(isn, isn, fc.integer({ min: 1, max: 9000 }), fc.integer({ min: 1, max: 9000 }), (c, s, request, response) => {
        const f = new TcpdumpFormatter();
        const cl = '10.0.1.5.43210';
        const sv = '10.0.2.9.80';
        const line = (p: Packet) => untimed(f.line({ at: 0, packet: p }));
        const u32 = (n: number) => n >>> 0;
        expect(line(tcp(cl, sv, hdr('S', c, 0, 62727, 1, 0)))).toContain(`Flags [S], seq ${c}, win 62727,`);
        expect(line(tcp(sv, cl, hdr('S.', s, u32(c + 1), 62643, 2, 1)))).toContain(`Flags [S.], seq ${s}, ack ${u32(c + 1)}, win`);
        expect(line(tcp(cl, sv, hdr('.', u32(c + 1), u32(s + 1), 491, 3, 2)))).toContain('Flags [.], ack 1, win 491,');
        expect(line(tcp(cl, sv, hdr('P.', u32(c + 1), u32(s + 1), 491, 3, 2), request))).toContain(`Flags [P.], seq 1:${1 + request}, ack 1,`);
        expect(line(tcp(sv, cl, hdr('P.', u32(s + 1), u32(c + 1 + request), 489, 4, 3), response)))
          .toContain(`Flags [P.], seq 1:${1 + response}, ack ${1 + request},`);
        expect(line(tcp(cl, sv, hdr('F.', u32(c + 1 + request), u32(s + 1 + response), 491, 5, 4)))).toContain(`Flags [F.], seq ${1 + request}, ack ${1 + response},`);
      }),
    );
  });

  it('sizes the IP datagram with Linux’s TCP options: 40 bytes of header on a SYN, 32 after', () => {
    expect(ipTotalLength(tcp('10.0.0.1.1000', '10.0.0.2.80', hdr('S', 1, 0, 1, 1, 0)))).toBe(60);
    expect(ipTotalLength(tcp('10.0.0.1.1000', '10.0.0.2.80', hdr('P.', 1, 1, 1, 1, 1), 77))).toBe(129);
    expect(ipTotalLength(udp('10.0.0.1.1000', '10.0.0.2.53', 32))).toBe(60);
    expect(ipTotalLength(echo('echo-request', '10.0.0.1', '10.0.0.2', 1, 1))).toBe(84);
  });
});

describe('UDP and link headers', () => {
  it('prints UDP without a decoder as UDP, length N', () => {
    const f = new TcpdumpFormatter();
    expect(untimed(f.line({ at: 0, packet: udp('169.254.67.194.4299', '239.255.255.250.1900', 133) })))
      .toBe('IP 169.254.67.194.4299 > 239.255.255.250.1900: UDP, length 133');
  });

  it('prints a decoded DNS answer straight after the ports (tests/nflog-e.out)', () => {
    const f = new TcpdumpFormatter();
    const answer = udp('74.82.42.42.53', '10.0.0.20.42585', 37, '17265 1/0/0 A 93.184.216.119 (45)');
    expect(f.line({ at: 0, packet: answer })).toMatch(/ 74\.82\.42\.42\.53 > 10\.0\.0\.20\.42585: 17265 1\/0\/0 A 93\.184\.216\.119 \(45\)$/);
  });

  it('prints the Ethernet header with -e and drops "IP " (tests/vxlan.out)', () => {
    const f = new TcpdumpFormatter();
    const outer: LinkHeader = { srcMac: '36:dc:85:1e:b3:40', dstMac: '00:16:3e:08:71:cf', direction: 'Out', cooked: false };
    const inner: LinkHeader = { srcMac: '00:16:3e:37:f6:04', dstMac: '00:30:88:01:00:02', direction: 'Out', cooked: false };
    const vxlan = udp('192.168.203.1.45149', '192.168.202.1.4789', 106, 'VXLAN, flags [I] (0x08), vni 100');
    expect(untimed(f.line({ at: 0, packet: vxlan, link: outer })))
      .toBe('36:dc:85:1e:b3:40 > 00:16:3e:08:71:cf, ethertype IPv4 (0x0800), length 148: 192.168.203.1.45149 > 192.168.202.1.4789: VXLAN, flags [I] (0x08), vni 100');
    expect(untimed(f.line({ at: 0, packet: echo('echo-request', '192.168.203.3', '192.168.203.5', 1292, 1), link: inner })))
      .toBe('00:16:3e:37:f6:04 > 00:30:88:01:00:02, ethertype IPv4 (0x0800), length 98: 192.168.203.3 > 192.168.203.5: ICMP echo request, id 1292, seq 1, length 64');
  });

  // A capture without -n resolved `...53514 > SDC-AD02.SDC.SERCOMM.COM.domain: UDP, length 44`; hosts stay numeric here.
  it('names ports from /etc/services only without -n', () => {
    const query = udp('192.168.1.20.53514', '192.168.1.1.53', 44);
    expect(new TcpdumpFormatter({ numericPorts: false }).line({ at: 0, packet: query })).toMatch(/\.53514 > 192\.168\.1\.1\.domain: UDP, length 44$/);
    expect(new TcpdumpFormatter().line({ at: 0, packet: query })).toMatch(/\.53514 > 192\.168\.1\.1\.53: UDP, length 44$/);
  });
});

describe('time stamps', () => {
  it('prints the UTC time of day with six digits of microseconds', () => {
    expect(formatTimestamp(at('17:49:33', 973818))).toBe('17:49:33.973818');
    expect(formatTimestamp(at('00:00:00', 0))).toBe('00:00:00.000000');
    expect(formatTimestamp(at('23:59:59', 999999))).toBe('23:59:59.999999');
  });

  it('keeps every whole microsecond and truncates what lies between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_399_999_999 }), fc.double({ min: 0, max: 0.7, noNaN: true }), (micros, fraction) => {
        const two = (n: number) => String(n).padStart(2, '0');
        const s = Math.floor(micros / 1e6);
        const expected = `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}.${String(micros % 1e6).padStart(6, '0')}`;
        const epochDay = Date.UTC(2024, 4, 6);
        expect(formatTimestamp(epochDay + micros / 1000)).toBe(expected);
        expect(formatTimestamp(epochDay + (micros + fraction) / 1000)).toBe(expected);
      }),
    );
  });
});

describe('stderr', () => {
  it('announces the capture as tcpdump 4.9 with libpcap before 1.9.1 does', () => {
    expect(captureHeader('any')).toEqual([
      'tcpdump: verbose output suppressed, use -v or -vv for full protocol decode',
      'listening on any, link-type LINUX_SLL (Linux cooked), capture size 262144 bytes',
    ]);
    expect(captureHeader('eth0')).toEqual([
      'tcpdump: verbose output suppressed, use -v or -vv for full protocol decode',
      'listening on eth0, link-type EN10MB (Ethernet), capture size 262144 bytes',
    ]);
    expect(captureHeader('d7176fe7b4e0_h')[1]).toBe('listening on d7176fe7b4e0_h, link-type EN10MB (Ethernet), capture size 262144 bytes');
    expect(captureHeader('vethae159e77', { verbose: true })).toEqual(['tcpdump: listening on vethae159e77, link-type EN10MB (Ethernet), capture size 262144 bytes']);
    expect(captureHeader('eth2', { snaplen: 65535 })[1]).toBe('listening on eth2, link-type EN10MB (Ethernet), capture size 65535 bytes');
  });

  it('counts packets with tcpdump’s singular for exactly one', () => {
    expect(captureSummary({ captured: 0, received: 6, dropped: 0 })).toEqual(['0 packets captured', '6 packets received by filter', '0 packets dropped by kernel']);
    expect(captureSummary({ captured: 1, received: 3, dropped: 0 })).toEqual(['1 packet captured', '3 packets received by filter', '0 packets dropped by kernel']);
    expect(captureSummary({ captured: 1, received: 1, dropped: 0 })).toEqual(['1 packet captured', '1 packet received by filter', '0 packets dropped by kernel']);
  });
});
