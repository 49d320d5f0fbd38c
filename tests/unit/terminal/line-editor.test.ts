// The terminal's line editing, fed the byte sequences xterm.js sends for each key.
import { describe, expect, it } from 'vitest';
import { charWidth, LineEditor, textWidth } from '../../../src/terminal/line-editor.ts';

function type(editor: LineEditor, ...keys: string[]) {
  return keys.map((k) => editor.input(k));
}

describe('line editor', () => {
  it('inserts, moves and edits like readline', () => {
    const e = new LineEditor('$ ');
    type(e, 'kubectl get pod');
    expect(e.line).toBe('kubectl get pod');
    type(e, '\x01', 'x', '\x05', 's'); // Ctrl-A, insert, Ctrl-E, append
    expect(e.line).toBe('xkubectl get pods');
    type(e, '\x1b[H', '\x1b[3~'); // Home, Delete
    expect(e.line).toBe('kubectl get pods');
    type(e, '\x17'); // Ctrl-W from the start deletes nothing
    type(e, '\x05', '\x17'); // End, Ctrl-W
    expect(e.line).toBe('kubectl get ');
    type(e, '\x1b[D', '\x1b[D', '\x0b'); // Left Left Ctrl-K
    expect(e.line).toBe('kubectl ge');
    type(e, '\x15'); // Ctrl-U
    expect(e.line).toBe('');
  });

  it('submits on Enter, keeps history, and walks it with Up and Down', () => {
    const e = new LineEditor('$ ');
    expect(e.input('echo one\r').submit).toBe('echo one');
    expect(e.input('echo two\r').submit).toBe('echo two');
    type(e, 'draft');
    type(e, '\x1b[A');
    expect(e.line).toBe('echo two');
    type(e, '\x1b[A', '\x1b[A');
    expect(e.line).toBe('echo one');
    type(e, '\x1b[B', '\x1b[B');
    expect(e.line).toBe('draft');
  });

  it('keeps the rest of a multi-line paste for after the first line has run', () => {
    const e = new LineEditor('$ ');
    const out = e.input('echo a\necho b\n');
    expect(out.submit).toBe('echo a');
    expect(out.pending).toBe('echo b\n');
  });

  it('abandons the line on Ctrl-C and asks for a clear screen on Ctrl-L', () => {
    const e = new LineEditor('$ ');
    type(e, 'half a command');
    const out = e.input('\x03');
    expect(out).toMatchObject({ interrupt: true, write: '^C\r\n' });
    expect(e.line).toBe('');
    expect(e.input('\x0c').clear).toBe(true);
  });

  it('completes the word before the cursor, or lists the choices', () => {
    const e = new LineEditor('$ ');
    e.complete = (line) => (line.endsWith('kubectl ge') ? ['get'] : /de?$/.test(line) ? ['deploy', 'describe'] : []);
    type(e, 'kubectl ge', '\t');
    expect(e.line).toBe('kubectl get ');
    type(e, 'd', '\t');
    // First the common prefix, as bash does; then the list.
    expect(e.line).toBe('kubectl get de');
    expect(e.input('\t').write).toBe('\r\ndeploy  describe\r\n$ kubectl get de');
  });

  it('counts wide characters as two columns, so Korean text edits cleanly', () => {
    expect(charWidth('안')).toBe(2);
    expect(charWidth('a')).toBe(1);
    expect(textWidth('echo 안녕')).toBe(9);
    const e = new LineEditor('$ ');
    // An IME delivers the composed syllables as one chunk.
    type(e, 'echo ', '안녕');
    expect(e.line).toBe('echo 안녕');
    const back = e.input('\x1b[D');
    expect(back.write).toBe('\x1b[2D');
    const del = e.input('\x7f');
    expect(e.line).toBe('echo 녕');
    expect(del.write).toBe('\x1b[2D녕  \x1b[4D');
  });
});
