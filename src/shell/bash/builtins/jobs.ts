// Job control: jobs, wait, fg, kill. Jobs are background and-or lists (interpreter.ts startJob) running as
// processes in model time; these builtins list them, wait for them (a script's endless job is stopped as if by
// Ctrl-C after ENDLESS_AFTER_MS), bring one to the foreground or stop it.

import type { Exec } from '../process.ts';
import { jobState, type Job } from '../interpreter.ts';
import { say, type Builtin } from './types.ts';

export const jobs: Builtin = (args, ctx, shell) => {
  const long = args.includes('-l');
  // A job killed this instant has not been reaped yet: still Running. The last job is the current one (+), the
  // one before it the previous (-), finished or not (bash reaps asynchronously: it sometimes prints a finished
  // job without its +; the model takes the usual case).
  const running = (j: Job) => j.status === undefined || j.terminatedAt === shell.now();
  const list = shell.jobs;
  const lines: string[] = [];
  for (const j of list) {
    const state = running(j) ? 'Running' : jobState(j);
    // A script's bash says nothing of a job a signal stopped.
    if (state === 'Terminated' && !shell.session.interactive) continue;
    const mark = j === list.at(-1) ? '+' : j === list.at(-2) ? '-' : ' ';
    lines.push(`[${j.number}]${mark}  ${long ? `${j.pid} ` : ''}${state.padEnd(24)}${j.title}${state === 'Running' ? ' &' : ''}\n`);
  }
  // A finished job is reported once, then forgotten.
  for (const j of shell.jobs.filter((j) => !running(j))) shell.jobs.splice(shell.jobs.indexOf(j), 1);
  say(ctx, 'out', lines.join(''));
  return 0;
};

export const wait: Builtin = function* (args, ctx, shell): Exec {
  const specs = args.filter((a) => a !== '-n' && a !== '-f');
  const targets = specs.length ? specs.map((a) => ({ spec: a, job: shell.findJob(a) })) : shell.jobs.map((job) => ({ spec: '', job }));
  let status = 0;
  for (const { spec, job } of targets) {
    if (!job) {
      // bash remembers the statuses of background processes that have finished and left the job table.
      const remembered = /^\d+$/.test(spec) ? shell.finishedPids.get(Number(spec)) : undefined;
      if (remembered !== undefined) {
        status = remembered;
        continue;
      }
      say(ctx, 'err', spec.startsWith('%') ? `bash: wait: ${spec}: no such job\n` : `bash: wait: pid ${spec} is not a child of this shell\n`);
      status = 127;
      continue;
    }
    const i = shell.jobs.indexOf(job);
    if (i >= 0) shell.jobs.splice(i, 1);
    status = job.status ?? (yield* shell.waitProcess(job.process, ctx));
    shell.finishJob(job, status);
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
    // Finished, not yet reported: bash signals what is left of it and says nothing (checked against bash 5.2).
    if (job.status !== undefined) continue;
    // SIGTERM: the job ends with 128 + 15 and stays in the table until it is reported or waited for.
    for (const e of job.process.interrupt()) (e.stream === 'out' ? ctx.io.out : ctx.io.err).write(e.text, e.at);
    job.terminatedAt = shell.now();
    shell.finishJob(job, 143);
  }
  return failed ? 1 : 0;
};
