// The lab's content for the CLI: manifests (content/manifests/*.yaml, placed in the bastion's home directory as
// the lab has them) and recorded scenarios (content/scenarios/*.yaml).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Works from src/cli (type-stripped source) and from .build/cli (the bundle): both are two levels down.
const CONTENT = fileURLToPath(new URL('../../content/', import.meta.url));

export function scenarioNames(): string[] {
  return readdirSync(`${CONTENT}scenarios`).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
}

export function scenarioText(name: string): string | undefined {
  return scenarioNames().includes(name) ? readFileSync(`${CONTENT}scenarios/${name}.yaml`, 'utf8') : undefined;
}

export function labFiles(): Record<string, string> {
  const dir = `${CONTENT}manifests/`;
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) if (name.endsWith('.yaml')) files[`/root/${name}`] = readFileSync(`${dir}${name}`, 'utf8');
  return files;
}
