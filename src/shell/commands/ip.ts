// iproute2's `ip`: addr, link, route, rule (with -br, -c, -4), printed the way iproute2 5.10 prints them.
import { linkLocalFromMac } from '../../model/ids.ts';
import { type Interface, type Route, routeLine, ruleText } from '../../model/net/host-network.ts';
import { formatIpv4 } from '../../model/net/ipv4.ts';
import type { Command, CommandOutput } from '../types.ts';
import { neighLines } from './ip-neigh.ts';
import { currentNetns, type NetNamespace } from './netns.ts';

const COLOR = { ifname: '\x1b[36m', mac: '\x1b[33m', inet: '\x1b[35m', inet6: '\x1b[34m', up: '\x1b[32m', down: '\x1b[31m', reset: '\x1b[0m' };

interface Options {
  brief: boolean;
  color: boolean;
  family?: '4' | '6';
}

function paint(o: Options, color: string, text: string): string {
  return o.color && color ? `${color}${text}${COLOR.reset}` : text;
}

function displayName(i: Interface): string {
  // An ipip device has no lower device: iproute2 prints its (absent) IFLA_LINK as @NONE.
  if (i.kind === 'ipip') return `${i.name}@NONE`;
  return i.peer !== undefined ? `${i.name}@if${i.peer}` : i.name;
}

function flags(i: Interface): string {
  // A dummy device kube-proxy never sets up: NOARP, no MULTICAST, not UP.
  if (i.kind === 'dummy') return '<BROADCAST,NOARP>';
  if (i.kind === 'ipip') return '<NOARP,UP,LOWER_UP>';
  return i.kind === 'loopback' ? '<LOOPBACK,UP,LOWER_UP>' : '<BROADCAST,MULTICAST,UP,LOWER_UP>';
}

function state(i: Interface): string {
  if (i.kind === 'dummy') return 'DOWN';
  // Tunnels report no carrier state of their own (IF_OPER_UNKNOWN), like lo.
  return i.kind === 'loopback' || i.kind === 'vxlan' || i.kind === 'ipip' ? 'UNKNOWN' : 'UP';
}

function linkLine(i: Interface, o: Options, withMode: boolean): string {
  const qdisc = i.kind === 'eni' ? 'mq' : i.kind === 'dummy' ? 'noop' : 'noqueue';
  // netlink's Dummy link is created with a tx queue length of 0, which iproute2 does not print.
  const qlen = i.kind === 'veth' || i.kind === 'dummy' || i.kind === 'vxlan' ? '' : ' qlen 1000';
  const mode = withMode ? 'mode DEFAULT ' : '';
  const st = state(i);
  // print_name_and_link colours "NAME: " and print_operstate "STATE ", each with its separator.
  return `${i.ifindex}: ${paint(o, COLOR.ifname, `${displayName(i)}: `)}${flags(i)} mtu ${i.mtu} qdisc ${qdisc} state ${paint(o, stateColor(st), `${st} `)}${mode}group default${qlen}`;
}

function stateColor(state: string): string {
  return state === 'UP' ? COLOR.up : state === 'DOWN' ? COLOR.down : '';
}

function etherLine(i: Interface, o: Options): string {
  if (i.kind === 'loopback') return `    link/loopback ${paint(o, COLOR.mac, i.mac)} brd ${paint(o, COLOR.mac, '00:00:00:00:00:00')}`;
  // tunl0 as the ipip module creates it: no local or remote end of its own ("ipip any remote any local any").
  if (i.kind === 'ipip') return '    link/ipip 0.0.0.0 brd 0.0.0.0';
  const tail = i.netns ? ` link-netns ${i.netns}` : i.linkNetnsId !== undefined ? ` link-netnsid ${i.linkNetnsId}` : '';
  return `    link/ether ${paint(o, COLOR.mac, i.mac)} brd ${paint(o, COLOR.mac, 'ff:ff:ff:ff:ff:ff')}${tail}`;
}

function ipv6(i: Interface): string {
  return i.kind === 'loopback' ? '::1/128' : linkLocalFromMac(i.mac);
}

/** Whether `ip -4`/`ip -6 addr` lists the interface: iproute2 drops a link with no address of the family (ipaddr_filter). */
function hasFamily(i: Interface, o: Options): boolean {
  if (o.family === '4') return i.ipv4 !== undefined || (i.moreIpv4?.length ?? 0) > 0;
  if (o.family === '6') return i.kind !== 'dummy' && i.kind !== 'ipip';
  return true;
}

function addrBlock(i: Interface, o: Options): string[] {
  // iproute2's print_linkinfo prints the `link/…` line only `if (!filter.family || filter.family == AF_PACKET ||
  // show_details)` (ip/ipaddress.c), so `ip -4 addr` goes straight from the link's line to its addresses.
  const lines = o.family ? [linkLine(i, o, false)] : [linkLine(i, o, false), etherLine(i, o)];
  if (i.ipv4 && o.family !== '6') {
    // print_addrinfo colours the address alone ("%s", then "/%d "), and the broadcast address with its space.
    const a = `${paint(o, COLOR.inet, formatIpv4(i.ipv4.address))}/${i.ipv4.prefix} `;
    const brd = i.ipv4.broadcast !== undefined ? `brd ${paint(o, COLOR.inet, `${formatIpv4(i.ipv4.broadcast)} `)}` : '';
    const scope = i.kind === 'loopback' ? 'host' : 'global';
    const dynamic = i.name === 'eth0' && i.kind === 'eni' ? ' dynamic' : '';
    lines.push(`    inet ${a}${brd}scope ${scope}${dynamic} ${i.name}`);
    lines.push(dynamic ? '       valid_lft 3571sec preferred_lft 3571sec' : '       valid_lft forever preferred_lft forever');
    for (const m of i.moreIpv4 ?? []) {
      lines.push(`    inet ${paint(o, COLOR.inet, formatIpv4(m.address))}/${m.prefix} scope ${scope} ${i.name}`);
      lines.push('       valid_lft forever preferred_lft forever');
    }
  }
  // A link that never came up has no IPv6 link-local address.
  if (o.family !== '4' && i.kind !== 'dummy' && i.kind !== 'ipip') {
    const [addr6, len6] = ipv6(i).split('/');
    lines.push(`    inet6 ${paint(o, COLOR.inet6, addr6)}/${len6} scope ${i.kind === 'loopback' ? 'host' : 'link'} `);
    lines.push('       valid_lft forever preferred_lft forever');
  }
  return lines;
}

/**
 * `ip -br`: "%-16s " for the name and "%-14s " for the state, each coloured with its padding and space; then each
 * address as "ADDR/LEN " (the address alone coloured), or the MAC ("%s ", coloured) and "<FLAGS> ". Every field
 * ends with a space, the last one too (iproute2's print_linkinfo_brief and print_addrinfo).
 */
function brief(i: Interface, o: Options, what: 'addr' | 'link'): string {
  const st = state(i);
  const name = paint(o, COLOR.ifname, `${displayName(i).padEnd(16)} `);
  const stateCol = paint(o, stateColor(st), `${st.padEnd(14)} `);
  if (what === 'link') return `${name}${stateCol}${paint(o, COLOR.mac, `${i.mac} `)}${flags(i)} `;
  let addrs = '';
  if (i.ipv4 && o.family !== '6') addrs += `${paint(o, COLOR.inet, formatIpv4(i.ipv4.address))}/${i.ipv4.prefix} `;
  if (o.family !== '6') for (const m of i.moreIpv4 ?? []) addrs += `${paint(o, COLOR.inet, formatIpv4(m.address))}/${m.prefix} `;
  if (o.family !== '4' && i.kind !== 'dummy' && i.kind !== 'ipip') {
    const [addr6, len6] = ipv6(i).split('/');
    addrs += `${paint(o, COLOR.inet6, addr6)}/${len6} `;
  }
  return `${name}${stateCol}${addrs}`;
}

/** One line of `ip route`. iproute2's print_route ends every field with a space, the last one too ("dev eth0 \n"). */
export function formatRoute(r: Route, o: Options = { brief: false, color: false }, table?: string): string {
  return routeLine(r, (kind, text) => paint(o, kind === 'addr' ? COLOR.inet : COLOR.ifname, text), table);
}

const err = (stderr: string, exitCode = 1): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode });

function matchObject(word: string | undefined, names: string[]): string | undefined {
  if (word === undefined) return undefined;
  return names.find((n) => n.startsWith(word) && (word.length >= 1));
}

function addrOrLink(ns: NetNamespace, args: string[], o: Options, what: 'addr' | 'link'): CommandOutput {
  const verb = args[0] ?? 'show';
  let rest = args;
  if (['show', 'list', 'lst', 'sh', 'ls', 'l', 's'].includes(verb)) rest = args.slice(1);
  else if (verb && !['dev'].includes(verb) && !ns.interfaces.some((i) => i.name === verb)) {
    return err(`Command "${verb}" is unknown, try "ip ${what} help".`);
  }
  let dev: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === 'dev') dev = rest[++i];
    else if (rest[i] === 'up') continue;
    else dev = rest[i];
  }
  let list = ns.interfaces;
  if (dev !== undefined) {
    list = list.filter((i) => i.name === dev || displayName(i) === dev);
    if (list.length === 0) return err(`Device "${dev}" does not exist.`);
  }
  if (what === 'addr') list = list.filter((i) => hasFamily(i, o));
  if (o.brief) return { stdout: list.map((i) => brief(i, o, what) + '\n').join(''), stderr: '', exitCode: 0 };
  const lines = list.flatMap((i) => (what === 'addr' ? addrBlock(i, o) : [linkLine(i, o, true), etherLine(i, o)]));
  return { stdout: lines.map((l) => `${l}\n`).join(''), stderr: '', exitCode: 0 };
}

function route(ns: NetNamespace, args: string[], o: Options): CommandOutput {
  let rest = args;
  if (['show', 'list', 'ls', 'lst', 'sh', 's', 'l'].includes(rest[0] ?? '')) rest = rest.slice(1);
  else if (rest.length && rest[0] !== 'table') return err(`Command "${rest[0]}" is unknown, try "ip route help".`);
  let table = 'main';
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === 'table') {
      table = rest[++i] ?? '';
      if (!table) return err('Error: argument "table" is required');
      if (!/^(main|local|default|all|\d+)$/.test(table)) return err(`Error: argument "${table}" is wrong: "table" value is invalid`);
    }
  }
  if (table === 'all') {
    // The kernel dumps its tables by id (inet_dump_fib walks fib_table_hash): 2 and 3 before main (254).
    const id = (t: string) => ({ default: 253, main: 254, local: 255 })[t] ?? Number(t);
    const tables = [...ns.tables].sort((a, b) => id(a) - id(b));
    const lines = tables.flatMap((t) => ns.routes(t).map((r) => formatRoute(r, o, t === 'main' ? undefined : t)));
    return { stdout: lines.map((l) => `${l}\n`).join(''), stderr: '', exitCode: 0 };
  }
  const routes = ns.routes(({ '254': 'main', '255': 'local', '253': 'default' } as Record<string, string>)[table] ?? table);
  return { stdout: routes.map((r) => formatRoute(r, o) + '\n').join(''), stderr: '', exitCode: 0 };
}

export const ip: Command = {
  name: 'ip',
  usage: 'ip [-br] [-c] [-4|-6] addr|link|route|rule|neigh [show] [dev IFACE] [table N]',
  complete(words) {
    return words.length <= 2 ? ['addr', 'link', 'route', 'rule', 'neigh', '-br', '-c', '-4'] : ['show', 'dev', 'table'];
  },
  run({ args, session }) {
    const o: Options = { brief: false, color: false };
    let i = 0;
    for (; i < args.length && args[i].startsWith('-'); i++) {
      const a = args[i];
      if (a === '-br' || a === '-brief' || a === '--brief') o.brief = true;
      else if (a === '-c' || /^-colou?r(=always|=auto)?$/.test(a)) o.color = true;
      else if (a === '-4' || a === '-6') o.family = a[1] as '4' | '6';
      else return err(`Option "${a}" is unknown, try "ip -help".`, 255);
    }
    const objectWord = args[i];
    const rest = args.slice(i + 1);
    if (objectWord === undefined) {
      return err('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route | rule | neigh | ... }', 255);
    }
    const object = matchObject(objectWord, ['address', 'addr', 'link', 'route', 'rule', 'neighbor', 'neighbour']);
    if (!object) return err(`Object "${objectWord}" is unknown, try "ip help".`, 255);
    const ns = currentNetns(session);
    if (object === 'address' || object === 'addr') return addrOrLink(ns, rest, o, 'addr');
    if (object === 'link') return addrOrLink(ns, rest, o, 'link');
    if (object === 'route') return route(ns, rest, o);
    if (object === 'neighbor' || object === 'neighbour') {
      const at = rest.indexOf('dev');
      return { stdout: neighLines(session, at >= 0 ? rest[at + 1] : undefined), stderr: '', exitCode: 0 };
    }
    return { stdout: ns.rules.map((r) => ruleText(r) + '\n').join(''), stderr: '', exitCode: 0 };
  },
};
