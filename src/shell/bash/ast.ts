// The syntax tree of a bash command line, as parser.ts builds it and interpreter.ts runs it.
// Names follow bash's grammar (parse.y): a list of and-or lists of pipelines of commands; words keep their
// quoting as parts so that expansion (expand.ts) can tell quoted text from text that is split and globbed.

// ---------------------------------------------------------------- words

/** One piece of a word. Quoted pieces are never split or globbed; unquoted expansions are. */
export type WordPart =
  /** Unquoted text as typed: brace expansion, tilde expansion and globbing apply. */
  | { type: 'lit'; text: string }
  /** Text that quoting made literal: '…', $'…', a backslash-escaped character, text inside "…". */
  | { type: 'quoted'; text: string }
  /** "…": its parts are expanded but not split or globbed. */
  | { type: 'dq'; parts: WordPart[] }
  | ParamPart
  /** $(…) or `…`, parsed once when the line is read. */
  | { type: 'cmd'; body: List }
  /** $((…)): the expression text, expanded (variables, $(…)) before it is evaluated, as bash does. */
  | { type: 'arith'; expr: Word };

export type ParamOp =
  | { kind: 'default'; colon: boolean; word: Word } // ${x:-w} ${x-w}
  | { kind: 'assign'; colon: boolean; word: Word } // ${x:=w}
  | { kind: 'alternative'; colon: boolean; word: Word } // ${x:+w}
  | { kind: 'error'; colon: boolean; word: Word } // ${x:?w}
  | { kind: 'removePrefix'; longest: boolean; pattern: Word } // ${x#p} ${x##p}
  | { kind: 'removeSuffix'; longest: boolean; pattern: Word } // ${x%p} ${x%%p}
  | { kind: 'replace'; all: boolean; anchor: '' | '#' | '%'; pattern: Word; replacement: Word } // ${x/p/r} ${x//p/r}
  | { kind: 'case'; upper: boolean; all: boolean } // ${x^} ${x^^} ${x,} ${x,,}
  | { kind: 'substring'; offset: Word; length?: Word }; // ${x:off:len}

/** $name, ${name}, ${name[i]}, ${#name}, ${!name} and the operators above. */
export interface ParamPart {
  type: 'param';
  /** A variable name, a positional number, or a special parameter: ? $ ! # @ * - 0. */
  name: string;
  /** ${a[i]}: the subscript as a word; '@' or '*' for every element. */
  index?: Word | '@' | '*';
  /** ${#x}: the length. */
  length?: boolean;
  /** ${!x}: the value of the variable whose name is x's value. ${!a[@]}: the array's indices. */
  indirect?: boolean;
  op?: ParamOp;
  /** ${…} that bash cannot read: an error when it is expanded ("bad substitution"), as in bash. */
  bad?: string;
}

export interface Word {
  parts: WordPart[];
  /** The word as typed, for messages, alias and reserved-word checks, heredoc delimiters. */
  raw: string;
}

// ---------------------------------------------------------------- commands

export type RedirectOp = '>' | '>>' | '>|' | '<' | '<>' | '>&' | '<&' | '&>' | '&>>' | '<<<' | '<<' | '<<-';

export interface Redirect {
  /** The descriptor redirected; undefined means the operator's default (0 for <, 1 for >). */
  fd?: number;
  op: RedirectOp;
  /** The target word; for a heredoc, its body (filled in when the body lines are read). */
  target: Word;
  /** Heredoc with a quoted delimiter: the body is not expanded. */
  literalBody?: boolean;
}

export interface Assignment {
  name: string;
  /** a[i]=v */
  index?: Word;
  /** a+=v */
  append: boolean;
  /** NAME=value; undefined for NAME=(…) */
  value?: Word;
  /** NAME=(a b c) */
  array?: Word[];
}

export interface SimpleCommand {
  type: 'simple';
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

export interface CaseItem {
  patterns: Word[];
  body: List;
  /** ;; ends the case, ;& runs the next body too, ;;& tests the next patterns. */
  terminator: ';;' | ';&' | ';;&';
}

export type CompoundBody =
  | { type: 'group'; body: List } // { …; }
  | { type: 'subshell'; body: List } // ( … )
  | { type: 'for'; name: string; words?: Word[]; body: List } // words undefined: "$@"
  | { type: 'cfor'; init: string; test: string; update: string; body: List } // for ((…;…;…))
  | { type: 'while'; until: boolean; test: List; body: List }
  | { type: 'if'; clauses: { test: List; body: List }[]; elseBody?: List }
  | { type: 'case'; subject: Word; items: CaseItem[] }
  | { type: 'arith'; expr: Word } // (( … ))
  | { type: 'cond'; expr: CondExpr }; // [[ … ]]

export type CompoundCommand = CompoundBody & { redirects: Redirect[] };

export interface FunctionDef {
  type: 'function';
  name: string;
  body: CompoundCommand;
}

export type Command = SimpleCommand | CompoundCommand | FunctionDef;

/** [[ … ]] expressions. */
export type CondExpr =
  | { type: 'and' | 'or'; left: CondExpr; right: CondExpr }
  | { type: 'not'; expr: CondExpr }
  | { type: 'unary'; op: string; arg: Word }
  | { type: 'binary'; op: string; left: Word; right: Word }
  | { type: 'word'; word: Word };

export interface Pipeline {
  /** `! pipeline` */
  negated: boolean;
  commands: Command[];
  /** Per command but the last: `|&` also sends its stderr down the pipe. */
  stderrToPipe: boolean[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  /** Ended with `&`. */
  background: boolean;
  /** The text of this and-or list as typed, for `jobs` and `[1]+ Done …`. */
  text: string;
}

export interface List {
  items: AndOr[];
}
