import { describe, expect, it } from 'vitest';
import { joinLines, parseOptions, splitLines, splitLinesKeepEnds } from '../../../src/shell/commands/util.ts';

describe('parseOptions (GNU getopt_long)', () => {
  const spec = { flags: 'rnv', valued: 'kt', long: { reverse: 'r', key: 'k', 'field-separator': 't' } };

  it('reads clusters, attached and detached values, long options and permuted operands', () => {
    const r = parseOptions(['-rn', 'file', '-k2', '-t', ':', '--key=3', '--rev', '--', '-v'], spec);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.opts.flags].sort()).toEqual(['k', 'n', 'r', 't']);
    expect(r.opts.values.get('k')).toEqual(['2', '3']);
    expect(r.opts.values.get('t')).toEqual([':']);
    expect(r.opts.operands).toEqual(['file', '-v']);
  });

  it('a lone - is an operand', () => {
    const r = parseOptions(['-', '-r'], spec);
    expect(r.ok && r.opts.operands).toEqual(['-']);
  });

  it("errors in getopt's wording", () => {
    expect(parseOptions(['-x'], spec)).toEqual({ ok: false, message: "invalid option -- 'x'" });
    expect(parseOptions(['-k'], spec)).toEqual({ ok: false, message: "option requires an argument -- 'k'" });
    expect(parseOptions(['--nope'], spec)).toEqual({ ok: false, message: "unrecognized option '--nope'" });
    expect(parseOptions(['--key'], spec)).toEqual({ ok: false, message: "option '--key' requires an argument" });
  });

  it('stops at the first operand when asked (watch CMD -n …)', () => {
    const r = parseOptions(['-n', '1', 'ls', '-r'], { valued: 'n', flags: 'r', stopAtFirstOperand: true });
    expect(r.ok && r.opts.operands).toEqual(['ls', '-r']);
  });
});

describe('lines', () => {
  it('a final newline does not make an empty line; empty text has none', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('\n')).toEqual(['']);
    expect(joinLines(['a', 'b'])).toBe('a\nb\n');
    expect(splitLinesKeepEnds('a\nb')).toEqual(['a\n', 'b']);
  });
});
