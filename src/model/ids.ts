// Identifiers in the formats AWS and Kubernetes use, generated from the model's seeded rng.
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { createRng, type Rng } from './rng.ts';

/** Kubernetes' k8s.io/apimachinery/pkg/util/rand alphabet: no vowels, no 0/1/3 (avoids words and confusion). */
export const K8S_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** n random hex digits (n even), eight per rng draw: large clusters need millions of them. */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Character codes of the string being built, reused: an array per name would be most of what a 150,000-pod
 * scale-up allocates. `String.fromCharCode.apply` copies them out.
 */
const scratch: number[] = [];

function codesOfLength(n: number): number[] {
  scratch.length = n;
  return scratch;
}

export function randomHex(rng: Rng, n: number): string {
  // Eight digits per draw; built as one flat string (sandbox IDs and UIDs are made by the hundred thousand).
  const codes = codesOfLength(n);
  for (let i = 0; i < n; i += 8) putHex(codes, i, rng.bits32(), Math.min(8, n - i));
  return String.fromCharCode.apply(null, codes);
}

const hex = randomHex;

const uidCodes = new Array<number>(36).fill(45); // '-'

/**
 * A Kubernetes-style UID (8-4-4-4-12 hex): a serial, then random groups drawn exactly as `randomHex` would draw
 * 4, 4, 4 and 12 digits. Built as one flat string: a large cluster holds hundreds of thousands of these.
 */
export function serialUid(serial: number, rng: Rng): string {
  putHex(uidCodes, 0, serial, 8);
  putHex(uidCodes, 9, rng.bits32(), 4);
  putHex(uidCodes, 14, rng.bits32(), 4);
  putHex(uidCodes, 19, rng.bits32(), 4);
  putHex(uidCodes, 24, rng.bits32(), 8);
  putHex(uidCodes, 32, rng.bits32(), 4);
  return String.fromCharCode.apply(null, uidCodes);
}

/** The first `digits` hex digits of a 32-bit value, from the top, as character codes at `at`. */
function putHex(codes: number[], at: number, value: number, digits: number): void {
  for (let k = 0; k < digits; k++) codes[at + k] = HEX_CODES[(value >>> (28 - 4 * k)) & 15];
}

/** `i-0` + 16 hex digits, as EC2 prints instance IDs. */
export function instanceId(rng: Rng): string {
  return `i-0${hex(rng, 16)}`;
}

/** `eni-0` + 16 hex digits. */
export function eniId(rng: Rng): string {
  return `eni-0${hex(rng, 16)}`;
}

/** An ENI's MAC: EC2 uses locally administered addresses starting 02: (or 06:, 0a: …). */
export function eniMac(rng: Rng): string {
  // One flat string: slices joined by a template would keep a tree of string pieces alive for every ENI.
  const h = hex(rng, 10);
  const codes = codesOfLength(17);
  codes[0] = 48; // '0'
  codes[1] = 50; // '2'
  for (let i = 0; i < 10; i++) codes[3 * (i >> 1) + 3 + (i & 1)] = h.charCodeAt(i);
  for (let c = 2; c < 17; c += 3) codes[c] = 58; // ':'
  return String.fromCharCode.apply(null, codes);
}

/** A host veth MAC: random, locally administered and unicast, as the kernel assigns to a new veth. */
export function vethMac(rng: Rng): string {
  const h = hex(rng, 12);
  const first = BYTE_HEX[(parseInt(h.slice(0, 2), 16) & 0xfc) | 0x02];
  return `${first}:${h.slice(2, 4)}:${h.slice(4, 6)}:${h.slice(6, 8)}:${h.slice(8, 10)}:${h.slice(10, 12)}`;
}

/** `cni-<uuid>`: the network namespace name the container runtime gives a pod sandbox. */
export function netnsName(rng: Rng): string {
  const h = hex(rng, 32);
  return `cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Kubernetes' SimpleNameGenerator: `base` + rand.String(n), as pods of a ReplicaSet or DaemonSet are named. Built
 * as one flat string: a concatenation would keep two extra string objects alive per pod.
 */
export function generateName(base: string, rng: Rng, n = 5): string {
  const codes = codesOfLength(base.length + n);
  for (let i = 0; i < base.length; i++) codes[i] = base.charCodeAt(i);
  for (let i = 0; i < n; i++) codes[base.length + i] = K8S_ALPHANUM_CODES[rng.int(K8S_ALPHANUM_CODES.length)];
  return String.fromCharCode.apply(null, codes);
}

const K8S_ALPHANUM_CODES = Array.from(K8S_ALPHANUMS, (c) => c.charCodeAt(0));

/**
 * The pod-template-hash label: Kubernetes hashes the template with FNV-32a and encodes the decimal digits with
 * rand.SafeEncodeString. Kubernetes hashes a spew dump of the Go struct, which we cannot reproduce; we hash a
 * canonical JSON of the template instead, so the format is real and the value is stable per template.
 */
export function podTemplateHash(template: unknown): string {
  let h = 0x811c9dc5;
  for (const byte of utf8ToBytes(canonicalJson(template))) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => K8S_ALPHANUMS[c.charCodeAt(0) % K8S_ALPHANUMS.length]).join('');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The host-side veth name the VPC CNI gives a pod (pkg/networkutils/names.go): the prefix (default `eni`)
 * and the first 11 hex digits of sha1("<namespace>.<pod name>").
 */
export function hostVethName(namespace: string, podName: string, prefix = 'eni'): string {
  return prefix + bytesToHex(sha1(utf8ToBytes(`${namespace}.${podName}`))).slice(0, 11);
}

/** The IPv6 link-local address the kernel derives from a MAC (EUI-64), as `ip addr` prints it. */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const words = [
    ((b[0] ^ 0x02) << 8) | b[1],
    (b[2] << 8) | 0xff,
    (0xfe << 8) | b[3],
    (b[4] << 8) | b[5],
  ];
  return `fe80::${words.map((w) => w.toString(16)).join(':')}/64`;
}

/** A random UUID-shaped UID (8-4-4-4-12 hex), for API objects other than pods. */
export function randomUid(rng: Rng): string {
  return `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`;
}

/** A pod sandbox's container ID (64 hex digits, as containerd names the pause container the CNI is called for),
 *  fixed by the pod's UID so that every view of the pod shows the same one. */
export function sandboxContainerId(podUid: string): string {
  return randomHex(createRng(`sandbox/${podUid}`), 64);
}
