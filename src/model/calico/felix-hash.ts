// felix's rule hashes, the `cali:` comment on every rule it programs (felix/iptables/rules.go Chain.RuleHashes):
// sha224 over the chain name, then chained over each rule as rendered "-A <chain> HASH <rule>", URL-safe base64
// without padding, 16 characters.
import { sha224 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** Go's base64.RawURLEncoding. */
export function base64url(bytes: Uint8Array): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += abc[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Chain.RuleHashes. */
export function felixRuleHashes(chain: string, rules: readonly string[]): string[] {
  let hash = sha224(utf8ToBytes(chain));
  return rules.map((rule) => {
    const text = utf8ToBytes(`-A ${chain} HASH ${rule}`);
    const input = new Uint8Array(hash.length + text.length);
    input.set(hash);
    input.set(text, hash.length);
    hash = sha224(input);
    return base64url(hash).slice(0, 16);
  });
}
