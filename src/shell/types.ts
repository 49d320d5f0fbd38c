// The shell's contracts. The shell is pure text in, text out: no DOM, no Node APIs, no Math.random().
// A Session is whatever the shell runs against (the simulated cluster implements it in src/shell/session.ts);
// commands see only this interface, so text tools can be tested with a fake session.

import type { FileSystem } from './fs.ts';

/** Where the user is: the bastion host, an EKS node (after ssh), or a container (kubectl exec). */
export interface ShellHost {
  kind: 'bastion' | 'node' | 'pod';
  /** Host name as `hostname` prints it. */
  hostname: string;
  /** The prompt, e.g. `[ec2-user@ip-192-168-1-139 ~]$ ` or `root@nginx-6fb79bc456-2lvh9:/# `. */
  prompt: string;
  /** The node (its Kubernetes name) or the pod this host is, for domain commands such as `ip`. */
  node?: string;
  pod?: { namespace: string; name: string };
}

export interface Session {
  /** Shell variables ($N1, $PODNAME1, … and whatever `export` sets). */
  env: Map<string, string>;
  /** `alias k=kubectl` and the like. */
  aliases: Map<string, string>;
  /** The current host; `ssh` pushes one, `exit` pops it. */
  host(): ShellHost;
  pushHost(host: ShellHost): void;
  /** Returns false when already at the outermost host. */
  popHost(): boolean;
  /** Model time in milliseconds since the Unix epoch (`date`, AGE columns). */
  now(): number;
  /** Advance model time (`sleep`, `watch`): controllers and ipamd run on the way. */
  advance(seconds: number): void;
  /** Interactive faces (xterm, a TTY) set this; `watch` and `sleep` behave differently when not interactive. */
  interactive: boolean;
  /** Domain state that domain commands (kubectl, ip, aws …) use; text tools ignore it. */
  readonly cluster: unknown;
  /** Optional file system: contents of a file on the current host, undefined when it does not exist.
   *  Used by `cat FILE`, `grep PAT FILE`, `< FILE`; without it every file is missing. */
  readFile?(path: string): string | undefined;
  /** Optional file system: `> FILE`, `>> FILE`, `tee FILE`. Returns an error text (e.g. `Permission denied`) or undefined.
   *  Without it, writing to anything but /dev/null fails with `Read-only file system`. */
  writeFile?(path: string, content: string, append: boolean): string | undefined;
  /** Optional: the current host's file system (ls, mkdir, rm, cp, mv, touch), its working directory set. */
  fs?(): FileSystem;
  /** Optional: the working directory (`pwd`, `$PWD`). */
  cwd?(): string;
  /** Optional: `cd`. Returns the reason it failed, in bash's words (`No such file or directory`, `Not a directory`). */
  chdir?(path: string): string | undefined;
  /** Optional file system: what is at a path, for `test -f/-d/-e` and `[[ -d … ]]`. Without it, a path is a file
   *  when readFile finds it and nothing otherwise. */
  fileType?(path: string): 'file' | 'directory' | undefined;
  /** Optional file system: the pathnames a glob pattern matches, sorted (pathname expansion of `*.yaml`). A pattern
   *  arrives with quoted characters escaped by a backslash. Without it, patterns stay as typed (as bash leaves a
   *  pattern that matches nothing). */
  glob?(pattern: string): string[] | undefined;
}

export interface CommandInput {
  /** Arguments after the command name, after quote removal and variable expansion. */
  args: string[];
  /** Standard input: the previous pipeline stage's stdout, or '' . */
  stdin: string;
  session: Session;
  /** The command's environment: exported variables and its own NAME=value prefixes (absent: none). */
  getenv?(name: string): string | undefined;
  /** Runs a whole command line (for `watch`, `sudo`, `ssh host CMD`, `kubectl exec … -- CMD`). With
   *  `keepRunning`, a last command that is still running comes back as `process` for the caller to return. */
  exec(line: string, options?: { keepRunning?: boolean }): CommandOutput;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Its stderr came before its stdout (a warning printed before the result, as kubectl version's). */
  stderrFirst?: boolean;
  /** A command that keeps running as model time passes (ping, tcpdump): stdout/stderr are what it printed
   *  on starting; the shell runs it to the end, puts it in the background (`&`), or hands it to the terminal. */
  process?: Process;
}

/** Output of a running process, stamped with model time so that several processes interleave as on a terminal. */
export interface Emission {
  at: number;
  stream: 'out' | 'err';
  text: string;
}

export interface Process {
  /** Model time (ms) of its next action of its own; Infinity for a process that only reacts (tcpdump). */
  nextAt(): number;
  /** Does what falls due up to `until` (model ms; the cluster clock is already there) and returns what it printed. */
  runUntil(until: number): Emission[];
  readonly done: boolean;
  readonly exitCode: number;
  /** It ends by itself at a known time (iperf3 -t 30): a script waits for it, however long, instead of taking it
   *  for a command that runs until Ctrl-C. */
  readonly endsByItself?: boolean;
  /** Ctrl-C or kill: it stops and prints its last words (ping's statistics, tcpdump's counts). */
  interrupt(): Emission[];  /** It paused with nothing to wait for: a busy shell loop letting its terminal breathe (tools never do). */
  readonly breathing?: boolean;
}

export interface Command {
  name: string;
  /** One line, shown by `help` and used by completion. */
  usage: string;
  /** Only on these hosts (default: everywhere). `kubectl` and `aws` live on the bastion, `ip` everywhere. */
  hosts?: ShellHost['kind'][];
  /** Candidates for the word being completed, given the words before it. */
  complete?(words: string[], session: Session): string[];
  run(input: CommandInput): CommandOutput;
}
