// A shell on a fresh simulated cluster, with the lab's manifests in /root, for tests.
import { labFiles } from '../../../src/node/lab-content.ts';
import { createEngine, type Engine } from '../../../src/shell/engine.ts';

export function labEngine(options: Parameters<typeof createEngine>[0] = {}): Engine & { sh(line: string): string } {
  const engine = createEngine({ files: labFiles(), ...options });
  return { ...engine, sh: (line: string) => engine.shell.run(line).output };
}

export { stripAnsi } from '../../../src/shell/format/ansi.ts';
