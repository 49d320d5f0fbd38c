// Every text tool, for registering in one line: createRegistry([...TEXT_TOOLS, ...domainCommands]).

import type { Command } from '../types.ts';
import { awk } from './awk.ts';
import { cat } from './cat.ts';
import { cut } from './cut.ts';
import { date } from './date.ts';
import { echo } from './echo.ts';
import { expr } from './expr.ts';
import { cp, mkdir, mv, pwd, rm, rmdir, touch } from './files.ts';
import { fold } from './fold.ts';
import { egrep, grep } from './grep.ts';
import { head } from './head.ts';
import { hostname } from './hostname.ts';
import { ls } from './ls.ts';
import { nl } from './nl.ts';
import { paste } from './paste.ts';
import { basename, dirname } from './path-names.ts';
import { printf } from './printf.ts';
import { sed } from './sed.ts';
import { seq } from './seq.ts';
import { sleep } from './sleep.ts';
import { sort } from './sort.ts';
import { rev, tac } from './tac-rev.ts';
import { tail } from './tail.ts';
import { tee } from './tee.ts';
import { tr } from './tr.ts';
import { uniq } from './uniq.ts';
import { watch } from './watch.ts';
import { wc } from './wc.ts';
import { xargs } from './xargs.ts';
import { yes } from './yes.ts';

export const TEXT_TOOLS: Command[] = [
  awk, basename, cat, cp, cut, date, dirname, echo, egrep, expr, fold, grep, head, hostname, ls, mkdir, mv, nl, paste,
  printf, pwd, rev, rm, rmdir, sed, seq, sleep, sort, tac, tail, tee, touch, tr, uniq, watch, wc, xargs, yes,
];
