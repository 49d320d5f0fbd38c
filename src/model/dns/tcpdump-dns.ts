// ns_print of tcpdump 4.9.3's print-domain.c without -v: what follows `src.port > dst.port: ` for a DNS message.
// A query: `id[op][+ for RD][% for CD]`, counts other than the usual ([1au] for an OPT record), then
// ` TYPE? name. (length)`. A response: `id[op][ rcode][* for AA][- when RA is clear][| for TC][$ for AD]`, then
// ` an/ns/ar` and the answer records (` A 10.100.0.10`, ` CNAME x.`, SOA with no data), then ` (length)`.
import { formatIpv4 } from '../net/ipv4.ts';
import { additionalCount, type DnsMessage, type DnsRecord } from './message.ts';

/** ns_resp[]: the rcode's text, with its leading space. */
const RCODE_TEXT: Record<DnsMessage['rcode'], string> = { NOERROR: '', FORMERR: ' FormErr', SERVFAIL: ' ServFail', NXDOMAIN: ' NXDomain', NOTIMP: ' NotImp', REFUSED: ' Refused' };

export function dnsSummary(m: DnsMessage, length: number): string {
  const ar = additionalCount(m);
  if (m.response) {
    let out = `${m.id}${RCODE_TEXT[m.rcode]}${m.authoritative ? '*' : ''}${m.recursionAvailable ? '' : '-'}${m.truncated ? '|' : ''}${m.authenticData ? '$' : ''}`;
    if (m.question.length !== 1) out += ` [${m.question.length}q]`;
    out += ` ${m.answer.length}/${m.authority.length}/${ar}`;
    out += m.answer.map((r) => recordText(r)).join(',');
    return `${out} (${length})`;
  }
  let out = `${m.id}${m.recursionDesired ? '+' : ''}${m.checkingDisabled ? '%' : ''}`;
  if (m.answer.length) out += ` [${m.answer.length}a]`;
  if (m.question.length !== 1) out += ` [${m.question.length}q]`;
  if (m.authority.length) out += ` [${m.authority.length}n]`;
  if (ar) out += ` [${ar}au]`;
  out += m.question.map((q) => ` ${q.type}? ${q.name}`).join('');
  return `${out} (${length})`;
}

/** ns_rprint without -v: the type and its data (the owner name and TTL are skipped). */
function recordText(r: DnsRecord): string {
  const d = r.data;
  switch (d.type) {
    case 'A':
      return ` A ${formatIpv4(d.address)}`;
    case 'AAAA':
      return ` AAAA ${d.address}`;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return ` ${d.type} ${d.target}`;
    case 'SRV':
      return ` SRV ${d.target}:${d.port} ${d.priority} ${d.weight}`;
    case 'SOA':
      return ' SOA';
  }
}
