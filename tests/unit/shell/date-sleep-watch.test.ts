import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';

describe('date', () => {
  it("prints the model time in date's default format, UTC", () => {
    const { shell } = fakeShell();
    expect(shell.run('date')).toMatchObject({ output: 'Wed Nov 25 12:00:00 UTC 2026\n', exitCode: 0 });
  });

  it('pads a one-digit day with a space, as %e does', () => {
    const { shell } = fakeShell();
    expect(shell.run('date -d 2026-03-05T07:08:09Z').output).toBe('Thu Mar  5 07:08:09 UTC 2026\n');
  });

  it('+FORMAT conversions', () => {
    const { shell } = fakeShell();
    expect(shell.run('date "+%Y-%m-%d %H:%M:%S"').output).toBe('2026-11-25 12:00:00\n');
    expect(shell.run('date +%s').output).toBe(`${Date.UTC(2026, 10, 25, 12) / 1000}\n`);
    expect(shell.run('date -u +%FT%TZ').output).toBe('2026-11-25T12:00:00Z\n');
    expect(shell.run("date '+%a %A %b %B %j %q %%'").output).toBe('Wed Wednesday Nov November 329 4 %\n');
    expect(shell.run('date -d @0 +%F').output).toBe('1970-01-01\n');
    expect(shell.run('date -Iseconds').output).toBe('2026-11-25T12:00:00+00:00\n');
  });

  it('errors in GNU wording', () => {
    const { shell } = fakeShell();
    expect(shell.run('date -d yesterday-ish')).toMatchObject({ output: "date: invalid date ‘yesterday-ish’\n", exitCode: 1 });
    expect(shell.run('date foo')).toMatchObject({ output: "date: invalid date ‘foo’\n", exitCode: 1 });
  });
});

describe('sleep', () => {
  it('advances model time by the sum of its arguments', () => {
    const { shell, session } = fakeShell();
    expect(shell.run('sleep 0.5; sleep 1s 2m; date +%T')).toMatchObject({ output: '12:02:01\n', exitCode: 0 });
    // In slices of at most a minute (a terminal breathes between them), adding up to the arguments.
    expect(session.advanced.reduce((a, b) => a + b, 0)).toBe(121.5);
    expect(Math.max(...session.advanced)).toBeLessThanOrEqual(60);
  });

  it('errors in GNU wording', () => {
    const { shell, session } = fakeShell();
    expect(shell.run('sleep x')).toMatchObject({
      output: "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n",
      exitCode: 1,
    });
    expect(shell.run('sleep')).toMatchObject({ output: "sleep: missing operand\nTry 'sleep --help' for more information.\n", exitCode: 1 });
    expect(shell.run('sleep 5x').exitCode).toBe(1);
    expect(session.advanced).toEqual([]);
  });
});

describe('watch (not interactive)', () => {
  it('runs the command once under the procps header', () => {
    const { shell } = fakeShell();
    expect(shell.run('watch -n 1 "echo hi | wc -l"')).toMatchObject({
      output: 'Every 1.0s: echo hi | wc -l  ip-192-168-1-139.ec2.internal: Wed Nov 25 12:00:00 2026\n\n1\n',
      exitCode: 0,
    });
    expect(shell.run('watch date +%T').output).toBe(
      'Every 2.0s: date +%T  ip-192-168-1-139.ec2.internal: Wed Nov 25 12:00:00 2026\n\n12:00:00\n',
    );
  });

  it('-t drops the title; options after the command belong to the command', () => {
    const { shell } = fakeShell();
    expect(shell.run('watch -t echo -n x').output).toBe('x');
  });

  it('reports a bad interval', () => {
    const { shell } = fakeShell();
    expect(shell.run('watch -n x date')).toMatchObject({ output: "watch: failed to parse argument: 'x'\n", exitCode: 1 });
  });
});
