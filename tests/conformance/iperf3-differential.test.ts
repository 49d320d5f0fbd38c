// The real iperf3 (Debian 12's 3.12, the release networkstatic/iperf3's Debian base ships) on loopback against the
// model's iperf3 in a pod: the same lines in the same order with the same labels, columns and widths; numbers,
// addresses, ports and units are what differ (the loopback runs at tens of Gbit/s). Each line becomes a shape:
// addresses → A, numbers → N, units → U, runs of spaces → one; then the fixed-width part of every interval and
// summary line (from "sec") must have the same length. The -J documents must have the same keys in the same order
// with values of the same types. Skipped, saying why, where iperf3 is not installed (apt-get install -y iperf3).
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labEngine } from '../unit/shell/engine-helpers.ts';

const reason = spawnSync('sh', ['-c', 'command -v iperf3']).status === 0 ? undefined : 'iperf3 is not installed (apt-get install -y iperf3)';
const PORT = 20_000 + (process.pid % 20_000);

function shape(line: string): string {
  return line
    .replace(/\d+\.\d+\.\d+\.\d+/g, 'A')
    .replace(/\b[KMGT]?(Bytes|bits)\b/g, 'U')
    .replace(/\d+(\.\d+)?(e[+-]\d+)?/g, 'N')
    .replace(/ +/g, ' ')
    .replace(/ $/, '');
}

/** The fixed-width tail of a report line: from " sec" on (values of any size take the same room). */
const tail = (line: string) => (/ sec /.test(line) ? line.slice(line.indexOf(' sec ')).replace(/ +(sender|receiver)$/, ' $1').length : undefined);

function sameShape(real: string, ours: string): void {
  const a = real.split('\n').filter((l) => l !== '');
  const b = ours.split('\n').filter((l) => l !== '');
  expect(b.map(shape)).toEqual(a.map(shape));
  // Retr is %3u and Cwnd four places: the tails only differ where a value overflows its field, which neither does here.
  expect(b.map(tail)).toEqual(a.map(tail));
}

function jsonShape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [jsonShape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonShape(x)]));
  return typeof v;
}

function run(cmd: string, args: string[]): Promise<{ out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args);
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', () => resolve({ out, err }));
  });
}

const CASES: [string, string][] = [
  ['tcp', '-t 2'],
  ['reverse', '-t 2 -R'],
  ['parallel', '-t 2 -P 2'],
  // Loopback's UDP blocks are its MSS, 32 KiB; the same length on both sides gives the same datagram counts.
  ['udp', '-t 2 -u -l 32K'],
  ['udp reverse', '-t 2 -u -R -l 32K'],
  ['udp parallel', '-t 2 -u -P 2 -l 32K'],
];

describe.skipIf(reason !== undefined)(`iperf3 against the real iperf3 3.12${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const real = new Map<string, string>();
  const realJson = new Map<string, string>();
  let server: ReturnType<typeof spawn> | undefined;
  let serverLog = '';

  beforeAll(async () => {
    server = spawn('iperf3', ['-s', '-p', String(PORT), '--forceflush']);
    server.stdout!.on('data', (d) => (serverLog += d));
    for (let i = 0; i < 50 && !serverLog.includes('Server listening'); i++) await new Promise((r) => setTimeout(r, 100));
    for (const [name, args] of CASES) {
      real.set(name, (await run('iperf3', ['-c', '127.0.0.1', '-p', String(PORT), ...args.split(' ')])).out);
      realJson.set(name, (await run('iperf3', ['-c', '127.0.0.1', '-p', String(PORT), '-J', ...args.split(' ')])).out);
    }
  }, 60_000);
  afterAll(() => server?.kill());

  // The model's side: the seed's server and a client pod, the server reached by its pod address (its Service
  // carries TCP only, so a UDP test through the ClusterIP would find no server, as on a real cluster).
  const lab = labEngine();
  lab.sh('kubectl apply -f iperf3.yaml');
  lab.sh('sleep 30');
  const client = lab.sh("kubectl get pod -l app=iperf3-client -o jsonpath='{.items[0].metadata.name}'");
  const serverIp = lab.sh("kubectl get pod -l app=iperf3-server -o jsonpath='{.items[0].status.podIP}'");
  const ours = (args: string) => lab.sh(`kubectl exec ${client} -- iperf3 -c ${serverIp} ${args}`);

  it.each(CASES)('%s (iperf3 -c … %s): the client prints the same lines', (name, args) => {
    sameShape(real.get(name)!, ours(args));
  });

  it.each(CASES)('%s with -J: the same document', (name, args) => {
    const a = JSON.parse(realJson.get(name)!);
    const b = JSON.parse(ours(`-J ${args}`));
    expect(jsonShape(b)).toEqual(jsonShape(a));
  });

  it('the server prints each test as iperf3 -s does', () => {
    // Both servers have run the cases in the same order (the real one also the -J runs in between: its tests are
    // numbered differently, and a shape hides numbers).
    const logs = lab.sh(`kubectl logs deploy/iperf3-server`);
    const split = (text: string) => text.split(/^-{59}\n/m).filter((t) => t.startsWith('Server listening')).map((t) => t.trim());
    const realTests = split(serverLog).filter((_, i) => i % 2 === 0).slice(0, CASES.length);
    // The server's last, short interval (data still in flight when the client stopped) comes and goes with timing.
    const noShort = (t: string) => t.split('\n').filter((l) => !/^\[...\] +(\d+)\.00-\1\.00 /.test(l) && !/ (\d+\.\d\d)-\1 /.test(l)).join('\n');
    const ourTests = split(logs);
    expect(ourTests.length).toBeGreaterThanOrEqual(CASES.length);
    for (let i = 0; i < CASES.length; i++) sameShape(noShort(realTests[i]), noShort(ourTests[i]));
  });

  it('errors as iperf3 prints them: nothing listening', async () => {
    const r = await run('iperf3', ['-c', '127.0.0.1', '-p', String(PORT + 1)]);
    expect(lab.shell.run(`kubectl exec ${client} -- iperf3 -c ${serverIp} -p ${PORT + 1}`).output).toBe(r.err);
  });

  it('Ctrl-C during a test: the interval in progress, the partial summary with 0.00 Bytes received, the interrupt', async () => {
    const p = spawn('iperf3', ['-c', '127.0.0.1', '-p', String(PORT), '-t', '10']);
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    await new Promise((r) => setTimeout(r, 1500));
    p.kill('SIGINT');
    const status = await new Promise((r) => p.on('close', r));
    expect(status).toBe(1);
    const o = lab.shell.run(`kubectl exec ${client} -- iperf3 -c ${serverIp} -t 10 2> iperf3-err.txt & sleep 1.5; kill -INT %1`);
    sameShape(out, o.output);
    expect(lab.sh('cat iperf3-err.txt')).toBe(err);
  });

  it('parameter errors and the usage as iperf3 prints them', async () => {
    for (const args of [['-c', '127.0.0.1', '-P', '200'], ['-c', '127.0.0.1', '-i', '0.05'], ['-x'], ['--bogus'], ['-c', '127.0.0.1', '-M', '100000'], ['-c', '127.0.0.1', '-s']]) {
      const r = await run('iperf3', args);
      const o = lab.shell.run(`kubectl exec ${client} -- iperf3 ${args.join(' ')}`);
      expect(o.output).toBe(r.out + r.err);
    }
  });
});
