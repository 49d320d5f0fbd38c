// calicoctl's tables as v3.25.1's sources print them (resourcemgr/ippool.go, node.go, commands/common/printer.go,
// commands/ipam/show.go): columns, Never/Always, the tabwriter's 3-space padding and 5-wide minimum, the boxed
// ipam table, blocks in the datastore's name order. Expected lines written from those sources by hand.
import { describe, expect, it } from 'vitest';
import { calicoLab } from '../model/calico/helpers.ts';
import { labEngine } from './engine-helpers.ts';

describe('calicoctl', () => {
  it('get ippool, narrow and wide, on VXLAN', () => {
    const e = calicoLab('calico-vxlan');
    expect(e.sh('calicoctl get ippool')).toBe('NAME                  CIDR            SELECTOR   \ndefault-ipv4-ippool   172.16.0.0/16   all()      \n\n');
    expect(e.sh('calicoctl get ippools -o wide')).toBe(
      'NAME                  CIDR            NAT    IPIPMODE   VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR   \n'
      + 'default-ipv4-ippool   172.16.0.0/16   true   Never      Always      false      false              all()      \n\n');
  });

  it('get nodes: no BGP spec on VXLAN, the autodetected address and the default ASN on IPIP', () => {
    const vx = calicoLab('calico-vxlan');
    const lines = vx.sh('calicoctl get nodes -o wide').split('\n');
    expect(lines[0]).toBe('NAME                                               ASN   IPV4   IPV6   ');
    expect(lines[1]).toMatch(/^ip-192-168-1-\d+\.ap-northeast-2\.compute\.internal {23}$/);
    const ip = calicoLab('calico-ipip');
    expect(ip.sh('calicoctl get nodes -o wide').split('\n')[1]).toMatch(/^ip-192-168-1-(\d+)\.ap-northeast-2\.compute\.internal {3}\(64512\) {3}192\.168\.1\.\1\/24 {10}$/);
    expect(ip.sh('calicoctl get nodes').split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('ipam show: the pool, and with --show-blocks each node\'s /26 with what is in use (tunnel addresses and pods)', () => {
    const e = calicoLab('calico-vxlan');
    const used = [...e.cluster.pods.values()].filter((p) => p.ip !== undefined && !p.template.hostNetwork).length + 3;
    const out = e.sh('calicoctl ipam show --show-blocks').split('\n');
    expect(out[0]).toMatch(/^\+-{10}\+-+\+-{11}\+-{12}\+-+\+$/);
    expect(out[1]).toMatch(/^\| GROUPING \| +CIDR +\| IPS TOTAL \| IPS IN USE \| +IPS FREE +\|$/);
    expect(out[3]).toMatch(new RegExp(`^\\| IP Pool  \\| 172\\.16\\.0\\.0/16 +\\| +65536 \\| ${used} \\(0%\\) +\\| ${65536 - used} \\(100%\\) +\\|$`));
    const blocks = out.filter((l) => l.startsWith('| Block'));
    expect(blocks).toHaveLength(3);
    for (const b of blocks) expect(b).toMatch(/^\| Block    \| 172\.16\.\d+\.\d+\/26 +\| +64 \| \d \(\d+%\) +\| \d\d \(\d\d%\) +\|$/);
    const names = blocks.map((b) => b.split('|')[2].trim().replace(/[./]/g, '-'));
    expect(names).toEqual([...names].sort());
  });

  it('is on the bastion, and finds no Calico resources on the VPC CNI', () => {
    const e = labEngine();
    expect(e.shell.run('calicoctl get ippool').output).toBe('Failed to get resources: the server could not find the requested resource\n');
  });
});
