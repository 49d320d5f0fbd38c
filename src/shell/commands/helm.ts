// Helm 3.9 with the one chart the seed installs (eks/aws-load-balancer-controller): `helm repo add|list`,
// `helm install`, `helm list` (-A, -n) and `helm uninstall`, printed as helm v3.9.4 prints them
// (cmd/helm/{repo_add,repo_list,install,list,uninstall}.go; pkg/cli/output). Repositories are kept where Helm keeps
// them, ~/.config/helm/repositories.yaml on the bastion; releases as Helm's Secrets in the cluster.
import { CHART_NAME, type ChartValues, installChart, listReleases, MISSING_CLUSTER_NAME, NOTES, uninstallChart } from '../../model/lb-controller/chart.ts';
import { lbController } from '../../model/lb-controller/controller.ts';
import { clusterSession } from '../session.ts';
import type { Command, CommandOutput } from '../types.ts';
import { columnWidths } from '../format/table.ts';

const REPO_FILE = '/root/.config/helm/repositories.yaml';
const EKS_CHARTS = 'https://aws.github.io/eks-charts';

const fail = (message: string): CommandOutput => ({ stdout: '', stderr: `Error: ${message}\n`, exitCode: 1 });

/** The helm on the lab's bastion: 3.9.4, as Kubernetes 1.24's tooling shipped it (`helm version`). */
const HELM_VERSION = 'v3.9.4';
const HELM_COMMIT = 'dbc6d8e20fe1d58d50e6ed30f09a04a77e4c68db';

function repos(read: (p: string) => string | undefined): { name: string; url: string }[] {
  const text = read(REPO_FILE) ?? '';
  const out: { name: string; url: string }[] = [];
  for (const entry of text.split('\n- ').slice(1)) {
    const name = /(?:^|\n) *name: (\S+)/.exec(entry)?.[1];
    const url = /(?:^|\n) *url: (\S+)/.exec(entry)?.[1];
    if (name && url) out.push({ name, url });
  }
  return out;
}

function repoFile(list: { name: string; url: string }[], now: number): string {
  const entries = list.map((r) => `- caFile: ""\n  certFile: ""\n  insecure_skip_tls_verify: false\n  keyFile: ""\n  name: ${r.name}\n  pass_credentials_all: false\n  password: ""\n  url: ${r.url}\n  username: ""\n`).join('');
  return `apiVersion: ""\ngenerated: "${new Date(now).toISOString().replace('Z', '000000Z')}"\nrepositories:\n${entries}`.replace('repositories:\n- ', 'repositories:\n- ');
}

/** Go's time.ANSIC: `Sat May  6 11:34:52 2023`. */
function ansic(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const hms = d.toISOString().slice(11, 19);
  return `${day} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms} ${d.getUTCFullYear()}`;
}

/** helm list's UPDATED column: Go's time.Time String() in the local zone (UTC here), nanoseconds as stored. */
function goTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000000 +0000 UTC`;
}

/** gosuri/uitable as helm list uses it: columns padded to the widest cell, separated by a tab. */
function uiTable(rows: string[][]): string {
  const widths = columnWidths(rows);
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('\t')).join('\n') + '\n';
}

export const helm: Command = {
  name: 'helm',
  usage: 'helm repo add|list|update|remove, helm install|list|uninstall, helm version',
  hosts: ['bastion'],
  run({ args, session }): CommandOutput {
    const cs = clusterSession(session);
    const cluster = cs.cluster;
    const read = (p: string) => session.readFile?.(p);
    const positional: string[] = [];
    const sets: [string, string][] = [];
    let namespace = 'default';
    let allNamespaces = false;
    let short = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-n' || a === '--namespace') namespace = args[++i] ?? '';
      else if (a.startsWith('--namespace=')) namespace = a.slice(12);
      else if (a === '-A' || a === '--all-namespaces') allNamespaces = true;
      else if (a === '--short') short = true;
      else if (a === '--set') {
        const kv = args[++i] ?? '';
        for (const part of kv.split(',')) {
          const eq = part.indexOf('=');
          if (eq < 0) return fail(`failed parsing --set data: key "${part}" has no value`);
          sets.push([part.slice(0, eq), part.slice(eq + 1)]);
        }
      } else if (a.startsWith('-')) return fail(`unknown flag: ${a}`);
      else positional.push(a);
    }
    const [cmd, ...rest] = positional;
    if (cmd === 'repo') {
      const [sub, name, url] = rest;
      const list = repos(read);
      if (sub === 'list' || sub === 'ls') {
        if (list.length === 0) return fail('no repositories to show');
        return { stdout: uiTable([['NAME', 'URL'], ...list.map((r) => [r.name, r.url])]), stderr: '', exitCode: 0 };
      }
      if (sub === 'remove' || sub === 'rm') {
        if (list.length === 0) return fail('no repositories configured');
        if (!name) return fail('"helm repo remove" requires at least 1 argument\n\nUsage:  helm repo remove [REPO1 [REPO2 ...]] [flags]');
        if (!list.some((r) => r.name === name)) return fail(`no repo named "${name}" found`);
        cs.fs().write(REPO_FILE, repoFile(list.filter((r) => r.name !== name), cluster.now), false);
        return { stdout: `"${name}" has been removed from your repositories\n`, stderr: '', exitCode: 0 };
      }
      if (sub === 'update' || sub === 'up') {
        if (list.length === 0) return fail('no repositories found. You must add one before updating');
        const lines = list.map((r) => `...Successfully got an update from the "${r.name}" chart repository\n`).join('');
        return { stdout: `Hang tight while we grab the latest from your chart repositories...\n${lines}Update Complete. ⎈Happy Helming!⎈\n`, stderr: '', exitCode: 0 };
      }
      if (sub !== 'add') return fail(`unknown command "${sub ?? ''}" for "helm repo"`);
      if (!name || !url) return fail(`"helm repo add" requires 2 arguments\n\nUsage:  helm repo add [NAME] [URL] [flags]`);
      const same = list.find((r) => r.name === name);
      if (same && same.url === url) return { stdout: `"${name}" already exists with the same configuration, skipping\n`, stderr: '', exitCode: 0 };
      if (same) return fail(`repository name (${name}) already exists, please specify a different name`);
      if (url.replace(/\/$/, '') !== EKS_CHARTS) return fail(`looks like "${url}" is not a valid chart repository or cannot be reached: failed to fetch ${url.replace(/\/$/, '')}/index.yaml : 404 Not Found`);
      cs.fs().mkdir(REPO_FILE.slice(0, REPO_FILE.lastIndexOf('/')), true);
      cs.fs().write(REPO_FILE, repoFile([...list, { name, url }], cluster.now), false);
      return { stdout: `"${name}" has been added to your repositories\n`, stderr: '', exitCode: 0 };
    }
    if (cmd === 'list' || cmd === 'ls') {
      const rels = listReleases(cluster, allNamespaces ? undefined : namespace);
      const rows = rels.map((r) => [r.name, r.namespace, String(r.revision), goTime(r.updatedAt), r.status, r.chart, r.appVersion]);
      return { stdout: uiTable([['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION'], ...rows]), stderr: '', exitCode: 0 };
    }
    if (cmd === 'uninstall' || cmd === 'delete' || cmd === 'un' || cmd === 'del') {
      const [name] = rest;
      if (!name) return fail('"helm uninstall" requires at least 1 argument\n\nUsage:  helm uninstall RELEASE_NAME [...] [flags]');
      const rel = listReleases(cluster, namespace).find((r) => r.name === name);
      if (!rel) return fail(`uninstall: Release not loaded: ${name}: release: not found`);
      uninstallChart(cluster, rel);
      return { stdout: `release "${name}" uninstalled\n`, stderr: '', exitCode: 0 };
    }
    if (cmd === 'version') {
      return { stdout: short ? `${HELM_VERSION}+g${HELM_COMMIT.slice(0, 7)}\n` : `version.BuildInfo{Version:"${HELM_VERSION}", GitCommit:"${HELM_COMMIT}", GitTreeState:"clean", GoVersion:"go1.17.13"}\n`, stderr: '', exitCode: 0 };
    }
    if (cmd === 'install') {
      const [name, chart] = rest;
      if (!name) return fail('"helm install" requires at least 1 argument\n\nUsage:  helm install [NAME] [CHART] [flags]');
      if (!chart) return fail('INSTALLATION FAILED: must either provide a name or specify --generate-name');
      const [repo, chartName] = chart.includes('/') ? chart.split('/') : ['', chart];
      if (!repos(read).some((r) => r.name === repo)) return fail(`INSTALLATION FAILED: repo ${repo} not found`);
      if (chartName !== CHART_NAME) return fail(`INSTALLATION FAILED: chart "${chartName}" matching  not found in ${repo} index. (try 'helm repo update'): no chart name found`);
      if (listReleases(cluster, namespace).some((r) => r.name === name)) return fail('INSTALLATION FAILED: cannot re-use a name that is still in use');
      const values: ChartValues = { serviceAccountCreate: true, replicaCount: 2 };
      for (const [k, v] of sets) {
        if (k === 'clusterName') values.clusterName = v;
        else if (k === 'serviceAccount.create') values.serviceAccountCreate = v === 'true';
        else if (k === 'serviceAccount.name') values.serviceAccountName = v;
        else if (k === 'replicaCount') values.replicaCount = Number(v);
      }
      if (!values.clusterName) return fail(`INSTALLATION FAILED: ${MISSING_CLUSTER_NAME}`);
      // The controller watches from before its pods exist: what IRSA gives a pod is fixed when it is created.
      lbController(cluster);
      const rel = installChart(cluster, name, namespace, values);
      cluster.reconcile();
      return {
        stdout: `NAME: ${rel.name}\nLAST DEPLOYED: ${ansic(rel.updatedAt)}\nNAMESPACE: ${rel.namespace}\nSTATUS: deployed\nREVISION: 1\nTEST SUITE: None\nNOTES:\n${NOTES}`,
        stderr: '', exitCode: 0,
      };
    }
    return fail(`unknown command "${cmd ?? ''}" for "helm"\nRun 'helm --help' for usage.`);
  },
};
