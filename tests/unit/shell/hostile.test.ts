// Nothing a learner types can hang the shell: each line of tests/data/hostile-command-lines.txt, and the generated
// ones in scripts/hostile-bench.ts (a 100 KB line, a 10,000-stage pipeline, $(…) nested 40 deep), runs in pipe mode on a fresh lab
// cluster and must come back, after which the cluster still answers `kubectl get nodes`. How long each takes is
// a benchmark figure (`npm run bench`), not something a unit test times.
import { hostileLines } from '../../../scripts/hostile-bench.ts';
import { describe, expect, it } from 'vitest';
import { labEngine } from './engine-helpers.ts';



describe('hostile command lines in pipe mode', () => {
  for (const line of hostileLines()) {
    it(line.length > 80 ? `${line.slice(0, 77)}…` : line, () => {
      const engine = labEngine();
      const r = engine.shell.run(line);
      expect(r.output).not.toMatch(/internal error/);
      expect(typeof r.exitCode).toBe('number');
      // A fresh session on the same cluster (a script that crashed bash, as `f() { f; }; f` does, reads no more).
      expect(labEngine({ cluster: engine.cluster }).sh('kubectl get nodes --no-headers | wc -l')).toBe('3\n');
    }, 30_000);
  }
});

describe('what the limits say', () => {
  it('a fork bomb ends, and bash is still there', () => {
    const engine = labEngine();
    const r = engine.shell.run(':(){ :|:& };:');
    expect(r.output).toMatch(/bash: fork: Resource temporarily unavailable\n/);
    expect(r.output).not.toMatch(/internal error/);
    expect(engine.sh('echo still here')).toBe('still here\n');
  });

  it('recursion through pipes stops at the work bound with one message', () => {
    const r = labEngine().shell.exec('f() { f | f; }; f');
    expect(r.stderr.match(/bash: stopped after 200000 commands without returning to the prompt/g)).toHaveLength(1);
    expect(r.exitCode).not.toBe(0);
  });

  it('a huge sleep fast-forwards an hour and says why it stopped', () => {
    const engine = labEngine();
    const start = engine.cluster.now;
    const r = engine.shell.exec('sleep infinity');
    expect(r.stderr).toBe('bash: sleep stopped after 60 minutes of model time: nobody is at the keyboard to press Ctrl-C\n');
    expect(engine.cluster.now - start).toBe(60 * 60_000);
  });

  it('brace expansion beyond its bound says so instead of truncating', () => {
    const r = labEngine().shell.exec('echo {1..10000000} | wc -w');
    expect(r.stdout).not.toBe('100001\n');
  });
});

describe('work that cannot pause is refused up front, with its bound named', () => {
  it('a 100 MB printf field', () => {
    const r = labEngine().shell.exec("printf '%0100000000d' 1 | wc -c");
    expect(r.stderr).toBe("bash: printf: 100000000: field width or precision over this shell's limit (1048576)\n");
    expect(r.stdout).toBe('0\n');
    // At the bound itself, printf prints it all.
    expect(labEngine().sh("printf '%01048576d' 1 | wc -c")).toBe('1048576\n');
  });

  it('an eval text of more commands than the shell may run without returning', () => {
    const r = labEngine().shell.exec("eval \"$(printf 'echo x;echo y;%.0s' $(seq 1 100001))\"; echo status $?");
    expect(r.stderr).toBe("bash: eval: more than 200000 commands: over this shell's bound of 200000 commands without returning to the prompt\n");
    expect(r.stdout).toBe('status 1\n');
    expect(labEngine().sh("eval \"$(printf 'echo x;%.0s' $(seq 1 5000))\" | wc -l")).toBe('5000\n');
  });

  it('brace expansion is counted before any word is built, whatever its shape', () => {
    const r = labEngine().shell.exec(`echo ${'{a,b}'.repeat(17)} | wc -c`);
    expect(r.stderr).toBe("bash: brace expansion: more than 100000 words (this shell's limit)\n");
    // 2^16 words is within the bound: all of them, in bash's order.
    expect(labEngine().sh(`echo ${'{a,b}'.repeat(16)} | wc -w`)).toBe('65536\n');
    expect(labEngine().sh('echo {a,b}{1..2}{x,{y,z}w}')).toBe('a1x a1yw a1zw a2x a2yw a2zw b1x b1yw b1zw b2x b2yw b2zw\n');
  });
});

describe('a pasted script', () => {
  it('a 5,000-line heredoc and a 5,000-line open quote are read line by line and end as bash ends them', () => {
    const engine = labEngine();
    engine.shell.run('cat <<EOF > big.yaml');
    for (let i = 0; i < 5000; i++) expect(engine.shell.run(`key${i}: value ${i}`).more).toBe(true);
    expect(engine.shell.run('EOF').more).toBeFalsy();
    expect(engine.sh('wc -l < big.yaml')).toBe('5000\n');
    engine.shell.run("echo 'never closed");
    for (let i = 0; i < 5000; i++) engine.shell.run(`line ${i}`);
    expect(engine.shell.end().output).toMatch(/unexpected EOF while looking for matching `''/);
    // (Ten thousand lines, each parsed with all before it as bash reads them: seconds on a busy machine.)
  }, 30_000);
});
