// A DNS server on 10.100.0.10:53 that answers as the model's CoreDNS does for the lab cluster that
// dns-differential.test.ts builds (same seed, same commands): the real dig, nslookup and host ask it, and their
// output is compared with the model's tools. Run inside a private network namespace (unshare -mn) that has
// 10.100.0.10 on lo. Node APIs are fine here: this is test code, not the model.
import dgram from 'node:dgram';
import { corednsAnswer, forwardedAnswer } from '../../../src/model/dns/coredns.ts';
import { decodeMessage, encodeMessage } from '../../../src/model/dns/message.ts';
import { vpcResolverAnswer } from '../../../src/model/dns/vpc-resolver.ts';
import { labEngine } from '../../unit/shell/engine-helpers.ts';
import { LAB_COMMANDS } from './lab.ts';

const e = labEngine();
for (const c of LAB_COMMANDS) e.sh(c);
const cluster = e.cluster;
const coredns = [...cluster.pods.values()].find((p) => p.labels['k8s-app'] === 'kube-dns' && p.phase === 'Running')!;
const sock = dgram.createSocket('udp4');
sock.on('message', (buf, rinfo) => {
  const q = decodeMessage(buf);
  if (!q) return;
  const r = corednsAnswer(cluster, coredns, q, cluster.now);
  const reply = r.kind === 'reply' ? r.reply : forwardedAnswer(coredns, q, vpcResolverAnswer(cluster, { ...q, id: 1 }), cluster.now);
  sock.send(encodeMessage(reply), rinfo.port, rinfo.address);
});
sock.bind(53, '10.100.0.10', () => process.stdout.write('ready\n'));
setTimeout(() => process.exit(0), Number(process.argv[2] ?? 20000));
