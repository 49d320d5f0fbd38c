// kubectl's help and "did you mean": the texts are the real kubectl 1.24's (help.generated.ts), the command
// tree and suggestion rule are cobra's.
import { editDistance } from '../../../model/edit-distance.ts';
import type { CommandOutput } from '../../types.ts';
import { KUBECTL_HELP } from './help.generated.ts';

/**
 * kubectl 1.24's top-level commands in the order cobra holds them (the order they were added in kubectl's
 * cmd.go), which is the order of its "Did you mean this?" list.
 */
export const KUBECTL_COMMANDS = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale',
  'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach',
  'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'diff', 'apply', 'patch', 'replace', 'wait',
  'kustomize', 'label', 'annotate', 'completion', 'alpha', 'config', 'plugin', 'version', 'api-versions',
  'api-resources', 'options', 'help',
];

const ok = (stdout: string): CommandOutput => ({ stdout, stderr: '', exitCode: 0 });

/** Said while the browser is still loading the help texts (src/widgets/terminal/lazy/help.ts). */
const LOADING = 'kubectl: the help texts are still loading in this browser tab; try again in a moment\n';

/** The help of the longest command path the words start with (`create deployment web` → create deployment). */
export function helpFor(words: string[]): string {
  if (KUBECTL_HELP[''] === undefined) return LOADING;
  for (let n = words.length; n > 0; n--) {
    const text = KUBECTL_HELP[words.slice(0, n).join(' ')];
    if (text !== undefined) return text;
  }
  return KUBECTL_HELP['']!;
}

/** `kubectl`, `kubectl help [COMMAND]`, `kubectl COMMAND … --help`. */
export function kubectlHelp(words: string[]): CommandOutput {
  if (words.length > 0 && !KUBECTL_COMMANDS.includes(words[0]!)) {
    // cobra prints the unknown topic, then the root's usage (without its long description).
    const root = KUBECTL_HELP[''] ?? LOADING;
    return { stdout: '', stderr: `Unknown help topic [\`${words.join(' ')}\`]\n${root.slice(root.indexOf('\n\nBasic'))}`, exitCode: 0 };
  }
  return ok(helpFor(words));
}

/** A command group run without its subcommand prints its help on stderr and fails, as cobra's default Run does. */
export function groupUsage(words: string[]): CommandOutput {
  return { stdout: '', stderr: helpFor(words), exitCode: 1 };
}

/** cobra's suggestions: commands within two edits of what was typed, or starting with it. */
export function suggestCommands(typed: string): string[] {
  const word = typed.toLowerCase();
  return KUBECTL_COMMANDS.filter((c) => editDistance(word, c) <= 2 || c.startsWith(word));
}

export function unknownCommand(typed: string): CommandOutput {
  const close = suggestCommands(typed);
  const hint = close.length ? `\nDid you mean this?\n${close.map((c) => `\t${c}\n`).join('')}` : '';
  return { stdout: '', stderr: `error: unknown command "${typed}" for "kubectl"\n${hint}`, exitCode: 1 };
}
