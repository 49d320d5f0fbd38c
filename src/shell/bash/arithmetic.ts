// Shell arithmetic as bash evaluates $(( )), (( )), let and for ((…)): 64-bit signed integers that wrap, C's
// operators and precedence plus `**`, variables read by name (a value that is itself an expression is evaluated,
// as bash does: x="1+2"; $((x*2)) is 6) and assigned by `=`, `+=`, `++` …
// Expressions are parsed once into a tree (cached by text: loops evaluate the same text again and again) and then
// evaluated, so that && || ?: skip the side effects of the branch not taken.
// Errors carry bash's wording and its "error token" (the rest of the expression from where it went wrong).

export interface ArithVars {
  get(name: string, index?: bigint): string | undefined;
  set(name: string, value: string, index?: bigint): void;
}

export class ArithError extends Error {}

type Node =
  | { t: 'num'; v: bigint }
  | { t: 'var'; name: string; index?: Node; at: number }
  | { t: 'unary'; op: string; e: Node; at: number }
  | { t: 'incdec'; op: '++' | '--'; prefix: boolean; target: Node & { t: 'var' }; at: number }
  | { t: 'bin'; op: string; l: Node; r: Node; at: number }
  | { t: 'assign'; op: string; target: Node & { t: 'var' }; r: Node }
  | { t: 'cond'; c: Node; a: Node; b: Node }
  | { t: 'comma'; l: Node; r: Node };

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};
const ASSIGN_OPS = new Set(['=', '*=', '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|=']);
const TOKEN_RE = /\s*(?:(0[xX][0-9a-fA-F]*|\d+#[0-9a-zA-Z@_]+|\d[0-9a-zA-Z]*)|([A-Za-z_][A-Za-z0-9_]*)|(<<=|>>=|\*\*|\+\+|--|&&|\|\||<<|>>|<=|>=|==|!=|[*/%+\-&^|]=|[-+*/%()<>=!~&^|?:,[\]]))/y;

interface Token {
  kind: 'num' | 'name' | 'op' | 'end';
  text: string;
  at: number;
}

class ArithParser {
  private readonly src: string;
  private pos = 0;
  private tok!: Token;
  /** Where the previous token started: bash names it as the error token when the expression ends too early. */
  private prevAt = 0;

  constructor(src: string) {
    this.src = src;
    this.advance();
  }

  /** The current token (a method, so that TypeScript does not narrow it across advance()). */
  private t(): Token {
    return this.tok;
  }

  private fail(message: string, at = this.tok.at): never {
    throw new ArithError(`${this.src}: ${message} (error token is "${this.src.slice(at)}")`);
  }

  private advance(): void {
    if (this.tok) this.prevAt = this.tok.at;
    TOKEN_RE.lastIndex = this.pos;
    const m = TOKEN_RE.exec(this.src);
    if (!m) {
      const rest = this.src.slice(this.pos);
      if (rest.trim() === '') this.tok = { kind: 'end', text: '', at: this.src.length };
      else {
        const at = this.pos + (rest.length - rest.trimStart().length);
        this.tok = { kind: 'op', text: this.src[at]!, at };
        this.fail('syntax error: invalid arithmetic operator', at);
      }
      return;
    }
    const text = m[1] ?? m[2] ?? m[3]!;
    const at = m.index + m[0].length - text.length;
    this.pos = m.index + m[0].length;
    this.tok = { kind: m[1] ? 'num' : m[2] ? 'name' : 'op', text, at };
  }

  parseAll(): Node | undefined {
    if (this.tok.kind === 'end') return undefined;
    const n = this.comma();
    if (this.t().kind !== 'end') this.fail('syntax error in expression');
    return n;
  }

  private comma(): Node {
    let l = this.assignment();
    while (this.tok.text === ',' && this.tok.kind === 'op') {
      this.advance();
      l = { t: 'comma', l, r: this.assignment() };
    }
    return l;
  }

  private assignment(): Node {
    const start = this.tok.at;
    const left = this.conditional();
    if (this.tok.kind === 'op' && ASSIGN_OPS.has(this.tok.text)) {
      const op = this.tok.text;
      if (left.t !== 'var') this.fail('attempted assignment to non-variable', this.tok.at);
      this.advance();
      void start;
      return { t: 'assign', op, target: left, r: this.assignment() };
    }
    return left;
  }

  private conditional(): Node {
    const c = this.binary(1);
    if (this.tok.kind === 'op' && this.tok.text === '?') {
      this.advance();
      const a = this.assignment();
      if (this.t().text !== ':') this.fail("`:' expected for conditional expression");
      this.advance();
      const b = this.assignment();
      return { t: 'cond', c, a, b };
    }
    return c;
  }

  private binary(min: number): Node {
    let l = this.power();
    for (;;) {
      const op = this.tok.text;
      const prec = this.tok.kind === 'op' ? BINARY_PRECEDENCE[op] : undefined;
      if (prec === undefined || prec < min) return l;
      const at = this.tok.at;
      this.advance();
      l = { t: 'bin', op, l, r: this.binary(prec + 1), at };
    }
  }

  // bash binds unary minus tighter than ** (-2**2 is 4) and ** to the right.
  private power(): Node {
    const base = this.unary();
    if (this.tok.kind === 'op' && this.tok.text === '**') {
      const at = this.tok.at;
      this.advance();
      return { t: 'bin', op: '**', l: base, r: this.power(), at };
    }
    return base;
  }

  private unary(): Node {
    const { text, kind, at } = this.tok;
    if (kind === 'op' && (text === '!' || text === '~' || text === '-' || text === '+')) {
      this.advance();
      return { t: 'unary', op: text, e: this.unary(), at };
    }
    if (kind === 'op' && (text === '++' || text === '--')) {
      this.advance();
      const target = this.unary();
      if (target.t !== 'var') this.fail('syntax error: operand expected', at);
      return { t: 'incdec', op: text, prefix: true, target, at };
    }
    return this.postfix();
  }

  private postfix(): Node {
    const n = this.primary();
    if (n.t === 'var' && this.tok.kind === 'op' && (this.tok.text === '++' || this.tok.text === '--')) {
      const op = this.tok.text;
      const at = this.tok.at;
      this.advance();
      return { t: 'incdec', op, prefix: false, target: n, at };
    }
    return n;
  }

  private primary(): Node {
    const { kind, text, at } = this.tok;
    if (kind === 'num') {
      this.advance();
      return { t: 'num', v: parseNumber(text, () => this.fail('value too great for base', at)) };
    }
    if (kind === 'name') {
      this.advance();
      if (this.tok.kind === 'op' && this.tok.text === '[') {
        this.advance();
        if (this.t().kind === 'end') this.fail('bad array subscript', at);
        const index = this.comma();
        if (this.t().text !== ']') this.fail('bad array subscript', at);
        this.advance();
        return { t: 'var', name: text, index, at };
      }
      return { t: 'var', name: text, at };
    }
    if (kind === 'op' && text === '(') {
      this.advance();
      const e = this.comma();
      if (this.tok.text !== ')') this.fail('missing `)\'');
      this.advance();
      return e;
    }
    this.fail('syntax error: operand expected', kind === 'end' ? this.prevAt : at);
  }
}

/** A numeric constant as bash reads it: 0x1F, 017 (octal), 2#101, 64#z. */
function parseNumber(text: string, tooGreat: () => never): bigint {
  let base = 10;
  let digits = text;
  if (/^0[xX]/.test(text)) {
    base = 16;
    digits = text.slice(2);
  } else if (text.includes('#')) {
    const [b, d] = text.split('#') as [string, string];
    base = Number(b);
    digits = d;
    if (base < 2 || base > 64) tooGreat();
  } else if (text.length > 1 && text.startsWith('0')) {
    base = 8;
    digits = text.slice(1);
  }
  let v = 0n;
  for (const c of digits) {
    let d: number;
    if (c >= '0' && c <= '9') d = c.charCodeAt(0) - 48;
    else if (c >= 'a' && c <= 'z') d = c.charCodeAt(0) - 97 + 10;
    else if (c >= 'A' && c <= 'Z') d = base <= 36 ? c.charCodeAt(0) - 65 + 10 : c.charCodeAt(0) - 65 + 36;
    else if (c === '@') d = 62;
    else d = 63; // _
    if (d >= base) tooGreat();
    v = v * BigInt(base) + BigInt(d);
  }
  return BigInt.asIntN(64, v);
}

const cache = new Map<string, Node | undefined>();
const CACHE_LIMIT = 500;

function parse(expr: string): Node | undefined {
  if (cache.has(expr)) return cache.get(expr);
  const node = new ArithParser(expr).parseAll();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expr, node);
  return node;
}

const wrap = (v: bigint) => BigInt.asIntN(64, v);

/** Evaluates an (already expanded) arithmetic expression; throws ArithError with bash's message. */
export function evaluateArithmetic(expr: string, vars: ArithVars, depth = 0): bigint {
  const node = parse(expr);
  if (!node) return 0n;
  const fail = (message: string, at: number): never => {
    throw new ArithError(`${expr}: ${message} (error token is "${expr.slice(at)}")`);
  };

  const readVar = (n: Node & { t: 'var' }): bigint => {
    const index = n.index ? ev(n.index) : undefined;
    const value = vars.get(n.name, index);
    if (value === undefined || value.trim() === '') return 0n;
    if (/^\s*-?\d+\s*$/.test(value)) return wrap(BigInt(value.trim()));
    if (depth > 64) fail('expression recursion level exceeded', n.at);
    return evaluateArithmetic(value.trim(), vars, depth + 1);
  };
  const writeVar = (n: Node & { t: 'var' }, v: bigint): bigint => {
    vars.set(n.name, String(v), n.index ? ev(n.index) : undefined);
    return v;
  };

  const binop = (op: string, l: bigint, r: bigint, at: number): bigint => {
    switch (op) {
      case '+': return wrap(l + r);
      case '-': return wrap(l - r);
      case '*': return wrap(l * r);
      case '/':
      case '%':
        if (r === 0n) fail('division by 0', at + 1 + (expr.slice(at + 1).length - expr.slice(at + 1).trimStart().length));
        if (op === '/') return wrap(l / r);
        return wrap(l % r);
      case '**':
        if (r < 0n) fail('exponent less than 0', at + 2 + (expr.slice(at + 2).length - expr.slice(at + 2).trimStart().length));
        return wrap(powMod(l, r));
      case '<<': return wrap(l << (r & 63n));
      case '>>': return wrap(l >> (r & 63n));
      case '&': return l & r;
      case '|': return l | r;
      case '^': return l ^ r;
      case '<': return l < r ? 1n : 0n;
      case '>': return l > r ? 1n : 0n;
      case '<=': return l <= r ? 1n : 0n;
      case '>=': return l >= r ? 1n : 0n;
      case '==': return l === r ? 1n : 0n;
      case '!=': return l !== r ? 1n : 0n;
      default: return fail('syntax error in expression', at);
    }
  };

  const ev = (n: Node): bigint => {
    switch (n.t) {
      case 'num': return n.v;
      case 'var': return readVar(n);
      case 'unary': {
        const v = ev(n.e);
        if (n.op === '-') return wrap(-v);
        if (n.op === '+') return v;
        if (n.op === '!') return v === 0n ? 1n : 0n;
        return ~v;
      }
      case 'incdec': {
        const old = readVar(n.target);
        const next = wrap(n.op === '++' ? old + 1n : old - 1n);
        writeVar(n.target, next);
        return n.prefix ? next : old;
      }
      case 'bin':
        if (n.op === '&&') return ev(n.l) !== 0n && ev(n.r) !== 0n ? 1n : 0n;
        if (n.op === '||') return ev(n.l) !== 0n || ev(n.r) !== 0n ? 1n : 0n;
        return binop(n.op, ev(n.l), ev(n.r), n.at);
      case 'assign': {
        const r = ev(n.r);
        if (n.op === '=') return writeVar(n.target, r);
        return writeVar(n.target, binop(n.op.slice(0, -1), readVar(n.target), r, n.target.at));
      }
      case 'cond': return ev(n.c) !== 0n ? ev(n.a) : ev(n.b);
      case 'comma':
        ev(n.l);
        return ev(n.r);
    }
  };
  return ev(node);
}

/** Exponentiation by squaring, wrapping at 64 bits on the way (2**64 would otherwise be a huge BigInt). */
function powMod(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = wrap(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = wrap(result * b);
    b = wrap(b * b);
    e >>= 1n;
  }
  return result;
}
