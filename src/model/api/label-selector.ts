// Label selectors as the API server parses and evaluates them (k8s.io/apimachinery/pkg/labels/selector.go):
// equality (`a=b`, `a==b`, `a!=b`), set-based (`a in (x,y)`, `a notin (x)`), existence (`a`, `!a`) and the
// numeric `a>1`, `a<1`, comma-separated and ANDed. Errors carry the parser's own wording, because kubectl
// shows them as the server's answer.

export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type LabelSelector = Requirement[];

export class SelectorParseError extends Error {}

type Tok = 'id' | 'in' | 'notin' | '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '>' | '<' | 'end' | 'error';
const SPECIAL = new Set(['!', '=', '>', '<', '(', ')', ',']);
const SPECIAL_TOKENS: Record<string, Tok> = { '!': '!', '=': '=', '==': '==', '!=': '!=', '(': '(', ')': ')', ',': ',', '>': '>', '<': '<' };
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

function lex(s: string): [Tok, string][] {
  const out: [Tok, string][] = [];
  let i = 0;
  for (;;) {
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\r' || s[i] === '\n') i++;
    if (i >= s.length) {
      out.push(['end', '']);
      return out;
    }
    if (SPECIAL.has(s[i])) {
      // The longest special token that the characters spell (`!=` before `!`).
      let buf = '', last: [Tok, string] | undefined;
      while (i < s.length && SPECIAL.has(s[i])) {
        buf += s[i];
        if (SPECIAL_TOKENS[buf]) last = [SPECIAL_TOKENS[buf], buf];
        else if (last) break;
        i++;
      }
      out.push(last ?? ['error', `error expected: keyword found '${buf}'`]);
      continue;
    }
    let buf = '';
    while (i < s.length && !SPECIAL.has(s[i]) && !/\s/.test(s[i])) buf += s[i++];
    out.push(buf === 'in' ? ['in', buf] : buf === 'notin' ? ['notin', buf] : ['id', buf]);
  }
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** The API server's IsQualifiedName: an optional DNS-subdomain prefix and a slash, then a name of up to 63. */
export function qualifiedNameErrors(key: string): string[] {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  const errs: string[] = [];
  if (prefix !== undefined) {
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix)) {
      errs.push("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME.test(name)) {
    errs.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  }
  return errs;
}

/** The API server's IsValidLabelValue. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (value !== '' && !QUALIFIED_NAME.test(value)) {
    errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  }
  return errs;
}

/** Parses a selector; throws SelectorParseError with the API server's message. */
export function parseLabelSelector(text: string): LabelSelector {
  const toks = lex(text);
  let pos = 0;
  // In value position `in` and `notin` are plain identifiers (`x in (in)`).
  const look = (values = true): [Tok, string] => {
    const [t, l] = toks[pos];
    return values && (t === 'in' || t === 'notin') ? ['id', l] : [t, l];
  };
  const take = (values = true): [Tok, string] => {
    const r = look(values);
    pos++;
    return r;
  };
  const fail = (msg: string): never => {
    throw new SelectorParseError(msg);
  };
  const requirement = (): Requirement => {
    let [tok, lit] = take();
    let operator: Operator | undefined;
    if (tok === '!') {
      operator = '!';
      [tok, lit] = take();
    }
    if (tok !== 'id') fail(`found '${lit}', expected: identifier`);
    const errs = qualifiedNameErrors(lit);
    if (errs.length) fail(`: Invalid value: "${lit}": ${errs.join('; ')}`);
    const key = lit;
    const [next] = look();
    if (next === 'end' || next === ',') return { key, operator: operator ?? 'exists', values: [] };
    if (operator === '!') fail(`found '${look()[1]}', expected: ',' or 'end of string'`);
    const [opTok, opLit] = take(false);
    const op: Operator | undefined = ({ in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' } as const)[opTok as string];
    if (!op) return fail(`found '${opLit}', expected: ${BINARY_OPERATORS}`);
    let values: string[];
    if (op === 'in' || op === 'notin') {
      const [open, openLit] = take();
      if (open !== '(') fail(`found '${openLit}' expected: '('`);
      const set = new Set<string>();
      const [first, firstLit] = look();
      if (first === ')') {
        take();
        set.add('');
      } else if (first === 'id' || first === ',') {
        for (;;) {
          const [t, l] = take();
          if (t === 'id') {
            set.add(l);
            const [t2, l2] = look();
            if (t2 === ',') continue;
            if (t2 === ')') break;
            fail(`found '${l2}', expected: ',' or ')'`);
          } else if (t === ',') {
            if (set.size === 0) set.add('');
            const [t2] = look();
            if (t2 === ')') {
              set.add('');
              break;
            }
            if (t2 === ',') {
              take();
              set.add('');
            }
          } else {
            fail(`found '${l}', expected: ',', or identifier`);
          }
        }
        if (take()[0] !== ')') fail(`found '${firstLit}', expected: ')'`);
      } else {
        fail(`found '${firstLit}', expected: ',', ')' or identifier`);
      }
      values = [...set].sort();
    } else {
      const [t] = look();
      if (t === 'end' || t === ',') values = [''];
      else {
        const [vt, vl] = take();
        if (vt !== 'id') fail(`found '${vl}', expected: identifier`);
        values = [vl];
      }
      if (op === 'gt' || op === 'lt') {
        if (!/^-?\d+$/.test(values[0])) fail(`: Invalid value: "${values[0]}": for 'Gt', 'Lt' operators, the value must be an integer`);
      } else {
        for (const v of values) {
          const verrs = labelValueErrors(v);
          if (verrs.length) fail(`: Invalid value: "${v}": ${verrs.join('; ')}`);
        }
      }
    }
    return { key, operator: op, values };
  };

  const out: Requirement[] = [];
  for (;;) {
    const [tok, lit] = look();
    if (tok === 'end') break;
    if (tok !== 'id' && tok !== '!') fail(`found '${lit}', expected: !, identifier, or 'end of string'`);
    try {
      out.push(requirement());
    } catch (e) {
      if (e instanceof SelectorParseError) throw new SelectorParseError(`unable to parse requirement: ${e.message.replace(/^: /, '<nil>: ')}`);
      throw e;
    }
    const [t, l] = take();
    if (t === 'end') break;
    if (t !== ',') fail(`found '${l}', expected: ',' or 'end of string'`);
    const [t2, l2] = look();
    if (t2 !== 'id' && t2 !== '!') fail(`found '${l2}', expected: identifier after ','`);
  }
  // The API server sorts requirements by key, so that a selector prints the same however it was written.
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function matchesRequirement(labels: Record<string, string>, r: Requirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case '=': case '==': case 'in': return has && r.values.includes(value);
    case '!=': case 'notin': return !has || !r.values.includes(value);
    case 'exists': return has;
    case '!': return !has;
    case 'gt': case 'lt': {
      if (!has || !/^-?\d+$/.test(value)) return false;
      return r.operator === 'gt' ? Number(value) > Number(r.values[0]) : Number(value) < Number(r.values[0]);
    }
  }
}

export function matchesLabels(labels: Record<string, string>, selector: LabelSelector): boolean {
  for (const r of selector) if (!matchesRequirement(labels, r)) return false;
  return true;
}

/** A selector from a set of labels (a Deployment's matchLabels): every label must equal its value. */
export function selectorFromSet(set: Record<string, string>): LabelSelector {
  return Object.keys(set).sort().map((key) => ({ key, operator: '=' as const, values: [set[key]] }));
}

/** A matchLabels map matches when every entry is present with its value (the controllers' hot path). */
export function matchesSet(labels: Record<string, string>, set: Record<string, string>): boolean {
  for (const k in set) if (labels[k] !== set[k]) return false;
  return true;
}

/** How the API server prints a selector (`kubectl describe`'s Selector line): `a=b,c in (x,y)`. */
export function formatSelector(selector: LabelSelector): string {
  return selector
    .map((r) => {
      switch (r.operator) {
        case 'exists': return r.key;
        case '!': return `!${r.key}`;
        case 'in': case 'notin': return `${r.key} ${r.operator} (${r.values.join(',')})`;
        case 'gt': return `${r.key}>${r.values[0]}`;
        case 'lt': return `${r.key}<${r.values[0]}`;
        default: return `${r.key}${r.operator}${r.values[0]}`;
      }
    })
    .join(',');
}
