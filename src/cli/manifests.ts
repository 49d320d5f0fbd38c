// The lab's manifests (content/manifests/*.yaml), placed in the bastion's home directory as the lab has them.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function labFiles(): Record<string, string> {
  // Works from src/cli (type-stripped source) and from .build (the bundle): both are two levels down.
  const dir = fileURLToPath(new URL('../../content/manifests/', import.meta.url));
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) if (name.endsWith('.yaml')) files[`/root/${name}`] = readFileSync(`${dir}${name}`, 'utf8');
  return files;
}
