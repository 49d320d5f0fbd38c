// printf as bash 5.2's builtin prints it (expected values checked against bash 5.2.15 with LC_ALL=C.UTF-8).
import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';
import { fixed, general, longDoubleOf, scientific } from '../../../src/shell/commands/printf.ts';

const run = (line: string) => fakeShell().shell.run(line);
const out = (line: string) => run(line).output;

describe('printf', () => {
  it('reuses the format until the arguments run out; missing ones are empty or zero', () => {
    expect(out("printf '%d-%d\\n' 1 2 3 4 5")).toBe('1-2\n3-4\n5-0\n');
    expect(out("printf '%s %s\\n' a b c")).toBe('a b\nc \n');
    expect(out("printf 'x\\n' a b")).toBe('x\n');
    expect(out("printf '%s\\n'")).toBe('\n');
  });

  it('integers: flags, widths, precision, bases, 64-bit wrap of negatives', () => {
    expect(out("printf '%.3d|%+d|% d|%05d|%-5d|%#x|%#o\\n' 5 5 5 -5 5 255 8")).toBe('005|+5| 5|-0005|5    |0xff|010\n');
    expect(out("printf '%u %x %o\\n' -1 -1 -1")).toBe('18446744073709551615 ffffffffffffffff 1777777777777777777777\n');
    expect(out("printf '%i %d %d\\n' 0x1F 017 \"'A\"")).toBe('31 15 65\n');
    expect(out("printf '%*d|%-*d|%.*f\\n' 5 1 4 2 2 3.14159")).toBe('    1|2   |3.14\n');
  });

  it('floats as glibc prints long doubles: exact rounding, half to even on ties', () => {
    expect(out("printf '%.0f %.0f %.0f\\n' 0.5 1.5 2.5")).toBe('0 2 2\n');
    expect(out("printf '%e %g %G %f\\n' 1234.5678 0.0001234 1e20 3")).toBe('1.234568e+03 0.0001234 1E+20 3.000000\n');
    expect(out("printf '%g %g %g %g\\n' 100000 1000000 0.0001 123456789")).toBe('100000 1e+06 0.0001 1.23457e+08\n');
    expect(out("printf '%.15g %.17g\\n' 0.1 0.1")).toBe('0.1 0.1\n');
    expect(out("printf '%#g %#.3e\\n' 1 1")).toBe('1.00000 1.000e+00\n');
    expect(out("printf '%f %f\\n' inf -inf")).toBe('inf -inf\n');
  });

  it('strings, characters, %b escapes (\\c stops everything), %q quoting', () => {
    expect(out("printf '%5.2s|%-5s|\\n' abc de")).toBe('   ab|de   |\n');
    expect(out("printf '%5s|%-5s|\\n' é é")).toBe('   é|é   |\n'); // widths count bytes
    expect(out("printf '%b\\n' '\\101 \\0101 \\x41'")).toBe('A A A\n');
    expect(out("printf '%b|\\n' 'a\\cb' c")).toBe('a');
    expect(out("printf '%q\\n' 'a b' \"it's\" '' '~x' 'x=~y' '#a' 'a#b'")).toBe("a\\ b\nit\\'s\n''\n\\~x\nx=\\~y\n\\#a\na#b\n");
    expect(out("printf '%q\\n' \"$(printf 'tab\\tx')\"")).toBe("$'tab\\tx'\n");
    expect(out("printf 'a\\tb\\\\c\\101\\n'")).toBe('a\tb\\cA\n');
  });

  it('bash\'s messages and exit codes', () => {
    expect(run("printf '%d\\n' abc")).toMatchObject({ output: '0\nbash: printf: abc: invalid number\n', exitCode: 1 });
    expect(run("printf '%d\\n' 12abc")).toMatchObject({ output: '12\nbash: printf: 12abc: invalid number\n', exitCode: 1 });
    expect(run("printf '%d\\n' 08")).toMatchObject({ output: '0\nbash: printf: 08: invalid octal number\n', exitCode: 1 });
    expect(run("printf '%d\\n' 99999999999999999999")).toMatchObject({
      output: '9223372036854775807\nbash: printf: warning: 99999999999999999999: Numerical result out of range\n',
      exitCode: 0,
    });
    expect(run("printf '%y\\n'")).toMatchObject({ output: "bash: printf: `y': invalid format character\n", exitCode: 1 });
    expect(run('printf')).toMatchObject({ output: 'printf: usage: printf [-v var] format [arguments]\n', exitCode: 2 });
    expect(run('printf -v 1x hi')).toMatchObject({ output: "bash: printf: `1x': not a valid identifier\n", exitCode: 2 });
  });

  it('-v VAR sets a shell variable instead of printing', () => {
    const { shell, session } = fakeShell();
    expect(shell.run("printf -v greeting 'hello %s' world").output).toBe('');
    expect(session.env.get('greeting')).toBe('hello world');
  });
});

describe('exact float formatting', () => {
  it('rounds the exact binary value', () => {
    expect(fixed(2.675, 2)).toBe('2.67'); // the double is 2.67499999…
    expect(fixed(0.125, 2)).toBe('0.12');
    expect(scientific(9.9999, 2)).toBe('1.00e+01');
    expect(general(0.0001, 6)).toBe('0.0001');
    expect(general(1e-5, 6)).toBe('1e-05');
    // 0.1 as a long double: 0xCCCCCCCCCCCCCCCD × 2^-67
    expect(longDoubleOf(1n, -1)).toEqual({ mant: 0xcccccccccccccccdn, exp: -67 });
  });
});
