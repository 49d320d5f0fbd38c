// What a bash process remembers between commands: variables (scalars, indexed and associative arrays, their
// attributes), functions, positional parameters, `set` options and $?. A subshell (`( … )`, `$(…)`, a pipeline
// stage, a background job) works on a fork, so its changes do not leak, as with bash's fork().
//
// Scalars of the outermost shell live in Session.env (the lab's $N1, $PODNAME1 … come from there). `local` uses
// bash's own scheme, dynamic scoping by saving: the function's frame remembers the outer value and puts it back
// when the function returns.

import type { FunctionDef } from './ast.ts';

export interface ShellOptions {
  errexit: boolean;
  nounset: boolean;
  pipefail: boolean;
  xtrace: boolean;
  noglob: boolean;
}

type Saved = { scalar?: string; array?: (string | undefined)[]; assoc?: Map<string, string>; attrs: string };

/** A variable's value while it is hidden by a `local` of the same name. */
interface Frame {
  saved: Map<string, Saved>;
}

/** Reads fall through to the parent for names not set or unset here (the lab's computed $PODNAME1 …). */
class ForkedMap extends Map<string, string> {
  private readonly parent: Map<string, string>;
  private readonly removed = new Set<string>();
  constructor(parent: Map<string, string>) {
    super(parent);
    this.parent = parent;
  }
  override get(key: string): string | undefined {
    const own = super.get(key);
    if (own !== undefined || this.removed.has(key)) return own;
    return this.parent.get(key);
  }
  override has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  override set(key: string, value: string): this {
    this.removed?.delete(key);
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    this.removed.add(key);
    return super.delete(key);
  }
}

export class ShellState {
  vars: Map<string, string>;
  arrays = new Map<string, (string | undefined)[]>();
  assoc = new Map<string, Map<string, string>>();
  /** Attribute letters per name, as declare prints them: r (readonly), x (exported), i (integer). */
  attrs = new Map<string, string>();
  functions = new Map<string, FunctionDef>();
  positional: string[] = [];
  frames: Frame[] = [];
  options: ShellOptions = { errexit: false, nounset: false, pipefail: false, xtrace: false, noglob: false };
  lastStatus = 0;
  /** $! */
  lastBackgroundPid?: number;
  /** True in ( … ), $(…), pipeline stages and background jobs: `exit` ends only the subshell. */
  subshell = false;
  /** $RANDOM's generator state: a fixed seed keeps runs reproducible (the model has no Math.random()). */
  private randomState = 4242;

  /** The next $RANDOM, 0–32767 (a linear congruential generator, as bash's own is). */
  nextRandom(): number {
    this.randomState = (this.randomState * 1103515245 + 12345) % 2 ** 31;
    return (this.randomState >> 16) & 0x7fff;
  }

  constructor(vars: Map<string, string>) {
    this.vars = vars;
  }

  fork(): ShellState {
    const s = new ShellState(new ForkedMap(this.vars));
    for (const [k, v] of this.arrays) s.arrays.set(k, [...v]);
    for (const [k, v] of this.assoc) s.assoc.set(k, new Map(v));
    s.attrs = new Map(this.attrs);
    s.functions = new Map(this.functions);
    s.positional = [...this.positional];
    // A subshell never returns from the functions it was forked in (`return` ends the subshell), so only the
    // innermost frame can change in it (`local`); the outer ones are shared, or deep recursion through pipes
    // would copy every frame at every fork.
    s.frames = this.frames.map((f, i, all) => (i === all.length - 1 ? { saved: new Map(f.saved) } : f));
    s.options = { ...this.options };
    s.lastStatus = this.lastStatus;
    s.lastBackgroundPid = this.lastBackgroundPid;
    s.subshell = true;
    s.randomState = this.randomState;
    return s;
  }

  hasAttr(name: string, letter: string): boolean {
    return this.attrs.get(name)?.includes(letter) ?? false;
  }

  addAttr(name: string, letters: string): void {
    let a = this.attrs.get(name) ?? '';
    for (const l of letters) if (!a.includes(l)) a += l;
    this.attrs.set(name, a);
  }

  removeAttr(name: string, letters: string): void {
    const a = [...(this.attrs.get(name) ?? '')].filter((l) => !letters.includes(l)).join('');
    if (a) this.attrs.set(name, a);
    else this.attrs.delete(name);
  }

  isSet(name: string): boolean {
    return this.vars.get(name) !== undefined || this.arrays.has(name) || this.assoc.has(name);
  }

  /** $name: a scalar, or element 0 of an indexed array, or element "0" of an associative one. */
  get(name: string): string | undefined {
    const arr = this.arrays.get(name);
    if (arr) return arr[0];
    const map = this.assoc.get(name);
    if (map) return map.get('0');
    return this.vars.get(name);
  }

  /** Sets a scalar (or element 0 of an array). The caller has checked readonly. */
  set(name: string, value: string): void {
    const arr = this.arrays.get(name);
    if (arr) arr[0] = value;
    else if (this.assoc.has(name)) this.assoc.get(name)!.set('0', value);
    else this.vars.set(name, value);
  }

  getElement(name: string, key: string | number): string | undefined {
    const map = this.assoc.get(name);
    if (map) return map.get(String(key));
    const arr = this.arrays.get(name);
    const i = Number(key);
    if (!arr) return i === 0 ? this.vars.get(name) : undefined;
    return arr[i < 0 ? arr.length + i : i];
  }

  setElement(name: string, key: string | number, value: string): void {
    const map = this.assoc.get(name);
    if (map) {
      map.set(String(key), value);
      return;
    }
    let arr = this.arrays.get(name);
    if (!arr) {
      const scalar = this.vars.get(name);
      arr = scalar === undefined ? [] : [scalar];
      this.vars.delete(name);
      this.arrays.set(name, arr);
    }
    const i = Number(key);
    arr[i < 0 ? arr.length + i : i] = value;
  }

  /** Every element's value in index order (set ones only), for ${a[@]}. */
  values(name: string): string[] {
    const map = this.assoc.get(name);
    if (map) return [...map.values()];
    const arr = this.arrays.get(name);
    if (arr) return arr.filter((v): v is string => v !== undefined);
    const v = this.vars.get(name);
    return v === undefined ? [] : [v];
  }

  /** ${!a[@]} */
  keys(name: string): string[] {
    const map = this.assoc.get(name);
    if (map) return [...map.keys()];
    const arr = this.arrays.get(name);
    if (arr) return arr.flatMap((v, i) => (v === undefined ? [] : [String(i)]));
    return this.vars.get(name) === undefined ? [] : ['0'];
  }

  unset(name: string): void {
    this.vars.delete(name);
    this.arrays.delete(name);
    this.assoc.delete(name);
    this.attrs.delete(name);
  }

  /** `local NAME`: remember the outer value in the current function's frame (once). */
  makeLocal(name: string): void {
    const frame = this.frames.at(-1);
    if (!frame || frame.saved.has(name)) return;
    frame.saved.set(name, {
      scalar: this.vars.get(name),
      array: this.arrays.get(name),
      assoc: this.assoc.get(name),
      attrs: this.attrs.get(name) ?? '',
    });
    this.vars.delete(name);
    this.arrays.delete(name);
    this.assoc.delete(name);
    this.attrs.delete(name);
  }

  pushFrame(): void {
    this.frames.push({ saved: new Map() });
  }

  /** A function returned: its locals disappear and the outer values come back. */
  popFrame(): void {
    const frame = this.frames.pop();
    if (!frame) return;
    for (const [name, s] of frame.saved) {
      this.vars.delete(name);
      this.arrays.delete(name);
      this.assoc.delete(name);
      this.attrs.delete(name);
      if (s.scalar !== undefined) this.vars.set(name, s.scalar);
      if (s.array) this.arrays.set(name, s.array);
      if (s.assoc) this.assoc.set(name, s.assoc);
      if (s.attrs) this.attrs.set(name, s.attrs);
    }
  }
}
