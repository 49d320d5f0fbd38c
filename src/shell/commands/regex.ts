// POSIX regular expressions (GNU flavour) translated to JavaScript RegExp source, for grep and awk.
// BRE: \( \) \{ \} \| \+ \? are operators and ( ) { } | + ? are literals; ERE: the other way round.
// Errors use GNU grep's wording, without the `grep: ` prefix.
// Not reproduced: POSIX leftmost-longest alternation (JS takes the first alternative that matches; it only shows with -o).

export type RegexFlavor = 'basic' | 'extended';
export type RegexTranslation = { ok: true; source: string } | { ok: false; message: string };

const JS_SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}', '/']);

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  word: 'A-Za-z0-9_',
};

const UNMATCHED_BRACKET = 'Unmatched [, [^, [:, [., or [=';

function literal(c: string): string {
  return JS_SPECIAL.has(c) ? `\\${c}` : c;
}

/** A bracket expression starting at pattern[i] === '['. Returns the JS class and the index after it. */
function bracket(pattern: string, i: number): { source: string; end: number } | { message: string } {
  let j = i + 1;
  let out = '[';
  if (pattern[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  while (j < pattern.length) {
    const c = pattern[j]!;
    if (c === ']' && !first) return { source: `${out}]`, end: j + 1 };
    first = false;
    if (c === '[' && (pattern[j + 1] === ':' || pattern[j + 1] === '=' || pattern[j + 1] === '.')) {
      const kind = pattern[j + 1]!;
      const close = pattern.indexOf(`${kind}]`, j + 2);
      if (close < 0) return { message: UNMATCHED_BRACKET };
      const name = pattern.slice(j + 2, close);
      if (kind === ':') {
        const cls = POSIX_CLASSES[name];
        if (cls === undefined) return { message: 'Invalid character class name' };
        out += cls;
      } else {
        out += [...name].map((ch) => (ch === ']' || ch === '\\' || ch === '[' || ch === '^' ? `\\${ch}` : ch)).join('');
      }
      j = close + 2;
      continue;
    }
    // In POSIX brackets a backslash is an ordinary character.
    out += c === '\\' || c === ']' || c === '[' || (c === '^' && out.length > 1) ? `\\${c}` : c;
    j++;
  }
  // A bracket that the pattern ends right after is reported by GNU's regex compiler, not its DFA.
  return { message: pattern.slice(i + 1).replace(/^\^/, '') === '' ? 'Invalid regular expression' : UNMATCHED_BRACKET };
}

/** `{n}`, `{n,}`, `{,m}`, `{n,m}` (content without the braces); undefined when not an interval. */
function interval(content: string): string | undefined {
  const m = /^(\d*)(,(\d*))?$/.exec(content);
  if (!m || (m[1] === '' && m[2] === undefined)) return undefined;
  const min = m[1] === '' ? '0' : m[1]!;
  if (m[2] === undefined) return `{${min}}`;
  if (m[3] !== '' && Number(m[3]) < Number(min)) return undefined;
  return `{${min},${m[3]}}`;
}

export function posixToJs(pattern: string, flavor: RegexFlavor): RegexTranslation {
  const ere = flavor === 'extended';
  let out = '';
  let depth = 0;
  // Where a repetition operator has nothing to repeat, POSIX (GNU) reads it literally.
  let atStart = true;
  let afterQuantifier = false;

  const emitQuantifier = (q: string) => {
    if (atStart) {
      out += literal(q[0]!) + q.slice(1).replace(/[{}]/g, (m) => `\\${m}`);
      atStart = false;
      return;
    }
    if (!afterQuantifier) out += q; // a** is a*: JS rejects a second quantifier
    afterQuantifier = true;
  };
  const emitAtom = (source: string) => {
    out += source;
    atStart = false;
    afterQuantifier = false;
  };
  const openGroup = () => {
    out += '(';
    depth++;
    atStart = true;
    afterQuantifier = false;
  };
  const closeGroup = (): string | undefined => {
    if (depth === 0) return 'Unmatched ) or \\)';
    out += ')';
    depth--;
    atStart = false;
    afterQuantifier = false;
    return undefined;
  };
  const alternation = () => {
    out += '|';
    atStart = true;
    afterQuantifier = false;
  };

  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) return { ok: false, message: 'Trailing backslash' };
      i++;
      if (!ere && n === '(') openGroup();
      else if (!ere && n === ')') {
        const e = closeGroup();
        if (e) return { ok: false, message: e };
      } else if (!ere && n === '|') alternation();
      else if (!ere && (n === '+' || n === '?')) emitQuantifier(n);
      else if (!ere && n === '{') {
        const close = pattern.indexOf('\\}', i + 1);
        if (close < 0) return { ok: false, message: 'Unmatched \\{' };
        const q = interval(pattern.slice(i + 1, close));
        if (q === undefined) return { ok: false, message: 'Invalid content of \\{\\}' };
        emitQuantifier(q);
        i = close + 1;
      } else if (n === '<') emitAtom('\\b(?=\\w)');
      else if (n === '>') emitAtom('\\b(?<=\\w)');
      else if (n === 'b' || n === 'B' || n === 'w' || n === 'W' || n === 's' || n === 'S') emitAtom(`\\${n}`);
      else if (n === '`') emitAtom('^');
      else if (n === "'") emitAtom('$');
      else if (/[1-9]/.test(n)) emitAtom(`\\${n}`);
      else emitAtom(literal(n));
      continue;
    }
    if (c === '[') {
      const b = bracket(pattern, i);
      if ('message' in b) return { ok: false, message: b.message };
      emitAtom(b.source);
      i = b.end - 1;
      continue;
    }
    if (c === '*') {
      emitQuantifier('*');
      continue;
    }
    if (c === '^') {
      // BRE: an anchor only at the start of a (sub)expression; ERE: anywhere.
      if (ere || atStart) out += '^';
      else emitAtom('\\^');
      continue;
    }
    if (c === '$') {
      const rest = pattern.slice(i + 1);
      const anchor = ere || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|');
      if (anchor) {
        out += '$';
        afterQuantifier = false;
      } else emitAtom('\\$');
      continue;
    }
    if (ere) {
      if (c === '(') {
        openGroup();
        continue;
      }
      if (c === ')') {
        const e = closeGroup();
        if (e) return { ok: false, message: e };
        continue;
      }
      if (c === '|') {
        alternation();
        continue;
      }
      if (c === '+' || c === '?') {
        emitQuantifier(c);
        continue;
      }
      if (c === '{') {
        const close = pattern.indexOf('}', i + 1);
        const q = close < 0 ? undefined : interval(pattern.slice(i + 1, close));
        if (q !== undefined && !atStart) {
          emitQuantifier(q);
          i = close;
        } else emitAtom('\\{');
        continue;
      }
    }
    emitAtom(c === '.' ? '.' : literal(c));
  }
  if (depth > 0) return { ok: false, message: 'Unmatched ( or \\(' };
  return { ok: true, source: out };
}

/** Escapes a fixed string (grep -F) for a JS RegExp. */
export function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}/]/g, '\\$&');
}

/** Compiles a translated pattern; JS may still refuse something POSIX accepts. */
export function compile(source: string, flags: string): RegExp | { message: string } {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    return { message: e instanceof Error ? e.message : String(e) };
  }
}
