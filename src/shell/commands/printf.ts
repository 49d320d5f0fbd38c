// printf as bash 5's builtin: FORMAT reused until the arguments run out, C's conversions (%s %d %i %u %o %x %X
// %f %F %e %E %g %G %c), bash's %b and %q, flags `-+ 0#`, `*` widths and precisions, backslash escapes in the
// format, bash's messages (`bash: printf: abc: invalid number`, exit 1), and `printf -v VAR` (sets a variable).
// Numbers: integers are 64-bit (BigInt) as strtoimax reads them (0x, 0 octal, 'c); floats are doubles, printed
// exactly as glibc does (the exact binary value, rounded half to even), so %.0f of 2.5 is 2.
// Widths and precisions count bytes of UTF-8, as bash does in the C library's printf.

import type { Command } from '../types.ts';
import { utf8Length } from './util.ts';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

// ---------------------------------------------------------------- exact decimal forms of doubles

/** A non-negative binary floating-point value, mant × 2^exp, exactly. */
export interface Binary {
  mant: bigint;
  exp: number;
}

/** |x| of a double, exactly. */
function binaryOf(x: number): Binary {
  const abs = Math.abs(x);
  if (abs === 0) return { mant: 0n, exp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mant, exp: -1074 };
  mant |= 1n << 52n;
  return { mant, exp: biased - 1075 };
}

const bitLength = (n: bigint) => (n === 0n ? 0 : n.toString(2).length);

/** The nearest 64-bit-mantissa value (x87 long double, which bash's printf and seq read with strtold) to
 *  digits × 10^e10, rounded half to even. */
export function longDoubleOf(digits: bigint, e10: number): Binary {
  if (digits === 0n) return { mant: 0n, exp: 0 };
  let num = digits;
  let den = 1n;
  if (e10 >= 0) num *= 10n ** BigInt(e10);
  else den = 10n ** BigInt(-e10);
  // Scale so that the quotient has at least 66 bits, then round to 64.
  const shift = 66 + bitLength(den) - bitLength(num);
  const scaledNum = shift > 0 ? num << BigInt(shift) : num;
  const scaledDen = shift < 0 ? den << BigInt(-shift) : den;
  let q = scaledNum / scaledDen;
  let sticky = scaledNum % scaledDen !== 0n;
  let exp = -shift;
  const extra = bitLength(q) - 64;
  if (extra > 0) {
    const dropped = q & ((1n << BigInt(extra)) - 1n);
    q >>= BigInt(extra);
    exp += extra;
    const half = 1n << BigInt(extra - 1);
    if (dropped > half || (dropped === half && (sticky || (q & 1n) === 1n))) q += 1n;
    else if (dropped === half && !sticky && (q & 1n) === 0n) sticky = false;
    if (bitLength(q) > 64) {
      q >>= 1n;
      exp += 1;
    }
  }
  return { mant: q, exp };
}

type Magnitude = number | Binary;

/** The exact decimal digits of a magnitude and the position of the decimal point (value = 0.DIGITS × 10^point). */
function exactDigits(x: Magnitude): { digits: string; point: number } {
  const { mant, exp } = typeof x === 'number' ? binaryOf(x) : x;
  if (mant === 0n) return { digits: '0', point: 1 };
  if (exp >= 0) {
    const digits = (mant << BigInt(exp)).toString();
    return { digits, point: digits.length };
  }
  const digits = (mant * 5n ** BigInt(-exp)).toString();
  return { digits, point: digits.length + exp };
}

const isZero = (x: Magnitude) => (typeof x === 'number' ? x === 0 : x.mant === 0n);

/** Rounds a digit string to `keep` digits, half to even on an exact tie; may carry into a new leading digit. */
function roundDigits(digits: string, point: number, keep: number): { digits: string; point: number } {
  if (keep < 0) return { digits: '0', point: point };
  if (digits.length <= keep) return { digits: digits.padEnd(keep, '0'), point };
  const head = digits.slice(0, keep);
  const next = digits[keep]!;
  const rest = digits.slice(keep + 1);
  const last = keep > 0 ? Number(head[keep - 1]) : 0;
  const up = next > '5' || (next === '5' && (/[1-9]/.test(rest) || last % 2 === 1));
  if (!up) return { digits: head || '0', point };
  if (keep === 0) return { digits: '1', point: point + 1 };
  const bumped = (BigInt(head) + 1n).toString();
  if (bumped.length > keep) return { digits: bumped.slice(0, keep), point: point + 1 };
  return { digits: bumped.padStart(keep, '0'), point };
}

/** C's %.{p}f of |x| (no sign). */
export function fixed(x: Magnitude, p: number): string {
  const { digits, point } = exactDigits(x);
  const r = roundDigits(digits, point, point + p);
  let intPart: string;
  let frac: string;
  if (r.point + p <= 0 && r.digits === '0') {
    intPart = '0';
    frac = '0'.repeat(p);
  } else {
    const pt = Math.max(r.point, 0);
    // A carry that adds a digit (999.9 → 1000) leaves the rounded digits one short of the point: pad them.
    const all = (r.point <= 0 ? '0'.repeat(-r.point) + r.digits : r.digits).padEnd(pt, '0');
    intPart = all.slice(0, pt).replace(/^0+(?=.)/, '') || '0';
    frac = all.slice(pt).padEnd(p, '0').slice(0, p);
  }
  return p > 0 ? `${intPart}.${frac}` : intPart;
}

/** C's %.{p}e of |x| (no sign): d.ddde±XX. */
export function scientific(x: Magnitude, p: number, upper = false): string {
  let mant: string;
  let exp: number;
  if (isZero(x)) {
    mant = '0'.repeat(p + 1);
    exp = 0;
  } else {
    const { digits, point } = exactDigits(x);
    const lead = digits.search(/[1-9]/);
    const r = roundDigits(digits.slice(lead), point - lead, p + 1);
    mant = r.digits;
    exp = r.point - 1;
  }
  const e = `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return (p > 0 ? `${mant[0]}.${mant.slice(1)}` : mant[0]!) + e;
}

/** C's %.{p}g of |x| (no sign); `alternate` (#) keeps trailing zeros. */
export function general(x: Magnitude, p: number, alternate = false, upper = false): string {
  const P = p === 0 ? 1 : p;
  let exp = 0;
  if (!isZero(x)) {
    const { digits, point } = exactDigits(x);
    const lead = digits.search(/[1-9]/);
    exp = roundDigits(digits.slice(lead), point - lead, P).point - 1;
  }
  let text = P > exp && exp >= -4 ? fixed(x, P - 1 - exp) : scientific(x, P - 1, upper);
  if (!alternate) text = text.replace(/\.(\d*?)0*(?=[eE]|$)/, (_m, keep: string) => (keep ? `.${keep}` : ''));
  else if (!text.includes('.')) text = text.replace(/(?=[eE]|$)/, '.');
  return text;
}

// ---------------------------------------------------------------- one conversion

export interface Spec {
  flags: string;
  width?: number;
  precision?: number;
  conversion: string;
}

function pad(spec: Spec, body: string, sign: string, numeric: boolean): string {
  const width = spec.width ?? 0;
  const len = utf8Length(sign + body);
  if (len >= width) return sign + body;
  if (spec.flags.includes('-')) return sign + body + ' '.repeat(width - len);
  // `0` pads numbers after the sign, except for integers with a precision.
  const zero = numeric && spec.flags.includes('0') && !(spec.precision !== undefined && 'diouxX'.includes(spec.conversion));
  if (zero) {
    const prefix = /^0[xX]/.test(body) ? body.slice(0, 2) : '';
    return sign + prefix + '0'.repeat(width - len) + body.slice(prefix.length);
  }
  return ' '.repeat(width - len) + sign + body;
}

const signOf = (negative: boolean, flags: string) => (negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '');

/** %d %i %u %o %x %X of a 64-bit integer. */
export function formatInteger(spec: Spec, value: bigint): string {
  const c = spec.conversion;
  let negative = false;
  let magnitude = value;
  if (c === 'd' || c === 'i') {
    negative = value < 0n;
    magnitude = negative ? -value : value;
  } else if (value < 0n) {
    magnitude = value + (1n << 64n);
  }
  let body = magnitude.toString(c === 'o' ? 8 : c === 'x' || c === 'X' ? 16 : 10);
  if (c === 'X') body = body.toUpperCase();
  if (spec.precision !== undefined) body = spec.precision === 0 && magnitude === 0n ? '' : body.padStart(spec.precision, '0');
  if (spec.flags.includes('#')) {
    if (c === 'o' && !body.startsWith('0')) body = `0${body}`;
    if ((c === 'x' || c === 'X') && magnitude !== 0n) body = `0${c}${body}`;
  }
  return pad(spec, body, c === 'd' || c === 'i' ? signOf(negative, spec.flags) : '', true);
}

/** A long double as bash's printf reads it: the sign, and the magnitude exactly (or a special value). */
export interface LongDouble {
  negative: boolean;
  magnitude: Binary | 'inf' | 'nan';
}

/** %f %F %e %E %g %G of a double (awk) or a long double (bash's printf). */
export function formatFloat(spec: Spec, input: number | LongDouble): string {
  if (typeof input !== 'number') {
    if (typeof input.magnitude === 'string') return formatFloat(spec, (input.negative ? -1 : 1) * (input.magnitude === 'inf' ? Infinity : NaN));
    return formatMagnitude(spec, input.negative, input.magnitude);
  }
  const value = input;
  const c = spec.conversion;
  const upper = c === 'F' || c === 'E' || c === 'G';
  const negative = value < 0 || Object.is(value, -0);
  const sign = signOf(negative, spec.flags);
  if (!Number.isFinite(value)) {
    const text = Number.isNaN(value) ? 'nan' : 'inf';
    return pad({ ...spec, flags: spec.flags.replace('0', '') }, upper ? text.toUpperCase() : text, Number.isNaN(value) ? signOf(false, spec.flags) : sign, false);
  }
  return formatMagnitude(spec, negative, Math.abs(value));
}

function formatMagnitude(spec: Spec, negative: boolean, x: Magnitude): string {
  const c = spec.conversion;
  const upper = c === 'F' || c === 'E' || c === 'G';
  const sign = signOf(negative, spec.flags);
  const p = spec.precision ?? 6;
  let body: string;
  if (c === 'f' || c === 'F') body = fixed(x, p);
  else if (c === 'e' || c === 'E') body = scientific(x, p, upper);
  else body = general(x, p, spec.flags.includes('#'), upper);
  if (spec.flags.includes('#') && (c === 'f' || c === 'F' || c === 'e' || c === 'E') && !body.includes('.')) body = body.replace(/(?=[eE]|$)/, '.');
  return pad(spec, body, sign, true);
}

/** %s and %c: precision cuts (whole characters, at most that many bytes), width pads by bytes. */
export function formatString(spec: Spec, text: string): string {
  let body = text;
  if (spec.precision !== undefined && utf8Length(body) > spec.precision) {
    let cut = '';
    for (const ch of body) {
      if (utf8Length(cut + ch) > spec.precision) break;
      cut += ch;
    }
    body = cut;
  }
  return pad(spec, body, '', false);
}

// ---------------------------------------------------------------- arguments

/** strtoimax(…, 0) as bash's printf uses it: the value, and whether the whole argument was a number. */
export function parseInteger(arg: string): { value: bigint; ok: boolean; range?: boolean; octal?: boolean } {
  if (arg === '') return { value: 0n, ok: true };
  if (/^['"]/.test(arg)) return { value: BigInt(arg.length > 1 ? arg.codePointAt(1)! : 0), ok: true };
  const m = /^[ \t\n]*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
  if (!m) return { value: 0n, ok: false };
  const digits = m[2]!;
  let magnitude = /^0[xX]/.test(digits) ? BigInt(digits) : digits.startsWith('0') ? BigInt(`0o${digits.slice(1) || '0'}`) : BigInt(digits);
  let value = m[1] === '-' ? -magnitude : magnitude;
  let range = false;
  if (value > INT64_MAX) [value, range] = [INT64_MAX, true];
  if (value < INT64_MIN) [value, range] = [INT64_MIN, true];
  magnitude = 0n;
  const rest = arg.slice(m[0].length);
  const octal = digits.startsWith('0') && !/^0[xX]/.test(digits) && /^[89]/.test(rest);
  return { value, ok: rest === '', range, octal };
}

/** strtold as bash reads %f arguments: the value, exactly as a long double, and whether the whole argument was a number. */
export function parseFloatArg(arg: string): { value: LongDouble; ok: boolean } {
  const zero = { negative: false, magnitude: { mant: 0n, exp: 0 } };
  if (arg === '') return { value: zero, ok: true };
  if (/^['"]/.test(arg)) {
    const code = arg.length > 1 ? arg.codePointAt(1)! : 0;
    return { value: { negative: false, magnitude: longDoubleOf(BigInt(code), 0) }, ok: true };
  }
  const m = /^[ \t\n]*([-+]?)(0[xX][0-9a-fA-F]+|inf(?:inity)?|nan|(\d*)\.?(\d*)(?:[eE]([-+]?\d+))?)/i.exec(arg);
  if (!m || (m[3] === '' && m[4] === '' && !/^(0x|inf|nan)/i.test(m[2]!))) return { value: zero, ok: false };
  const negative = m[1] === '-';
  const body = m[2]!.toLowerCase();
  let magnitude: LongDouble['magnitude'];
  if (body.startsWith('inf')) magnitude = 'inf';
  else if (body === 'nan') magnitude = 'nan';
  else if (body.startsWith('0x')) magnitude = longDoubleOf(BigInt(body), 0);
  else {
    const intPart = m[3] ?? '';
    const fracPart = m[4] ?? '';
    magnitude = longDoubleOf(BigInt(`${intPart}${fracPart}` || '0'), Number(m[5] ?? '0') - fracPart.length);
  }
  return { value: { negative, magnitude }, ok: m[0].length === arg.length };
}

// ---------------------------------------------------------------- escapes and quoting

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", '?': '?' };

/** One backslash escape at text[i] === '\\'. `inB`: %b's rules (\0NNN, \c stops). Returns the text and its length. */
function escapeAt(text: string, i: number, inB: boolean): { out: string; len: number; stop?: boolean } {
  const n = text[i + 1];
  if (n === undefined) return { out: '\\', len: 1 };
  if (inB && n === 'c') return { out: '', len: 2, stop: true };
  if (ESCAPES[n] !== undefined && !(inB && (n === '"' || n === '?' || n === "'"))) return { out: ESCAPES[n]!, len: 2 };
  if (/[0-7]/.test(n)) {
    const max = inB && n === '0' ? 4 : 3;
    const digits = /^[0-7]+/.exec(text.slice(i + 1, i + 1 + max))![0];
    const code = parseInt(inB && n === '0' ? digits.slice(1) || '0' : digits, 8) & 0xff;
    return { out: String.fromCharCode(code), len: 1 + digits.length };
  }
  if (n === 'x') {
    const digits = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2))?.[0];
    if (digits) return { out: String.fromCharCode(parseInt(digits, 16)), len: 2 + digits.length };
  }
  if (n === 'u' || n === 'U') {
    const digits = new RegExp(`^[0-9a-fA-F]{1,${n === 'u' ? 4 : 8}}`).exec(text.slice(i + 2))?.[0];
    if (digits) {
      const cp = parseInt(digits, 16);
      return { out: cp <= 0x10ffff ? String.fromCodePoint(cp) : '', len: 2 + digits.length };
    }
  }
  return { out: `\\${n}`, len: 2 };
}

/** %b's argument: escapes as echo -e; \c stops all output. */
function expandB(text: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '\\') {
      out += text[i++];
      continue;
    }
    const e = escapeAt(text, i, true);
    if (e.stop) return { text: out, stop: true };
    out += e.out;
    i += e.len;
  }
  return { text: out, stop: false };
}

const BACKSLASHED = new Set([...' \t\n!"$&\'()*,;<>?[\\]^`{|}']);

/** %q: bash's printf_quote: '' for empty, $'…' when unprintable characters are in it, else backslashes. */
export function shellQuote(text: string): string {
  if (text === '') return "''";
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(text)) {
    let out = "$'";
    for (const ch of text) {
      const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\x1b': '\\E', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', "'": "\\'" };
      if (named[ch]) out += named[ch];
      else if (ch.charCodeAt(0) < 0x20 || ch === '\x7f') out += `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`;
      else out += ch;
    }
    return `${out}'`;
  }
  let out = '';
  [...text].forEach((ch, k, all) => {
    if (BACKSLASHED.has(ch) || (ch === '#' && k === 0) || (ch === '~' && (k === 0 || all[k - 1] === ':' || all[k - 1] === '='))) out += '\\';
    out += ch;
  });
  return out;
}

// ---------------------------------------------------------------- the builtin

export interface PrintfResult {
  out: string;
  errors: string;
  exitCode: number;
}

/** The widest field (width or precision, in bytes) this shell prints: 1 MiB, the bound yes has too. */
export const MAX_FIELD_BYTES = 1 << 20;

/** Runs a bash printf FORMAT over ARGS (`who` prefixes messages, e.g. `bash: printf: `). */
export function bashPrintf(format: string, args: readonly string[], who = 'bash: printf: '): PrintfResult {
  let out = '';
  let errors = '';
  let exitCode = 0;
  let argi = 0;
  const next = (): string | undefined => (argi < args.length ? args[argi++] : undefined);

  const integerArg = (): bigint => {
    const a = next();
    if (a === undefined) return 0n;
    const r = parseInteger(a);
    if (r.octal) {
      errors += `${who}${a}: invalid octal number\n`;
      exitCode = 1;
    } else if (!r.ok) {
      errors += `${who}${a}: invalid number\n`;
      exitCode = 1;
    } else if (r.range) {
      errors += `${who}warning: ${a}: Numerical result out of range\n`;
    }
    return r.value;
  };
  const floatArg = (): number | LongDouble => {
    const a = next();
    if (a === undefined) return 0;
    const r = parseFloatArg(a);
    if (!r.ok) {
      errors += `${who}${a}: invalid number\n`;
      exitCode = 1;
    }
    return r.value;
  };
  const starArg = (): number => {
    const v = integerArg();
    return Number(v);
  };

  // The format read once into literal text and directives (it is used again for every set of arguments).
  type Piece = { text: string } | { flags: string; width?: string; precision?: string; conversion: string };
  const pieces: Piece[] = [];
  let literal = '';
  for (let i = 0; i < format.length; ) {
    const ch = format[i]!;
    if (ch === '\\') {
      const e = escapeAt(format, i, false);
      literal += e.out;
      i += e.len;
    } else if (ch !== '%') {
      literal += ch;
      i++;
    } else if (format[i + 1] === '%') {
      literal += '%';
      i += 2;
    } else {
      const m = /^%([-+ 0#']*)(\*|\d+)?(?:\.(\*|\d*))?([hlLjzt]*)(.?)/.exec(format.slice(i))!;
      if (literal) pieces.push({ text: literal });
      literal = '';
      pieces.push({ flags: m[1]!.replace("'", ''), width: m[2], precision: m[3], conversion: m[5]! });
      i += m[0].length;
    }
  }
  if (literal) pieces.push({ text: literal });

  for (let pass = 0; ; pass++) {
    const before = argi;
    for (const piece of pieces) {
      if ('text' in piece) {
        out += piece.text;
        continue;
      }
      const spec: Spec = { flags: piece.flags, conversion: piece.conversion };
      if (piece.width === '*') {
        const w = starArg();
        if (w < 0) spec.flags += '-';
        spec.width = Math.abs(w);
      } else if (piece.width !== undefined) spec.width = Number(piece.width);
      if (piece.precision !== undefined) {
        const p = piece.precision === '*' ? starArg() : Number(piece.precision || '0');
        if (p >= 0) spec.precision = p;
      }
      if (Math.max(spec.width ?? 0, spec.precision ?? 0) > MAX_FIELD_BYTES) {
        // A field of 100 MB is legal in bash; here it would hold the engine (and a tab's memory) for one word.
        errors += `${who}${Math.max(spec.width ?? 0, spec.precision ?? 0)}: field width or precision over this shell's limit (${MAX_FIELD_BYTES})\n`;
        return { out, errors, exitCode: 1 };
      }
      const c = spec.conversion;
      if ('diouxX'.includes(c) && c !== '') out += formatInteger(spec, integerArg());
      else if ('feEgGF'.includes(c) && c !== '') out += formatFloat(spec, floatArg());
      else if (c === 's') out += formatString(spec, next() ?? '');
      else if (c === 'c') out += formatString({ ...spec, precision: undefined }, [...(next() ?? '')][0] ?? '\0');
      else if (c === 'b') {
        const b = expandB(next() ?? '');
        out += formatString(spec, b.text);
        if (b.stop) return { out, errors, exitCode };
      } else if (c === 'q') out += formatString(spec, shellQuote(next() ?? ''));
      else {
        errors += c === '' ? `${who}\`%': missing format character\n` : `${who}\`${c}': invalid format character\n`;
        return { out, errors, exitCode: 1 };
      }
    }
    // The format is used again while arguments remain, if it consumed any.
    if (argi >= args.length || argi === before) break;
  }
  return { out, errors, exitCode };
}

export const printf: Command = {
  name: 'printf',
  usage: 'printf [-v var] format [arguments]',
  run({ args, session }) {
    let rest = [...args];
    let variable: string | undefined;
    if (rest[0] === '-v') {
      if (rest.length < 2) return { stdout: '', stderr: 'bash: printf: -v: option requires an argument\nprintf: usage: printf [-v var] format [arguments]\n', exitCode: 2 };
      variable = rest[1];
      rest = rest.slice(2);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable!)) return { stdout: '', stderr: `bash: printf: \`${variable}': not a valid identifier\n`, exitCode: 2 };
    }
    if (rest[0] === '--') rest = rest.slice(1);
    else if (rest[0] !== undefined && /^-./.test(rest[0])) {
      return { stdout: '', stderr: `bash: printf: ${rest[0].slice(0, 2)}: invalid option\nprintf: usage: printf [-v var] format [arguments]\n`, exitCode: 2 };
    }
    if (rest.length === 0) return { stdout: '', stderr: 'printf: usage: printf [-v var] format [arguments]\n', exitCode: 2 };
    const r = bashPrintf(rest[0]!, rest.slice(1));
    if (variable !== undefined) {
      session.env.set(variable, r.out);
      return { stdout: '', stderr: r.errors, exitCode: r.exitCode };
    }
    return { stdout: r.out, stderr: r.errors, exitCode: r.exitCode };
  },
};
