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
    U: () => pad(Math.floor((dayOfYear - 1 + 7 - d.getUTCDay()) / 7)),
    W: () => pad(Math.floor((dayOfYear - 1 + 7 - ((d.getUTCDay() + 6) % 7)) / 7)),
    V: () => pad(isoWeek(d).week),
    G: () => String(isoWeek(d).year),
    g: () => pad(isoWeek(d).year % 100),
    P: () => (d.getUTCHours() < 12 ? 'am' : 'pm'),
    Z: () => 'UTC',
    '%': () => '%',
  };
  // GNU's flags: - (no padding), _ (spaces), 0 (zeros), ^ (upper case), and a field width.
  return format.replace(/%([-_0^#]*)(\d*)(:?)(.?)/g, (all, flags: string, width: string, colon: string, c: string) => {
    if (colon && c === 'z') return '+00:00';
    const conversion = conversions[c];
    if (colon || !conversion) return all;
    let text = conversion();
    const numeric = /^[ 0]*\d+$/.test(text);
    if (numeric && flags.includes('-')) text = text.replace(/^[ 0]+(?=\d)/, '');
    else if (numeric && flags.includes('_')) text = text.replace(/^0+(?=\d)/, (z) => ' '.repeat(z.length));
    else if (numeric && flags.includes('0')) text = text.replace(/^ +/, (z) => '0'.repeat(z.length));
    if (flags.includes('^')) text = text.toUpperCase();
    if (width) text = text.padStart(Number(width), numeric && !flags.includes('_') ? '0' : ' ');
    return text;
  });
}

/** ISO 8601 week number and its year (%V, %G). */
function isoWeek(d: Date): { week: number; year: number } {
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return { week, year };
}

const UNIT_SECONDS: Record<string, number> = { sec: 1, second: 1, min: 60, minute: 60, hour: 3600, day: 86400, week: 604800, fortnight: 1209600 };

/** `now`, `today`, `yesterday`, `tomorrow`, `N unit(s) [ago]`, `+N unit`, optionally after a date. */
function parseRelative(text: string, now: number): number | undefined {
  let rest = text.trim().toLowerCase();
  let base = now;
  const absolute = /^(@-?\d+(\.\d+)?|\d{4}-\d{2}-\d{2}(?:[ t]\d{2}:\d{2}(?::\d{2})?)?)\s*/.exec(rest);
  if (absolute) {
    const at = parseDateString(absolute[1]!.toUpperCase().replace('T', ' '));
    if (at === undefined) return undefined;
    base = at;
    rest = rest.slice(absolute[0].length);
  }
  let ms = base;
  const words: Record<string, number> = { now: 0, today: 0, yesterday: -86400, tomorrow: 86400 };
  const re = /^(?:(now|today|yesterday|tomorrow)|([-+]?\s*\d+)?\s*(sec|second|min|minute|hour|day|week|fortnight|month|year)s?(\s+ago)?)\s*/;
  if (rest === '') return absolute ? ms : undefined;
  while (rest !== '') {
    const m = re.exec(rest);
    if (!m || m[0] === '') return undefined;
    rest = rest.slice(m[0].length);
    if (m[1]) {
      ms += words[m[1]]! * 1000;
      continue;
    }
    let n = m[2] === undefined ? 1 : Number(m[2].replace(/\s/g, ''));
    if (m[4]) n = -n;
    const unit = m[3]!;
    if (unit === 'month' || unit === 'year') {
      const d = new Date(ms);
      if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + n);
      else d.setUTCFullYear(d.getUTCFullYear() + n);
      ms = d.getTime();
    } else ms += n * UNIT_SECONDS[unit]! * 1000;
  }
  return ms;
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
      const parsedDate = parseDateString(dateText.trim()) ?? parseRelative(dateText, session.now());
      if (parsedDate === undefined) return fail('date', `invalid date ‘${dateText}’`);
      ms = parsedDate;
    }

    const formats = o.operands.filter((a) => a.startsWith('+'));
    const others = o.operands.filter((a) => !a.startsWith('+'));
    if (others.length > 0) return fail('date', `invalid date ‘${others[0]}’`);
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
