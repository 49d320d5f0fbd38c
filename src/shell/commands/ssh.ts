// ssh ec2-user@<node IP> [CMD]: into a worker node, as the lab does from its bastion.
import { quote } from 'shell-quote';
import { formatIpv4 } from '../../model/net/ipv4.ts';
import { clusterSession, nodeHost } from '../session.ts';
import type { Command } from '../types.ts';

const BANNER = `
       __|  __|_  )
       _|  (     /   Amazon Linux 2 AMI
      ___|\\___|___|

https://aws.amazon.com/amazon-linux-2/
`;

/** sshd's `Last login: Fri May  5 07:00:00 2023` (UTC on these nodes). */
function lastLogin(ms: number): string {
  const d = new Date(ms);
  const [day, mon] = [d.toUTCString().slice(0, 3), d.toUTCString().slice(8, 11)];
  return `${day} ${mon} ${String(d.getUTCDate()).padStart(2)} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()}`;
}

export const ssh: Command = {
  name: 'ssh',
  usage: 'ssh ec2-user@NODE_IP [COMMAND]',
  hosts: ['bastion', 'node'],
  complete(words, session) {
    const s = clusterSession(session);
    return s.cluster.nodes.map((n) => `ec2-user@${formatIpv4(n.enis[0].primaryIp)}`);
  },
  run({ args, session, exec }) {
    const s = clusterSession(session);
    // ssh's own options come before the destination; everything after it is the remote command.
    let i = 0;
    while (i < args.length && args[i].startsWith('-')) i += ['-i', '-o', '-p', '-l', '-F', '-J'].includes(args[i]) ? 2 : 1;
    const [target, ...command] = args.slice(i);
    if (!target) return { stdout: '', stderr: 'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-i identity_file] [-l login_name] [-o option] [-p port] destination [command]\n', exitCode: 255 };
    const host = target.includes('@') ? target.split('@')[1] : target;
    const node = s.cluster.nodes.find((n) => formatIpv4(n.enis[0].primaryIp) === host || n.name === host || n.name.split('.')[0] === host);
    if (!node) {
      const known = /^\d+\.\d+\.\d+\.\d+$/.test(host);
      return { stdout: '', stderr: known ? `ssh: connect to host ${host} port 22: Connection timed out\n` : `ssh: Could not resolve hostname ${host}: Name or service not known\n`, exitCode: 255 };
    }
    s.pushHost(nodeHost(node));
    if (command.length === 0) return { stdout: `Last login: ${lastLogin(s.now() - 3_600_000)} from 192.168.1.100\n${BANNER}`, stderr: '', exitCode: 0 };
    try {
      return exec(command.length === 1 ? command[0] : quote(command), { keepRunning: true });
    } finally {
      s.popHost();
    }
  },
};
