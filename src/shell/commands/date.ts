// date: session.now() in UTC. Default format as GNU date in the C locale; +FORMAT with the usual % conversions;
// -u (a no-op: the lab runs on UTC), -d @SECONDS or an ISO date, -I[date|seconds], -R.

import type { Command } from '../types.ts';
import { fail, ok, parseOptions, usageError } from './util.ts';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DATE_DEFAULT_FORMAT = '%a %b %e %H:%M:%S %Z %Y';

const pad = (n: number, width = 2, fill = '0') => String(n).padStart(width, fill);

/** strftime for UTC. Unknown conversions are printed as typed, as GNU date does. */
export function formatDate(ms: number, format: string): string {
  const d = new Date(ms);
  const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const dayOfYear = Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  const conversions: Record<string, () => string> = {
    a: () => DAYS[d.getUTCDay()]!.slice(0, 3),
    A: () => DAYS[d.getUTCDay()]!,
    b: () => MONTHS[d.getUTCMonth()]!.slice(0, 3),
    h: () => MONTHS[d.getUTCMonth()]!.slice(0, 3),
    B: () => MONTHS[d.getUTCMonth()]!,
    c: () => formatDate(ms, '%a %b %e %H:%M:%S %Y'),
    C: () => pad(Math.floor(d.getUTCFullYear() / 100)),
    d: () => pad(d.getUTCDate()),
    D: () => formatDate(ms, '%m/%d/%y'),
    e: () => pad(d.getUTCDate(), 2, ' '),
    F: () => formatDate(ms, '%Y-%m-%d'),
    H: () => pad(d.getUTCHours()),
    I: () => pad(hour12),
    j: () => pad(dayOfYear, 3),
    k: () => pad(d.getUTCHours(), 2, ' '),
    l: () => pad(hour12, 2, ' '),
    m: () => pad(d.getUTCMonth() + 1),
    M: () => pad(d.getUTCMinutes()),
    n: () => '\n',
    N: () => pad((ms % 1000) * 1_000_000, 9),
    p: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
    q: () => String(Math.floor(d.getUTCMonth() / 3) + 1),
    r: () => formatDate(ms, '%I:%M:%S %p'),
    R: () => formatDate(ms, '%H:%M'),
    s: () => String(Math.floor(ms / 1000)),
    S: () => pad(d.getUTCSeconds()),
    t: () => '\t',
    T: () => formatDate(ms, '%H:%M:%S'),
    u: () => String(d.getUTCDay() === 0 ? 7 : d.getUTCDay()),
    w: () => String(d.getUTCDay()),
    y: () => pad(d.getUTCFullYear() % 100),
    Y: () => String(d.getUTCFullYear()),
    z: () => '+0000',
    Z: () => 'UTC',
    '%': () => '%',
  };
  return format.replace(/%(:?)(.?)/g, (all, colon: string, c: string) => {
    if (colon && c === 'z') return '+00:00';
    const conversion = conversions[c];
    return !colon && conversion ? conversion() : all;
  });
}

function parseDateString(text: string): number | undefined {
  const epoch = /^@(-?\d+(\.\d+)?)$/.exec(text);
  if (epoch) return Number(epoch[1]) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?( ?(Z|UTC|[+-]\d{2}:?\d{2}))?$/.test(text)) return undefined;
  const iso = text.replace(' ', 'T').replace(/ ?UTC$/, 'Z');
  const ms = Date.parse(/T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? `${iso}Z` : /T/.test(iso) ? iso : `${iso}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

export const date: Command = {
  name: 'date',
  usage: 'date [-u] [-d STRING] [-I[date|seconds]] [-R] [+FORMAT]',
  run({ args, session }) {
    // -I takes an optional attached argument (-Iseconds), which getopt-style parsing cannot express: taken out first.
    let isoPrecision: string | undefined;
    const rest: string[] = [];
    for (const a of args) {
      const m = /^(?:-I|--iso-8601(?:=|$))(.*)$/.exec(a);
      if (m) isoPrecision = m[1] || 'date';
      else rest.push(a);
    }
    const parsed = parseOptions(rest, { flags: 'uR', valued: 'd', long: { utc: 'u', universal: 'u', date: 'd', 'rfc-email': 'R' } });
    if (!parsed.ok) return usageError('date', parsed.message);
    const o = parsed.opts;

    let ms = session.now();
    const dateText = o.values.get('d')?.at(-1);
    if (dateText !== undefined) {
      const parsedDate = parseDateString(dateText.trim());
      if (parsedDate === undefined) return fail('date', `invalid date '${dateText}'`);
      ms = parsedDate;
    }

    const formats = o.operands.filter((a) => a.startsWith('+'));
    const others = o.operands.filter((a) => !a.startsWith('+'));
    if (others.length > 0) return fail('date', `invalid date '${others[0]}'`);
    if (formats.length > 1) return usageError('date', `extra operand '${formats[1]}'`);

    let format = DATE_DEFAULT_FORMAT;
    if (isoPrecision !== undefined) {
      const precision = isoPrecision;
      const iso: Record<string, string> = {
        date: '%Y-%m-%d',
        hours: '%Y-%m-%dT%H%:z',
        minutes: '%Y-%m-%dT%H:%M%:z',
        seconds: '%Y-%m-%dT%H:%M:%S%:z',
        ns: '%Y-%m-%dT%H:%M:%S,%N%:z',
      };
      const chosen = Object.keys(iso).find((k) => k.startsWith(precision));
      if (!chosen) return usageError('date', `invalid argument '${precision}' for '--iso-8601'`);
      format = iso[chosen]!;
    } else if (o.flags.has('R')) format = '%a, %d %b %Y %H:%M:%S %z';
    if (formats[0] !== undefined) format = formats[0].slice(1);
    return ok(`${formatDate(ms, format)}\n`);
  },
};
