// The chain names' SHA-256 against @noble/hashes, over the lengths that cross SHA-256's block boundaries.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { expect, it } from 'vitest';
import { sha256Text } from '../../../../src/model/proxy/chain-hash.ts';
import { svcChain } from '../../../../src/model/proxy/iptables-rules.ts';

it('hashes as SHA-256 does, for every length from 0 to 300 and non-ASCII text', () => {
  for (let n = 0; n <= 300; n++) {
    const text = 'default/nginx-deployment:http'.repeat(11).slice(0, n);
    expect(Buffer.from(sha256Text(text)).toString('hex')).toBe(Buffer.from(sha256(utf8ToBytes(text))).toString('hex'));
  }
  const korean = '네임스페이스/서비스:포트tcp';
  expect(Buffer.from(sha256Text(korean)).toString('hex')).toBe(Buffer.from(sha256(utf8ToBytes(korean))).toString('hex'));
});

it('names default/kubernetes:https as real nodes do', () => {
  expect(svcChain('default/kubernetes:https', 'TCP')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
});
