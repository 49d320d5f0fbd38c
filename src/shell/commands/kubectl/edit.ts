// kubectl edit TYPE NAME | TYPE/NAME: the object as YAML in a temporary file under kubectl's header, the editor
// run on it ($KUBE_EDITOR, then $EDITOR, then vi, as kubectl's editor package picks it), and the saved file
// applied. This terminal has no screen editor, so an editor that is a command (`KUBE_EDITOR="sed -i s/a/b/"`)
// is how a learner edits here; kubectl has always run editors given that way.
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { ClusterSession } from '../../session.ts';
import type { CommandInput, CommandOutput } from '../../types.ts';
import { kubectlApply } from './apply.ts';
import type { KubectlArgs } from './args.ts';

/** results.header.writeTo in kubectl's editoptions.go (v0.24), for an edit that has not failed yet. */
const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** cmdutil.StripComments: the lines that do not start with `#`. */
const stripComments = (text: string) => text.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');

const fail = (stderr: string, exitCode = 1): CommandOutput => ({ stdout: '', stderr, exitCode });

export function kubectlEdit(cluster: Cluster, session: ClusterSession, args: KubectlArgs, input: CommandInput): CommandOutput {
  const [first, second] = args.positionals;
  if (!first) return fail('error: you must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'\n');
  const namespace = args.flags.get('namespace');
  const target = second ? `${first} ${second}` : first;
  // The object exactly as `kubectl get -o yaml` shows it (and its NotFound, worded the same).
  const got = input.exec(`kubectl get ${target}${namespace ? ` -n ${namespace}` : ''} -o yaml`);
  if (got.exitCode !== 0) return fail(got.stderr, got.exitCode);
  const original = got.stdout;

  // kubectl's LaunchTempFile names it after the binary with a random suffix; ours takes the first free number on
  // the host (a count kept in the module would differ between sessions and break a replay's determinism).
  const tempPath = (n: number) => `/tmp/kubectl-edit-${String(1_000_000_000 + n).slice(1)}.yaml`;
  let n = 1;
  while (session.readFile(tempPath(n)) !== undefined) n++;
  const path = tempPath(n);
  session.writeFile(path, HEADER + original, false);

  const editor = input.getenv?.('KUBE_EDITOR') || input.getenv?.('EDITOR') || 'vi';
  const viaShell = editor.includes(' ') && /["'\\]/.test(editor);
  const ran = input.exec(viaShell ? `${editor} ${JSON.stringify(path)}` : `${editor} ${path}`);
  if (ran.exitCode !== 0) {
    const notFound = ran.exitCode === 127 && !viaShell;
    const reason = notFound ? `unable to launch the editor "${editor}"` : `there was a problem with the editor "${editor}"`;
    // The one line a real bastion never needs: how to edit without a screen editor.
    const hint = notFound && editor.split(' ')[0] === 'vi' ? `(this terminal has no screen editor: give kubectl one as a command, e.g. KUBE_EDITOR="sed -i 's/old/new/'" kubectl edit ${target})\n` : '';
    // kubectl execs a bare editor itself: a missing one is its error, not a shell's "command not found".
    return { stdout: ran.stdout, stderr: `${notFound ? '' : ran.stderr}error: ${reason}\n${hint}`, exitCode: 1 };
  }
  // The editor has the terminal while it runs: what it prints comes first.
  const shown = (out: CommandOutput): CommandOutput => ({ ...out, stdout: ran.stdout + out.stdout, stderr: ran.stderr + out.stderr });
  const edited = session.readFile(path) ?? '';
  // kubectl keeps the file only when something went wrong.
  session.fs().remove(path);
  if (stripComments(edited).trim() === '') return shown(fail('Edit cancelled, saved file was empty.\n', 0));
  if (stripComments(edited) === stripComments(HEADER + original)) return shown(fail('Edit cancelled, no changes made.\n', 0));

  const applied = kubectlApply(cluster, { ...args, positionals: [], flags: new Map([...args.flags, ['filename', path]]) }, (p) => (p === path ? edited : undefined));
  // kubectl edit reports what it changed as "edited", what it found identical as "skipped".
  return shown({ ...applied, stdout: applied.stdout.replace(/ (configured|created)$/gm, ' edited').replace(/ unchanged$/gm, ' skipped') });
}
