// ipset's `list` (`-L`, `-n` names only, `-t` headers only, a set's name) over the ipsets kube-proxy keeps in ipvs
// mode. The layout is ipset's (lib/print.c via ipset.c's list): Name, Type, Revision, Header, Size in memory,
// References, Number of entries, Members, a blank line between sets.
// Kernel side as on EKS's 5.10 kernels: the set revisions with bucketsize/initval support (hash:ip,port 6,
// hash:ip,port,ip 6, hash:ip,port,net 7, hash:ip 5, bitmap:port 3); kube-proxy creates hash sets with `family
// inet hashsize 1024 maxelem 65536` and bitmap:port with `range 0-65535`. Sizes in memory follow what a kernel
// reports for that many entries in distinct buckets (measured on a 6.x kernel: each entry a bucket of its own);
// initval is the set's random hash seed, seeded here per node and set. References count the iptables rules that
// match the set.
import { networkOf } from '../../model/net/network.ts';
import type { IpsetType } from '../../model/proxy/ipvs-rules.ts';
import { createRng } from '../../model/rng.ts';
import { clusterSession } from '../session.ts';
import type { Command, CommandOutput } from '../types.ts';
import { hostNode, runsAsRoot } from './netns.ts';

const VERSION = 'v7.11';

const REVISION: Record<IpsetType, number> = { 'hash:ip,port': 6, 'hash:ip,port,ip': 6, 'hash:ip,port,net': 7, 'hash:ip': 5, 'bitmap:port': 3 };
const SIZE: Record<IpsetType, [number, number]> = { 'hash:ip,port': [216, 48], 'hash:ip,port,ip': [208, 56], 'hash:ip,port,net': [464, 64], 'hash:ip': [216, 40], 'bitmap:port': [8264, 0] };

const fail = (message: string): CommandOutput => ({ stdout: '', stderr: `ipset ${VERSION}: ${message}\n`, exitCode: 1 });

export const ipset: Command = {
  name: 'ipset',
  usage: 'ipset list [-n|-t] [SETNAME]',
  hosts: ['node'],
  complete: () => ['list', '-L', '-n', '-t', 'KUBE-CLUSTER-IP', 'KUBE-LOOP-BACK', 'KUBE-NODE-PORT-TCP'],
  run({ args, session }) {
    let command: string | undefined;
    let name: string | undefined;
    let names = false;
    let terse = false;
    for (const a of args) {
      if (a === 'list' || a === '-L' || a === '--list' || a === 'save' || a === 'version' || a === '-v' || a === '--version') {
        if (command) return fail(`Syntax error: unknown argument ${a}`);
        command = a.startsWith('-') ? (a === '-L' || a === '--list' ? 'list' : 'version') : a;
      } else if (a === '-n' || a === '-name') names = true;
      else if (a === '-t' || a === '-terse') terse = true;
      else if (a.startsWith('-')) return fail(`Unknown argument: \`${a}'`);
      else if (!command) return fail(`No command specified: unknown argument ${a}`);
      else if (name === undefined) name = a;
      else return fail(`Syntax error: unknown argument ${a}`);
    }
    if (command === 'version') return { stdout: `ipset ${VERSION}, protocol version: 7\n`, stderr: '', exitCode: 0 };
    if (!command) return fail('No command specified.');
    if (!runsAsRoot(session)) return fail('Kernel error received: Operation not permitted');
    const node = hostNode(session);
    if (!node) return fail('Kernel error received: Operation not permitted');
    const net = networkOf(clusterSession(session).cluster);
    const sets = net.ipvs(node)?.proxy.ipsets ?? [];
    const shown = name === undefined ? sets : sets.filter((s) => s.def.name === name);
    if (name !== undefined && shown.length === 0) return fail('The set with the given name does not exist');
    if (command === 'save') {
      const lines = shown.flatMap((s) => [`create ${s.def.name} ${s.def.type} ${header(s.def.type, '', true)}`, ...s.entries.map((e) => `add ${s.def.name} ${e}`)]);
      return { stdout: lines.map((l) => `${l}\n`).join(''), stderr: '', exitCode: 0 };
    }
    if (names) return { stdout: shown.map((s) => `${s.def.name}\n`).join(''), stderr: '', exitCode: 0 };
    const rules = net.ruleset(node).rules;
    const blocks = shown.map((s) => {
      const refs = rules.filter((r) => r.match.exts?.some((e) => e.m === 'set' && e.set === s.def.name)).length;
      const initval = createRng(`ipset:${node.name}:${s.def.name}`).bits32() >>> 0;
      const [base, per] = SIZE[s.def.type];
      const lines = [
        `Name: ${s.def.name}`, `Type: ${s.def.type}`, `Revision: ${REVISION[s.def.type]}`, `Header: ${header(s.def.type, `0x${initval.toString(16).padStart(8, '0')}`, false)}`,
        `Size in memory: ${base + per * s.entries.length}`, `References: ${refs}`, `Number of entries: ${s.entries.length}`, 'Members:',
        ...(terse ? [] : s.entries),
      ];
      return lines.slice(0, terse ? 7 : undefined).map((l) => `${l}\n`).join('');
    });
    return { stdout: blocks.join('\n'), stderr: '', exitCode: 0 };
  },
};

function header(type: IpsetType, initval: string, save: boolean): string {
  if (type === 'bitmap:port') return 'range 0-65535';
  return `family inet hashsize 1024 maxelem 65536${save ? '' : ` bucketsize 12 initval ${initval}`}`;
}
