// traceroute (the Linux one, 2.1): UDP probes to port 33434 and up with TTL 1, 2, 3 …, three per hop. A host that
// forwards a probe whose TTL runs out answers "time exceeded" from its own address; the destination answers
// "port unreachable". Across two nodes that makes three lines: the sending node, the receiving node, the pod.
// Hosts on the internet drop probes without answering, so their hops print stars.
import type { Cluster } from '../../model/cluster/cluster.ts';
import { formatIpv4, type Ipv4 } from '../../model/net/ipv4.ts';
import { type Endpoint, networkOf } from '../../model/net/network.ts';
import type { Packet } from '../../model/net/packet.ts';
import { clusterSession } from '../session.ts';
import { ScheduledOutput } from '../scheduled-output.ts';
import type { Command, Emission } from '../types.ts';
import { currentEndpoint } from './netns.ts';

const FIRST_PORT = 33434;
const PROBE_LENGTH = 32;

/** The name traceroute prints for an address: EC2's DNS name for instances, else the address. */
function reverseName(cluster: Cluster, ip: Ipv4): string {
  const node = cluster.nodes.find((n) => n.enis[0].primaryIp === ip);
  return node ? node.name : formatIpv4(ip);
}

export const traceroute: Command = {
  name: 'traceroute',
  usage: 'traceroute [-n] [-m max_ttl] [-q nqueries] [-w waittime] host',
  run({ args, session }) {
    let numeric = false, maxTtl = 30, queries = 3, waitS = 5;
    const rest: string[] = [];
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      const value = () => Number(args[++k]);
      if (a === '-n') numeric = true;
      else if (a === '-m') maxTtl = value();
      else if (a === '-q') queries = value();
      else if (a === '-w') waitS = value();
      else if (a.startsWith('-')) return { stdout: '', stderr: `Bad option \`${a}' (argc ${k + 1})\n`, exitCode: 2 };
      else rest.push(a);
    }
    if (rest.length === 0) return { stdout: '', stderr: 'Specify "host" missing argument.\n', exitCode: 2 };
    if (!(maxTtl >= 1 && maxTtl <= 255) || !(queries >= 1 && queries <= 10) || !(waitS >= 0)) {
      return { stdout: '', stderr: 'Bad option value\n', exitCode: 2 };
    }
    const cluster = clusterSession(session).cluster;
    const net = networkOf(cluster);
    const dest = rest[0];
    const from: Endpoint = currentEndpoint(session);
    const target = net.resolve(dest, from);
    if (target === undefined) return { stdout: '', stderr: `${dest}: Name or service not known\nCannot handle "host" cmdline arg \`${dest}' on position 1 (argc ${args.indexOf(dest) + 1})\n`, exitCode: 2 };
    const src = net.sourceAddress(from, target);
    const sport = net.randomInt(32768, 60999);
    const start = cluster.now;
    let t = start;
    let port = FIRST_PORT;
    const lines: Emission[] = [];
    for (let ttl = 1; ttl <= maxTtl; ttl++) {
      const answers: { from: Ipv4; ms: number }[] = [];
      let reached = false;
      for (let q = 0; q < queries; q++) {
        const probe: Packet = { proto: 'udp', src, dst: target, srcPort: sport, dstPort: port++, ttl, ipId: net.nextIpId(), length: PROBE_LENGTH };
        const sentAt = start + (ttl - 1) * 0.05 + q * 0.02;
        const there = net.send(from, probe, sentAt);
        const error = there.errors.find((e) => e.received && net.hostKey(e.receiver!) === net.hostKey(from));
        if (error) {
          answers.push({ from: error.received!.src, ms: error.at - sentAt });
          continue;
        }
        if (there.receiver && there.received && there.receiver.kind !== 'internet') {
          // Nothing listens on the probe's port: the destination's kernel says so.
          const got = there.received;
          const unreachable: Packet = { proto: 'icmp', src: got.dst, dst: got.src, ttl: 64, ipId: net.nextIpId(), length: 36, icmp: { type: 'port-unreachable', id: 0, seq: 0, quoted: got } };
          const back = net.send(there.receiver, unreachable, there.at);
          if (back.received) {
            answers.push({ from: got.dst, ms: back.at - sentAt });
            reached = true;
          }
        }
      }
      // print_hop: "%2d " then, per probe, " name (address)" when the address changes and "  %.3f ms" (or " *").
      let line = `${String(ttl).padStart(2)} `;
      let last: Ipv4 | undefined;
      for (const a of answers) {
        if (a.from !== last) line += numeric ? ` ${formatIpv4(a.from)}` : ` ${reverseName(cluster, a.from)} (${formatIpv4(a.from)})`;
        line += `  ${a.ms.toFixed(3)} ms`;
        last = a.from;
      }
      line += ' *'.repeat(queries - answers.length);
      // Probes for all hops go out together; a hop's line appears, in order, once its answers are in or the
      // wait for the missing ones is over.
      const ready = start + (answers.length === queries ? Math.max(...answers.map((a) => a.ms)) : waitS * 1000);
      t = Math.max(t, ready);
      lines.push({ at: t, stream: 'out', text: `${line}\n` });
      if (reached) break;
    }
    const header = `traceroute to ${dest} (${formatIpv4(target)}), ${maxTtl} hops max, ${PROBE_LENGTH + 28} byte packets\n`;
    return { stdout: header, stderr: '', exitCode: 0, process: new ScheduledOutput(lines) };
  },
};
