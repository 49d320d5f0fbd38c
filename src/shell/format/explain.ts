// What `kubectl explain` prints for a model, as kubectl v1.24's pkg/explain does: the KIND/VERSION header, the
// RESOURCE or FIELD line, the descriptions of every schema on the way (a field's own, then its type's), and the
// fields, wrapped to 80 columns by kubectl's formatter (paragraphs, lists and indented code kept).
import type { Gvk, Schema } from '../../model/api/openapi.ts';
import { utf8Length } from '../commands/util.ts';

/** Writes lines with an indentation, wrapping to `wrap` columns when asked (kubectl's explain.Formatter). */
export class Formatter {
  readonly out: string[];
  readonly indentLevel: number;
  readonly wrap: number;
  constructor(out: string[], indentLevel = 0, wrap = 0) {
    this.out = out;
    this.indentLevel = indentLevel;
    this.wrap = wrap;
  }

  indent(n: number): Formatter {
    return new Formatter(this.out, this.indentLevel + n, this.wrap);
  }

  write(line: string): void {
    this.out.push(line === '' ? '\n' : `${' '.repeat(this.indentLevel)}${line}\n`);
  }

  writeWrapped(text: string): void {
    if (this.wrap === 0) return this.write(text);
    for (const line of wrapString(text, this.wrap - this.indentLevel)) this.write(line);
  }
}

const BULLET = /^(\d+\.?|-|\*)\s/;

function startsNewLine(lastWord: string, line: string): boolean {
  if (lastWord.endsWith(':')) return true;
  if (line.startsWith('    ')) return true;
  const trimmed = line.trim();
  return trimmed === '' || BULLET.test(trimmed);
}

/** Go's strings.Fields: words split on any run of Unicode white space. */
const fields = (s: string) => s.split(/[ \t\n\v\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter((w) => w !== '');

/**
 * kubectl's wrapString: words joined into lines of at most `wrap` columns (Go's len(), so UTF-8 bytes); a word
 * longer than that gets a line of its own.
 */
export function wrapString(text: string, wrap: number): string[] {
  const wrapped: string[] = [];
  let words: string[] = [];
  let lastWord = '';
  const flush = () => {
    if (words.length) {
      lastWord = '';
      wrapped.push(words.join(' '));
      words = [];
    }
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('    ')) {
      flush();
      wrapped.push(line);
      continue;
    }
    if (wrapped.length > 0 && line.trim() === '') {
      flush();
      wrapped.push('');
      continue;
    }
    if (startsNewLine(lastWord, line)) flush();
    for (const word of fields(line)) {
      lastWord = word;
      if (words.length && utf8Length([...words, word].join(' ')) > wrap) flush();
      words.push(word);
    }
  }
  flush();
  return wrapped;
}

/** The type name kubectl shows between < and >: Object, []Object, map[string]string, integer, '' for no type. */
export function typeName(s: Schema): string {
  switch (s.type) {
    case 'kind': return 'Object';
    case 'array': return `[]${typeName(s.sub)}`;
    case 'map': return `map[string]${typeName(s.sub)}`;
    case 'primitive': return s.name;
    case 'ref': return typeName(s.sub());
    case 'arbitrary': return '';
  }
}

export class FieldNotFound extends Error {}

/**
 * The schema at a field path (kubectl's LookupSchemaForField): through arrays, maps and references to the kind
 * that has the next field. A primitive or an untyped value ends the walk wherever the path is.
 */
export function lookupField(schema: Schema, path: string[]): Schema {
  let rest = path;
  for (let s = schema; ; ) {
    switch (s.type) {
      case 'primitive':
      case 'arbitrary':
        return s;
      case 'array':
      case 'map':
        if (rest.length === 0) return s;
        s = s.sub;
        break;
      case 'ref':
        if (rest.length === 0) return s;
        s = s.sub();
        break;
      case 'kind': {
        if (rest.length === 0) return s;
        const next = s.fields[rest[0]];
        if (!next) throw new FieldNotFound(`field "${rest[0]}" does not exist`);
        rest = rest.slice(1);
        s = next;
      }
    }
  }
}

const sortedKeys = (k: Extract<Schema, { type: 'kind' }>) => Object.keys(k.fields).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The fields of a kind, each with its type and wrapped description (kubectl's regularFieldsPrinter). */
export function printFields(w: Formatter, schema: Schema): void {
  switch (schema.type) {
    case 'array':
    case 'map': return printFields(w, schema.sub);
    case 'ref': return printFields(w, schema.sub());
    case 'kind':
      for (const key of sortedKeys(schema)) {
        const v = schema.fields[key];
        w.write(`${key}\t<${typeName(v)}>${schema.required.includes(key) ? ' -required-' : ''}`);
        w.indent(2).writeWrapped(v.description);
        w.write('');
      }
  }
}

/** Every field below a kind, three columns deeper per level, without descriptions (kubectl's recursiveFieldsPrinter). */
export function printFieldsRecursive(w: Formatter, schema: Schema, visiting = new Set<string>()): void {
  switch (schema.type) {
    case 'array':
    case 'map': return printFieldsRecursive(w, schema.sub, visiting);
    case 'ref':
      // A type already being printed further up is not expanded again (a JSONSchemaProps inside a JSONSchemaProps).
      if (visiting.has(schema.ref)) return;
      visiting.add(schema.ref);
      printFieldsRecursive(w, schema.sub(), visiting);
      visiting.delete(schema.ref);
      return;
    case 'kind':
      for (const key of sortedKeys(schema)) {
        const v = schema.fields[key];
        w.write(`${key}\t<${typeName(v)}>`);
        printFieldsRecursive(w.indent(3), v, visiting);
      }
  }
}

const apiVersion = (gvk: Gvk) => (gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version);

/** kubectl explain's whole output for a kind's model and a field path in it (PrintModelDescription). */
export function explainModel(schema: Schema, path: string[], gvk: Gvk, recursive: boolean): string {
  const out: string[] = [];
  const w = new Formatter(out, 0, 80);
  const name = path.length ? path[path.length - 1] : '';
  const descriptions: string[] = [];
  let type = '';
  const header = () => {
    w.write(`KIND:     ${gvk.kind}`);
    w.write(`VERSION:  ${apiVersion(gvk)}\n`);
  };
  const printDescription = (s: Schema) => {
    w.write('DESCRIPTION:');
    let empty = true;
    [...descriptions, s.description].forEach((d, i) => {
      if (d === '') return;
      empty = false;
      if (i !== 0) w.write('');
      w.indent(5).writeWrapped(d);
    });
    if (empty) w.indent(5).writeWrapped('<empty>');
  };
  for (let s = lookupField(schema, path); ; ) {
    switch (s.type) {
      case 'array':
      case 'map':
        descriptions.push(s.description);
        if (type === '') type = typeName(s);
        s = s.sub;
        continue;
      case 'ref':
        descriptions.push(s.description);
        s = s.sub();
        continue;
      case 'kind':
        header();
        if (type === '') type = typeName(s);
        if (name !== '') w.write(`RESOURCE: ${name} <${type}>\n`);
        printDescription(s);
        w.write('\nFIELDS:');
        if (recursive) printFieldsRecursive(w.indent(3), s);
        else printFields(w.indent(3), s);
        return out.join('');
      case 'primitive':
        header();
        if (type === '') type = typeName(s);
        w.write(`FIELD:    ${name} <${type}>\n`);
        printDescription(s);
        return out.join('');
      case 'arbitrary':
        header();
        printDescription(s);
        return out.join('');
    }
  }
}
