// Every recorded lab in content/scenarios replays on the engine and meets every expectation taken from the lab.
import { describe, expect, it } from 'vitest';
import { loadScenario, scenarioNames } from '../../src/node/lab-content.ts';
import { parseScenario, runSteps } from '../../src/shell/scenario.ts';
import { TerminalSession } from '../../src/terminal/terminal-session.ts';
import { labEngine } from '../unit/shell/engine-helpers.ts';
import { manualClock } from '../unit/terminal/manual-clock.ts';

const names = scenarioNames();

describe('scenarios', () => {
  it('exist', () => {
    expect(names).toEqual(['alb-ingress-2048', 'alb-rollout-readiness-gates', 'calico-ipip', 'calico-vxlan', 'dns', 'iperf3-calico-vxlan', 'iperf3-vpc-cni', 'kube-proxy-ipvs', 'lb-controller-nlb', 'lb-controller-pitfalls', 'max-pods-experiment', 'nlb-draining', 'nlb-ip-vs-instance', 'pod-datapath', 'service-clusterip', 'vpc-cni-walkthrough']);
  });

  it.each(names)('%s replays with every expectation met', (name) => {
    const scenario = loadScenario(name);
    const lab = labEngine(scenario.cluster);
    const results = runSteps((line) => lab.shell.run(line), scenario.steps);
    const failures = results.flatMap((r, i) => r.failed.map((f) => `step ${i + 1} \`${r.step.cmd}\`: ${f}\n${r.output}`));
    expect(failures).toEqual([]);
    expect(results.filter((r) => r.step.expect).length).toBeGreaterThan(3);
  });

  // The browser's player replays a step as a terminal would run it to its end (TerminalSession.runLine with
  // live=false, on an interactive session): the same expectations must hold there. A replayed `sleep 240; aws …`
  // once printed nothing, cut off after ten seconds as if it were an endless process.
  it.each(names)('%s replays in the terminal player with every expectation met', (name) => {
    const scenario = loadScenario(name);
    const lab = labEngine(scenario.cluster);
    let last = '';
    const session = new TerminalSession(lab, () => {}, (entry) => (last = entry.output), manualClock().clock);
    const results = runSteps((line) => {
      last = '';
      session.runLine(line, false);
      return { output: last, exitCode: 0 };
    }, scenario.steps);
    const failures = results.flatMap((r, i) => r.failed.map((f) => `step ${i + 1} \`${r.step.cmd}\`: ${f}\n${r.output}`));
    expect(failures).toEqual([]);
  });

  it('reports an expectation the output does not meet', () => {
    const [result] = runSteps(() => ({ output: '3\n', exitCode: 0 }), [{ cmd: 'x', expect: [{ match: '^7$' }, { contains: '3' }, { notContains: '3' }] }]);
    expect(result.failed).toEqual(['expected output to match /^7$/m', 'expected output not to contain "3"']);
  });

  it('rejects a malformed scenario with a message naming it', () => {
    expect(() => parseScenario('broken', 'title: x\nsteps: []\n')).toThrow('scenario broken: needs steps');
    expect(() => parseScenario('broken', 'title: x\nsteps:\n  - note: no command\n')).toThrow('scenario broken: step 1 needs a cmd');
  });
});
