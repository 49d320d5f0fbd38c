// sudo CMD runs CMD (the lab's users may sudo anything); `sudo -i` / `sudo su -` gives a root shell.
import { quote } from 'shell-quote';
import type { Command } from '../types.ts';

export const sudo: Command = {
  name: 'sudo',
  usage: 'sudo COMMAND | sudo -i',
  run({ args, session, exec }) {
    if (args.length === 0) return { stdout: '', stderr: 'usage: sudo -h | -K | -k | -V\nusage: sudo [-AbEHknPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]\n', exitCode: 1 };
    const host = session.host();
    const root = host.kind === 'node' ? { ...host, prompt: host.prompt.replace(/^\[ec2-user@/, '[root@').replace(/\$ $/, '# ') } : undefined;
    if (args[0] === '-i' || args[0] === '-s' || (args[0] === 'su' && (args[1] === '-' || args.length === 1))) {
      if (root) {
        session.pushHost(root);
        // A login shell starts in root's home.
        session.chdir?.('/root');
      }
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    // The command runs as root: on a node, the host it sees is root's (commands that need root check that).
    if (root) session.pushHost(root);
    try {
      return exec(args.length === 1 ? args[0] : quote(args), { keepRunning: true });
    } finally {
      if (root) session.popHost();
    }
  },
};
