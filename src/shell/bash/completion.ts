// Where the cursor is, for Tab completion: the words of the simple command being typed (aliases expanded, quotes
// removed) and the partial word. The line is usually unfinished (an open quote, a `for` without `done`), so this
// is a forgiving scan, not the parser: it never fails.

export interface CompletionContext {
  /** Words of the simple command under the cursor, before the partial word (the first one alias-expanded). */
  words: string[];
  /** The word being completed, quotes removed ('' right after a blank). */
  partial: string;
}

/** Words after which a new command starts. */
const COMMAND_STARTERS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '{', '!', 'time']);

export function completionContext(lineBeforeCursor: string, aliases: ReadonlyMap<string, string>, lookupVar: (name: string) => string | undefined): CompletionContext {
  let words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  const endWord = () => {
    if (word === null) return;
    // Reserved words and NAME=value prefixes come before the command name; they are not its words.
    if (words.length === 0 && (COMMAND_STARTERS.has(word) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word))) words = [];
    else words.push(word);
    word = null;
  };
  const s = lineBeforeCursor;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < s.length) word += s[++i];
      else if (c === '$') i = variable(s, i, (v) => (word += v), lookupVar);
      else word += c;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      continue;
    }
    if (c === '|' || c === '&' || c === ';' || c === '\n' || c === '(' || c === ')') {
      endWord();
      words = [];
      continue;
    }
    if (c === '<' || c === '>') {
      endWord();
      continue;
    }
    word ??= '';
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < s.length) word += s[++i];
    else if (c === '$') i = variable(s, i, (v) => (word += v), lookupVar);
    else word += c;
  }
  const partial = word ?? '';
  if (words.length > 0) {
    const alias = aliases.get(words[0]!);
    if (alias !== undefined) words = [...alias.split(/\s+/).filter(Boolean), ...words.slice(1)];
  }
  return { words, partial };
}

/** $NAME or ${NAME} at s[i]: appends its value, returns the index of its last character. */
function variable(s: string, i: number, append: (v: string) => void, lookupVar: (name: string) => string | undefined): number {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(s.slice(i));
  if (!m) {
    append('$');
    return i;
  }
  append(lookupVar(m[1] ?? m[2]!) ?? '');
  return i + m[0].length - 1;
}
