// net-tools' `route -n`: the main table in the kernel's old format.
import { formatIpv4, netmask } from '../../model/net/ipv4.ts';
import type { Command } from '../types.ts';
import { currentNetns } from './netns.ts';

export const route: Command = {
  name: 'route',
  usage: 'route -n',
  run({ args, session }) {
    const numeric = args.includes('-n');
    const bad = args.find((a) => a !== '-n' && a !== '-e');
    if (bad) return { stdout: '', stderr: `route: invalid option -- '${bad.replace(/^-+/, '')[0] ?? ''}'\n`, exitCode: 4 };
    const routes = currentNetns(session).routes('main');
    let out = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
    for (const r of routes) {
      const dst = r.dst ? formatIpv4(r.dst.base) : numeric ? '0.0.0.0' : 'default';
      const mask = formatIpv4(netmask(r.dst?.prefix ?? 0));
      const gw = r.via !== undefined ? formatIpv4(r.via) : numeric ? '0.0.0.0' : '*';
      const flags = `U${r.via !== undefined ? 'G' : ''}${r.dst?.prefix === 32 ? 'H' : ''}`;
      // /proc/net/route lists a blackhole route with no device, which net-tools prints as `*`.
      const dev = r.type === 'blackhole' ? '*' : r.dev;
      out += `${dst.padEnd(15)} ${gw.padEnd(15)} ${mask.padEnd(15)} ${flags.padEnd(5)} ${'0'.padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${dev}\n`;
    }
    return { stdout: out, stderr: '', exitCode: 0 };
  },
};
