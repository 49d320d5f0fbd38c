// A link that rebuilds one of a page's clusters: the page's address with `#share=1.<cluster id>.<log>`, where the
// log (cluster-log.ts) is JSON, deflated and base64url-encoded. "1" is the format's version: a later format gets
// another number, and a link of an unknown one is refused with a message rather than misread.
//
// Everything here is about the text of the link; what the log may ask for is checked by the engine worker, which
// does it only as commands for our shell and calls from our table.
import type { RestoreProblem } from '../engine/protocol.ts';
import { documentLang, fill, type Lang, loadWords, wordsIn } from './i18n.ts';
import { en, type ShareLinkWords } from './messages.ts';

export const SHARE_VERSION = 1;
/** Longer links are refused: a log that long is not a step to show someone (and chat apps cut such URLs). */
export const MAX_SHARE_CHARS = 100_000;
/** What a link's log may inflate to: a deflate bomb stops here. */
export const MAX_LOG_BYTES = 2_000_000;

const PREFIX = 'share=';

export interface SharedCluster {
  clusterId: string;
  /** Not checked: the engine worker checks it when it restores. */
  log: unknown;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array | undefined> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** The fragment (without '#') of a link to cluster `clusterId` as `log` describes it. */
export async function encodeShare(clusterId: string, log: unknown): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(log));
  const packed = await pipe(json, new CompressionStream('deflate-raw'), Infinity);
  return `${PREFIX}${SHARE_VERSION}.${clusterId}.${toBase64Url(packed!)}`;
}

/** Why a link cannot be opened, as data: the terminal words it in the page's language (its messages' `share…`). */
export type ShareProblem =
  | { why: 'too-long'; chars: number; max: number }
  | { why: 'parts' }
  | { why: 'version'; found: string; reads: number }
  | { why: 'base64' }
  | { why: 'unpack' }
  | { why: 'too-large'; mb: number }
  | { why: 'log' };

/**
 * The cluster a link's fragment (`location.hash`, with or without '#') describes; undefined when it is not a share
 * link at all; a problem when it is one that cannot be read.
 */
export async function decodeShare(hash: string): Promise<SharedCluster | { error: ShareProblem } | undefined> {
  const fragment = hash.replace(/^#/, '');
  if (!fragment.startsWith(PREFIX)) return undefined;
  if (fragment.length > MAX_SHARE_CHARS) return { error: { why: 'too-long', chars: fragment.length, max: MAX_SHARE_CHARS } };
  const m = /^share=(\d+)\.([a-z0-9-]{1,40})\.(.*)$/.exec(fragment);
  if (!m) return { error: { why: 'parts' } };
  const [, version, clusterId, payload] = m;
  if (Number(version) !== SHARE_VERSION) return { error: { why: 'version', found: version!, reads: SHARE_VERSION } };
  const bytes = fromBase64Url(payload!);
  if (!bytes) return { error: { why: 'base64' } };
  let json: Uint8Array | undefined;
  try {
    json = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_LOG_BYTES);
  } catch {
    return { error: { why: 'unpack' } };
  }
  if (!json) return { error: { why: 'too-large', mb: MAX_LOG_BYTES / 1_000_000 } };
  try {
    return { clusterId: clusterId!, log: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)) };
  } catch {
    return { error: { why: 'log' } };
  }
}

type ProblemWords = Record<'restoreLog' | 'restoreScenario' | 'restoreEntry', string>;

const WORDS = await loadWords(en, () => import('./messages.ko.ts'));

/** What is wrong with a link's log, or with a line run again from it, in the page's words. */
function detailText(p: Extract<RestoreProblem, { why: 'log' | 'entry' }>, w: ShareLinkWords): string {
  if (p.why === 'entry') return 'action' in p.problem ? fill(w.action, p.problem) : fill(w[p.problem.fault], { line: p.problem.line });
  const q = p.problem;
  if (q.why === 'entry') return fill(w.entry, { n: q.n, fault: fill(w[q.fault], { max: q.max ?? '' }) });
  return fill(w[q.why], 'count' in q ? { count: q.count, max: q.max } : {});
}

/** Why the engine stopped rebuilding a link's cluster, in the page's words. */
export function restoreProblemText(p: RestoreProblem, t: ProblemWords, lang: Lang | undefined = documentLang()): string {
  const w = wordsIn(WORDS, lang);
  if (p.why === 'log') return fill(t.restoreLog, { detail: detailText(p, w) });
  if (p.why === 'scenario') return fill(t.restoreScenario, { scenario: p.scenario });
  return fill(t.restoreEntry, { n: p.n, detail: detailText(p, w) });
}

/** A link's problem in the page's words. */
export function shareProblemText(p: ShareProblem, t: Record<'shareTooLong' | 'shareParts' | 'shareVersion' | 'shareBase64' | 'shareUnpack' | 'shareTooLarge' | 'shareLog', string>): string {
  switch (p.why) {
    case 'too-long': return fill(t.shareTooLong, { chars: p.chars, max: p.max });
    case 'parts': return t.shareParts;
    case 'version': return fill(t.shareVersion, { found: p.found, reads: p.reads });
    case 'base64': return t.shareBase64;
    case 'unpack': return t.shareUnpack;
    case 'too-large': return fill(t.shareTooLarge, { mb: p.mb });
    case 'log': return t.shareLog;
  }
}
