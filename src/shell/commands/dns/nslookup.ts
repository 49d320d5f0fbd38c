// nslookup from BIND 9.18 (bin/dig/nslookup.c), the one in the netshoot image: the search walk of the pod's
// resolv.conf for an A record, then AAAA for the name found; `Server:`/`Address:` first, `Non-authoritative
// answer:` for a reply without AA, `** server can't find NAME: NXDOMAIN` (exit 1), `*** Can't find NAME: No
// answer` when neither type has records; an address argument is looked up as its in-addr.arpa PTR.
// 9.18.13 prints `;; Got recursion not available from …` only when another server is left to try (dighost.c), so
// CoreDNS's replies (AA, no RA) print nothing of the kind with one nameserver.
import { formatIpv4 } from '../../../model/net/ipv4.ts';
import { type DnsMessage, type DnsRecord, reverseName } from '../../../model/dns/message.ts';
import { searchCandidates } from '../../../model/dns/resolv-conf.ts';
import { parseIpv4 } from '../../../model/net/ipv4.ts';
import { ScheduledOutput } from '../../scheduled-output.ts';
import type { Command, CommandOutput } from '../../types.ts';
import { isAddress, type LookupContext, lookupContext, nameText, query, say, serverOf, UDP_TRIES } from './bind-lookup.ts';

function addressText(r: DnsRecord): string | undefined {
  if (r.data.type === 'A') return formatIpv4(r.data.address);
  if (r.data.type === 'AAAA') return r.data.address;
  return undefined;
}

/** printsection: A/AAAA as Name/Address pairs, other types as `owner\t<type text><rdata>`. */
function answerLines(m: DnsMessage): string {
  let out = '';
  for (const r of m.answer) {
    const addr = addressText(r);
    if (addr !== undefined) out += `Name:\t${nameText(r.name)}\nAddress: ${addr}\n`;
    else if (r.data.type === 'PTR') out += `${nameText(r.name)}\tname = ${r.data.target}\n`;
    else if (r.data.type === 'CNAME') out += `${nameText(r.name)}\tcanonical name = ${r.data.target}\n`;
  }
  return out;
}

export const nslookup: Command = {
  name: 'nslookup',
  usage: 'nslookup [-option] [name | -] [server]',
  run({ args, session }): CommandOutput {
    const positional = args.filter((a) => !a.startsWith('-'));
    const [name, serverArg] = positional;
    if (name === undefined) {
      // Interactive mode reads commands from stdin; the model has none to give it.
      return { stdout: '> ', stderr: '', exitCode: 0 };
    }
    const ctx = lookupContext(session);
    const server = serverOf(ctx, serverArg);
    if (server === undefined) {
      return { stdout: '', stderr: `;; couldn't get address for '${serverArg ?? ''}': not found\n`, exitCode: 1 };
    }
    const header = `Server:\t\t${serverArg ?? formatIpv4(server)}\nAddress:\t${formatIpv4(server)}#53\n\n`;
    const failed = (why: 'refused' | 'timeout') => say(ctx, `;; communications error to ${formatIpv4(server)}#53: ${why === 'refused' ? 'connection refused' : 'timed out'}\n`);
    const unreachable = () => {
      say(ctx, ';; no servers could be reached\n\n');
      return done(ctx, 1);
    };
    if (isAddress(name)) {
      const ptrName = reverseName(parseIpv4(name)!);
      const r = query(ctx, server, ptrName, 'PTR', {}, failed);
      if (r.kind !== 'reply') return unreachable();
      if (r.reply.rcode !== 'NOERROR') {
        say(ctx, `** server can't find ${nameText(ptrName)}: ${r.reply.rcode}\n\n`);
        return done(ctx, 1);
      }
      let text = answerLines(r.reply);
      if (!r.reply.authoritative) text += '\nAuthoritative answers can be found from:\n';
      say(ctx, `${text}\n`);
      return done(ctx, 0);
    }
    const candidates = searchCandidates(name, ctx.conf);
    for (let i = 0; i < candidates.length; i++) {
      const fqdn = candidates[i];
      const a = query(ctx, server, fqdn, 'A', {}, failed);
      if (a.kind !== 'reply') return unreachable();
      if (a.reply.rcode === 'NXDOMAIN' && i < candidates.length - 1) continue;
      let text = header;
      if (a.reply.rcode !== 'NOERROR') {
        say(ctx, `${text}** server can't find ${nameText(fqdn)}: ${a.reply.rcode}\n\n`);
        return done(ctx, 1);
      }
      if (!a.reply.authoritative) text += 'Non-authoritative answer:\n';
      const noA = a.reply.answer.length === 0;
      text += answerLines(a.reply);
      say(ctx, text);
      // The AAAA lookup for the name the A answer was for (after its CNAME chain).
      const cname = a.reply.answer.find((r) => r.data.type === 'CNAME');
      const aaaaName = cname && cname.data.type === 'CNAME' ? cname.data.target : fqdn;
      const aaaa = query(ctx, server, aaaaName, 'AAAA', {}, failed);
      if (aaaa.kind === 'reply') {
        if (aaaa.reply.rcode !== 'NOERROR') say(ctx, `** server can't find ${nameText(aaaaName)}: ${aaaa.reply.rcode}\n`);
        else if (aaaa.reply.answer.length) say(ctx, answerLines(aaaa.reply));
        else if (noA) say(ctx, `*** Can't find ${nameText(aaaaName)}: No answer\n`);
      }
      say(ctx, '\n');
      return done(ctx, 0);
    }
    return done(ctx, 1);
  },
};

function done(ctx: LookupContext, code: number): CommandOutput {
  ctx.out.push({ at: ctx.t, stream: 'out', text: '' });
  return { stdout: '', stderr: '', exitCode: 0, process: new ScheduledOutput(ctx.out, code) };
}

export { UDP_TRIES };
