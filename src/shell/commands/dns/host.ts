// host from BIND 9.18 (bin/dig/host.c): the search walk for A, then AAAA and MX for the name found, one line per
// record (`has address`, `has IPv6 address`, `mail is handled by`); `Host NAME not found: 3(NXDOMAIN)` and exit 1;
// an address is looked up as its PTR (`domain name pointer`).
import { formatIpv4, parseIpv4 } from '../../../model/net/ipv4.ts';
import { type DnsRecord, reverseName } from '../../../model/dns/message.ts';
import { searchCandidates } from '../../../model/dns/resolv-conf.ts';
import { ScheduledOutput } from '../../scheduled-output.ts';
import type { Command, CommandOutput } from '../../types.ts';
import { isAddress, lookupContext, nameText, query, say, serverOf } from './bind-lookup.ts';

function line(r: DnsRecord): string {
  const d = r.data;
  const owner = nameText(r.name);
  switch (d.type) {
    case 'A':
      return `${owner} has address ${formatIpv4(d.address)}\n`;
    case 'AAAA':
      return `${owner} has IPv6 address ${d.address}\n`;
    case 'PTR':
      return `${r.name.replace(/\.$/, '')} domain name pointer ${d.target}\n`;
    case 'CNAME':
      return `${owner} is an alias for ${d.target}\n`;
    default:
      return '';
  }
}

export const host: Command = {
  name: 'host',
  usage: 'host [-t type] hostname [server]',
  run({ args, session }): CommandOutput {
    const positional = args.filter((a) => !a.startsWith('-'));
    const [name, serverArg] = positional;
    if (name === undefined) {
      return { stdout: '', stderr: 'Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]\n', exitCode: 1 };
    }
    const ctx = lookupContext(session);
    const server = serverOf(ctx, serverArg);
    if (server === undefined) return { stdout: '', stderr: `host: couldn't get address for '${serverArg}': not found\n`, exitCode: 1 };
    if (serverArg !== undefined) say(ctx, `Using domain server:\nName: ${serverArg}\nAddress: ${formatIpv4(server)}#53\nAliases: \n\n`);
    const finish = (code: number) => {
      ctx.out.push({ at: ctx.t, stream: 'out', text: '' });
      return { stdout: '', stderr: '', exitCode: 0, process: new ScheduledOutput(ctx.out, code) };
    };
    const unreachable = () => {
      say(ctx, `;; connection timed out; no servers could be reached\n`);
      return finish(1);
    };
    if (isAddress(name)) {
      const ptr = reverseName(parseIpv4(name)!);
      const r = query(ctx, server, ptr, 'PTR');
      if (r.kind !== 'reply') return unreachable();
      if (r.reply.rcode !== 'NOERROR') {
        say(ctx, `Host ${nameText(ptr)} not found: ${r.reply.rcode === 'NXDOMAIN' ? '3(NXDOMAIN)' : `2(${r.reply.rcode})`}\n`);
        return finish(1);
      }
      say(ctx, r.reply.answer.map(line).join(''));
      return finish(0);
    }
    const candidates = searchCandidates(name, ctx.conf);
    for (let i = 0; i < candidates.length; i++) {
      const r = query(ctx, server, candidates[i], 'A');
      if (r.kind !== 'reply') return unreachable();
      if (r.reply.rcode === 'NXDOMAIN' && i < candidates.length - 1) continue;
      if (r.reply.rcode !== 'NOERROR') {
        say(ctx, `Host ${name} not found: ${r.reply.rcode === 'NXDOMAIN' ? '3(NXDOMAIN)' : `2(${r.reply.rcode})`}\n`);
        return finish(1);
      }
      say(ctx, r.reply.answer.map(line).join(''));
      for (const type of ['AAAA', 'MX'] as const) {
        const more = query(ctx, server, candidates[i], type);
        if (more.kind === 'reply') say(ctx, more.reply.answer.map(line).join(''));
      }
      return finish(0);
    }
    return finish(1);
  },
};
