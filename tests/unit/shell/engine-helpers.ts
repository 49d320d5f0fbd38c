// A shell on a fresh simulated cluster, with the lab's manifests in /root, for tests.
import { readFileSync, readdirSync } from 'node:fs';
import { createEngine, type Engine } from '../../../src/shell/engine.ts';

export function labEngine(options: Parameters<typeof createEngine>[0] = {}): Engine & { sh(line: string): string } {
  const files: Record<string, string> = {};
  for (const f of readdirSync('content/manifests')) files[`/root/${f}`] = readFileSync(`content/manifests/${f}`, 'utf8');
  const engine = createEngine({ files, ...options });
  return { ...engine, sh: (line: string) => engine.shell.run(line).output };
}

export const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
