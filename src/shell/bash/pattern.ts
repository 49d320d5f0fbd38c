// bash's pattern matching (case, [[ == ]], ${x#pattern}, pathname expansion): * ? [...] with [!…] and [:class:].
// A pattern arrives with quoted characters escaped by a backslash (expand.ts does that), so `"*"` matches a star.

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~', word: 'A-Za-z0-9_',
};

const escapeRe = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** The JavaScript regular-expression source of a pattern (not anchored). */
export function patternSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (i + 1 < pattern.length) out += escapeRe(pattern[++i]!);
      else out += '\\\\';
    } else if (c === '*') {
      out += '[\\s\\S]*';
      while (pattern[i + 1] === '*') i++;
    } else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const cls = bracket(pattern, i);
      if (cls) {
        out += cls.source;
        i = cls.end - 1;
      } else out += '\\[';
    } else out += escapeRe(c);
  }
  return out;
}

function bracket(p: string, start: number): { source: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (p[i] === '!' || p[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < p.length; i++) {
    const c = p[i]!;
    if (c === ']' && !first) return { source: `[${negate ? '^' : ''}${body}]`, end: i + 1 };
    first = false;
    if (c === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close > 0 && CLASSES[p.slice(i + 2, close)] !== undefined) {
        body += CLASSES[p.slice(i + 2, close)];
        i = close + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < p.length) {
      body += escapeRe(p[++i]!);
      continue;
    }
    if (c === '-' && body !== '' && p[i + 1] !== ']') {
      body += '-';
      continue;
    }
    body += escapeRe(c);
  }
  return undefined;
}

const cache = new Map<string, RegExp>();

/** Does the whole text match the pattern? */
export function matchPattern(text: string, pattern: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    if (cache.size > 500) cache.clear();
    re = new RegExp(`^(?:${patternSource(pattern)})$`);
    cache.set(pattern, re);
  }
  return re.test(text);
}

/** Has the pattern an unescaped * ? or [ (is it a pattern at all, for pathname expansion)? */
export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Removes the backslashes that quoted characters carry in a pattern. */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\([\s\S])/g, '$1');
}

/** ${x#p} ${x##p} ${x%p} ${x%%p}: the text with the shortest or longest matching prefix or suffix removed. */
export function removeAffix(text: string, pattern: string, suffix: boolean, longest: boolean): string {
  const n = text.length;
  if (!suffix) {
    if (longest) {
      for (let k = n; k >= 0; k--) if (matchPattern(text.slice(0, k), pattern)) return text.slice(k);
    } else {
      for (let k = 0; k <= n; k++) if (matchPattern(text.slice(0, k), pattern)) return text.slice(k);
    }
  } else if (longest) {
    for (let k = 0; k <= n; k++) if (matchPattern(text.slice(k), pattern)) return text.slice(0, k);
  } else {
    for (let k = n; k >= 0; k--) if (matchPattern(text.slice(k), pattern)) return text.slice(0, k);
  }
  return text;
}

/** ${x/p/r} ${x//p/r} ${x/#p/r} ${x/%p/r}: bash replaces the longest match at each position. */
export function replacePattern(text: string, pattern: string, replacement: string, all: boolean, anchor: '' | '#' | '%'): string {
  if (pattern === '') return text;
  const src = patternSource(pattern);
  if (anchor === '#') {
    const m = new RegExp(`^(?:${src})`).exec(text);
    return m ? replacement + text.slice(m[0].length) : text;
  }
  if (anchor === '%') {
    for (let k = 0; k <= text.length; k++) if (matchPattern(text.slice(k), pattern)) return text.slice(0, k) + replacement;
    return text;
  }
  // JS's * is greedy, so at each position the first match is the longest, as bash wants.
  const re = new RegExp(src, all ? 'g' : '');
  return text.replace(re, (m) => (m === '' ? m : replacement));
}
