// A Session without a cluster, for testing the shell and the text tools.

import { createShell, type Shell } from '../../../src/shell/run.ts';
import { createRegistry } from '../../../src/shell/registry.ts';
import { TEXT_TOOLS } from '../../../src/shell/commands/text-tools.ts';
import { FileSystem } from '../../../src/shell/fs.ts';
import type { Command, Session, ShellHost } from '../../../src/shell/types.ts';

export const BASTION: ShellHost = { kind: 'bastion', hostname: 'ip-192-168-1-139.ec2.internal', prompt: '[ec2-user@ip-192-168-1-139 ~]$ ' };
export const NODE: ShellHost = { kind: 'node', hostname: 'ip-192-168-40-12.ec2.internal', prompt: '[ec2-user@ip-192-168-40-12 ~]$ ' };

/** 2026-11-25 12:00:00 UTC, a Wednesday. */
export const START_MS = Date.UTC(2026, 10, 25, 12, 0, 0);

export interface FakeSession extends Session {
  files: Map<string, string>;
  /** Seconds passed to advance(), in order. */
  advanced: number[];
  hosts: ShellHost[];
}

export interface FakeOptions {
  files?: Record<string, string>;
  writable?: boolean;
  env?: Record<string, string>;
  /** A real in-memory file system (src/shell/fs.ts) for user `user` (default root), working directory `cwd`;
   *  `files` are seeded into it by absolute path. */
  fs?: { user?: string; cwd?: string };
}

export function fakeSession(options: FakeOptions = {}): FakeSession {
  let now = START_MS;
  const hosts: ShellHost[] = [BASTION];
  const files = new Map(Object.entries(options.files ?? {}));
  const session: FakeSession = {
    env: new Map(Object.entries({ HOME: '/home/ec2-user', ...(options.env ?? {}) })),
    aliases: new Map(),
    host: () => hosts.at(-1)!,
    pushHost: (h) => void hosts.push(h),
    popHost: () => (hosts.length > 1 ? (hosts.pop(), true) : false),
    now: () => now,
    advance: (seconds) => {
      session.advanced.push(seconds);
      now += seconds * 1000;
    },
    interactive: false,
    cluster: undefined,
    readFile: (path) => files.get(path),
    files,
    advanced: [],
    hosts,
  };
  if (options.fs) {
    const user = options.fs.user ?? 'root';
    const tree = new FileSystem({ user, home: user === 'root' ? '/root' : `/home/${user}`, now: () => now });
    tree.seedDir('/tmp', 'root', 0o1777);
    tree.seedDir('/root', 'root', 0o550);
    tree.seedDir('/home/ec2-user', 'ec2-user', 0o700);
    tree.seed(options.files ?? {});
    tree.cwd = options.fs.cwd ?? tree.home;
    session.fs = () => tree;
    session.cwd = () => tree.cwd;
    session.chdir = (path) => tree.chdir(path);
    session.readFile = (path) => {
      const r = tree.read(path);
      return r.ok ? r.text : undefined;
    };
    session.writeFile = (path, content, append) => tree.write(path, content, append);
    return session;
  }
  if (options.writable) {
    session.writeFile = (path, content, append) => {
      files.set(path, (append ? (files.get(path) ?? '') : '') + content);
      return undefined;
    };
  }
  return session;
}

/** A shell over a fake session with all text tools, plus extra commands. */
export function fakeShell(options: Parameters<typeof fakeSession>[0] = {}, extra: Command[] = []): { shell: Shell; session: FakeSession } {
  const session = fakeSession(options);
  const shell = createShell(session, createRegistry([...TEXT_TOOLS, ...extra]));
  return { shell, session };
}

/** Runs a line and returns just the output (what the terminal shows). */
export function out(shell: Shell, line: string): string {
  return shell.run(line).output;
}
