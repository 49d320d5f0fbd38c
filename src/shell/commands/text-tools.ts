// Every text tool, for registering in one line: createRegistry([...TEXT_TOOLS, ...domainCommands]).

import type { Command } from '../types.ts';
import { awk } from './awk.ts';
import { cat } from './cat.ts';
import { cut } from './cut.ts';
import { date } from './date.ts';
import { echo } from './echo.ts';
import { egrep, grep } from './grep.ts';
import { head } from './head.ts';
import { hostname } from './hostname.ts';
import { sed } from './sed.ts';
import { sleep } from './sleep.ts';
import { sort } from './sort.ts';
import { tail } from './tail.ts';
import { tee } from './tee.ts';
import { uniq } from './uniq.ts';
import { watch } from './watch.ts';
import { wc } from './wc.ts';
import { xargs } from './xargs.ts';

export const TEXT_TOOLS: Command[] = [awk, cat, cut, date, echo, egrep, grep, head, hostname, sed, sleep, sort, tail, tee, uniq, watch, wc, xargs];
