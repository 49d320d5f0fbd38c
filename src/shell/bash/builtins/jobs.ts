// Job control: jobs, wait, fg, kill. Jobs are background and-or lists (interpreter.ts startJob) running as
// processes in model time; these builtins list them, wait for them (a script's endless job is stopped as if by
// Ctrl-C after ENDLESS_AFTER_MS), bring one to the foreground or stop it.

import type { Exec } from '../process.ts';
import { say, type Builtin } from './types.ts';

export const jobs: Builtin = (args, ctx, shell) => {
  const long = args.includes('-l');
  const list = shell.jobs;
  const lines = list.map((j, i) => {
    const mark = i === list.length - 1 ? '+' : i === list.length - 2 ? '-' : ' ';
    const status = j.process.done ? 'Done' : 'Running';
    return `[${j.number}]${mark}  ${long ? `${j.pid} ` : ''}${status.padEnd(24)}${j.title}${j.process.done ? '' : ' &'}\n`;
  });
  say(ctx, 'out', lines.join(''));
  return 0;
};

export const wait: Builtin = function* (args, ctx, shell): Exec {
  const specs = args.filter((a) => a !== '-n' && a !== '-f');
  const targets = specs.length ? specs.map((a) => ({ spec: a, job: shell.findJob(a) })) : shell.jobs.map((job) => ({ spec: '', job }));
  let status = 0;
  for (const { spec, job } of targets) {
    if (!job) {
      say(ctx, 'err', spec.startsWith('%') ? `bash: wait: ${spec}: no such job\n` : `bash: wait: pid ${spec} is not a child of this shell\n`);
      status = 127;
      continue;
    }
    const i = shell.jobs.indexOf(job);
    if (i >= 0) shell.jobs.splice(i, 1);
    status = yield* shell.waitProcess(job.process, ctx);
  }
  return specs.length ? status : 0;
};

export const fg: Builtin = function* (args, ctx, shell): Exec {
  const job = shell.findJob(args[0]);
  if (!job) {
    say(ctx, 'err', `bash: fg: ${args[0] ?? 'current'}: no such job\n`);
    return 1;
  }
  shell.jobs.splice(shell.jobs.indexOf(job), 1);
  say(ctx, 'out', `${job.title}\n`);
  return yield* shell.waitProcess(job.process, ctx);
};

export const kill: Builtin = (args, ctx, shell) => {
  const targets = args.filter((a) => !/^-(\w+|s)$/.test(a));
  if (targets.length === 0) {
    say(ctx, 'err', 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n');
    return 2;
  }
  let failed = false;
  for (const t of targets) {
    const job = shell.findJob(t);
    if (!job) {
      say(ctx, 'err', t.startsWith('%') ? `bash: kill: ${t}: no such job\n` : `bash: kill: (${t}) - No such process\n`);
      failed = true;
      continue;
    }
    shell.jobs.splice(shell.jobs.indexOf(job), 1);
    for (const e of job.process.interrupt()) (e.stream === 'out' ? ctx.io.out : ctx.io.err).write(e.text, e.at);
    if (shell.session.interactive) say(ctx, 'err', `[${job.number}]+  ${'Terminated'.padEnd(24)}${job.title}\n`);
  }
  return failed ? 1 : 0;
};
