// kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath), the subset labs use:
// {.a.b}, {.items[*].status.podIP}, {.items[0].metadata.name}, {range .items[*]}…{end}, {"\n"}, literal text.
// Several results of one expression are joined by spaces, as kubectl does.

type Token = { text: string } | { expr: string };

function tokenize(template: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      out.push({ text: template.slice(i) });
      break;
    }
    if (open > i) out.push({ text: template.slice(i, open) });
    const close = template.indexOf('}', open);
    if (close < 0) throw new Error(`unclosed action`);
    out.push({ expr: template.slice(open + 1, close).trim() });
    i = close + 1;
  }
  return out;
}

function evalPath(root: unknown, path: string): unknown[] {
  if (path === '@' || path === '.' || path === '') return [root];
  // A field name may hold escaped dots (client-go's parser: `.metadata.annotations.eks\.amazonaws\.com/role-arn`).
  const steps = path.replace(/^@/, '').match(/\.\.?(?:\\.|[^.[\]\\])+|\[[^\]]*\]/g);
  if (!steps || steps.join('') !== path.replace(/^@/, '')) throw new Error(`unrecognized path ${path}`);
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.startsWith('[')) {
        const inner = step.slice(1, -1).trim();
        if (!Array.isArray(value)) continue;
        if (inner === '*') next.push(...value);
        else if (/^-?\d+$/.test(inner)) {
          const n = Number(inner);
          const v = value[n < 0 ? value.length + n : n];
          if (v === undefined) throw new Error(`array index out of bounds: index ${n}, length ${value.length}`);
          next.push(v);
        } else if (/^-?\d*:-?\d*(:-?\d+)?$/.test(inner)) {
          // A slice, [start:end:step], negative ends counted from the back: [-1:] is the last element.
          const [from, to, by] = inner.split(':');
          const n = value.length;
          const at = (t: string | undefined, fallback: number) => (t === undefined || t === '' ? fallback : Math.min(n, Math.max(0, Number(t) < 0 ? n + Number(t) : Number(t))));
          const step = by ? Number(by) : 1;
          if (step <= 0) throw new Error(`step must be > 0`);
          for (let k = at(from, 0); k < at(to, n); k += step) next.push(value[k]);
        } else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) next.push((value as unknown as Record<string, unknown>)[inner.slice(1, -1)]);
        else if (/^\?\(@\.[\w.-]+\s*(==|!=)\s*("[^"]*"|'[^']*'|[\w.-]+)\)$/.test(inner)) {
          // A filter: [?(@.type=="InternalIP")] keeps the elements whose field compares so.
          const [, field, op, literal] = /^\?\(@\.([\w.-]+)\s*(==|!=)\s*(.+)\)$/.exec(inner)!;
          const want = literal.replace(/^(["'])(.*)\1$/, '$2');
          for (const el of value) {
            const got = field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), el);
            if ((String(got) === want) === (op === '==')) next.push(el);
          }
        }
        else throw new Error(`unsupported subscript ${step}`);
      } else {
        const key = step.replace(/^\.+/, '').replace(/\\\./g, '.');
        if (key === '*') {
          if (value && typeof value === 'object') next.push(...Object.values(value));
        } else if (value && typeof value === 'object' && key in (value as object)) {
          next.push((value as Record<string, unknown>)[key]);
        }
      }
    }
    current = next;
  }
  return current;
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The results of one JSONPath expression (`{.a.b}`) with missing keys allowed, as `--sort-by` reads them. */
export function jsonpathValues(expression: string, root: unknown): unknown[] {
  const tokens = tokenize(expression);
  const only = tokens.length === 1 ? tokens[0] : undefined;
  if (!only || !('expr' in only)) throw new Error(`unrecognized path ${expression}`);
  return evalPath(root, only.expr);
}

/** Evaluates a kubectl JSONPath template against an object (for lists, the object has `items`). */
export function jsonpath(template: string, root: unknown): string {
  const tokens = tokenize(template);
  const render = (from: number, to: number, scope: unknown): string => {
    let out = '';
    for (let i = from; i < to; i++) {
      const t = tokens[i];
      if ('text' in t) {
        out += t.text;
        continue;
      }
      const e = t.expr;
      if (e.startsWith('range ')) {
        let depth = 1, j = i + 1;
        for (; j < to; j++) {
          const u = tokens[j];
          if ('expr' in u && u.expr.startsWith('range ')) depth++;
          if ('expr' in u && u.expr === 'end' && --depth === 0) break;
        }
        if (j >= to) throw new Error('range without end');
        for (const item of evalPath(scope, e.slice(6).trim())) out += render(i + 1, j, item);
        i = j;
      } else if (/^".*"$|^'.*'$/.test(e)) {
        out += e.slice(1, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t');
      } else {
        out += evalPath(scope, e).map(show).join(' ');
      }
    }
    return out;
  };
  return render(0, tokens.length, root);
}
