// Everything the terminal needs once the learner starts it: xterm.js, the engine, the replay player. Loaded
// with import() on first use, so that a lesson page stays light until then.
import xtermCss from '@xterm/xterm/css/xterm.css?url';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import type { Scenario } from '../../shell/scenario.ts';
import { Replay } from '../../terminal/replay.ts';
import { pieces, visibleTail } from '../../terminal/screen-feed.ts';
import { toTerminal, type TranscriptEntry } from '../../terminal/terminal-session.ts';
import type { RestoreOutcome } from '../engine/protocol.ts';
import { highlightPod, pageCluster } from '../shared/page-cluster.ts';
import { documentLang, fill, loadWords, wordsIn } from '../shared/i18n.ts';
import { en } from './messages.ts';

/** A dark palette whose ANSI colours all keep a 4.5:1 contrast on the background (WCAG AA). */
const THEME = {
  background: '#0d1117', foreground: '#e6edf3', cursor: '#e6edf3', selectionBackground: '#264f78',
  black: '#484f58', red: '#ff7b72', green: '#7ee787', yellow: '#e3b341', blue: '#79c0ff', magenta: '#f0a0e8', cyan: '#76e3ea', white: '#e6edf3',
  brightBlack: '#8b949e', brightRed: '#ffa198', brightGreen: '#aff5b4', brightYellow: '#f8e3a1', brightBlue: '#a5d6ff', brightMagenta: '#f5c2ee', brightCyan: '#b3f0ff', brightWhite: '#ffffff',
};

export interface RuntimeOptions {
  host: HTMLElement;
  clusterId: string;
  scenario?: Scenario;
  /** Characters per second when a replay types a command (0: no animation). */
  typingDelay: () => number;
  onTranscript(entry: TranscriptEntry): void;
  /** The learner typed while a replay was showing. */
  onTakeOver(): void;
  isReplaying(): boolean;
}

export interface TerminalRuntime {
  term: Terminal;
  replay?: Replay;
  /** Inserts text at the prompt, as a tap on a suggestion chip does. */
  insert(text: string): void;
  focus(): void;
  /** Throws away what the learner did and returns the cluster to the replay's current step. */
  backToReplay(): Promise<void>;
  /** A fresh cluster (the scenario's starting one, or the lab's): the terminal starts over. */
  reset(): Promise<void>;
  /** What was done to the cluster, for a share link. */
  log(): Promise<unknown>;
  /** A fresh cluster with a shared link's log done on it again. */
  restore(log: unknown): Promise<RestoreOutcome>;
  dispose(): void;
}

/** xterm.js's default: a flood (`yes`) is that many lines for xterm.js to take in on the page's thread before a Ctrl-C's prompt shows. */
const SCROLLBACK = 1000;
/** Characters xterm.js parses at once: about a millisecond of its work, so the page never waits on a flood. */
const WRITE_PIECE = 8192;

/** Writes the engine's output as screen-feed.ts explains: the part that stays on screen, in pieces. */
function feed(term: Terminal): (text: string) => void {
  return (text) => {
    for (const piece of pieces(visibleTail(text, SCROLLBACK + term.rows), WRITE_PIECE)) term.write(piece);
  };
}

/** xterm.js's stylesheet, linked when the terminal starts, so that pages do not carry it before. */
function linkXtermCss(): void {
  if (document.querySelector('link[data-xterm-css]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = xtermCss;
  link.dataset.xtermCss = '';
  document.head.append(link);
}

/** Presenter mode (src/presenter/) scales the page's type for a room; the terminal's follows it. */
const PRESENTING_EVENT = 'nl-present-change';
function fontSize(): number {
  const root = document.documentElement;
  return root.hasAttribute('data-nl-present') ? Math.round(parseFloat(getComputedStyle(root).fontSize) * 0.8) : 13;
}

/** An xterm.js terminal in `host`, fitted to it (and refitted when presenter mode changes its type). */
function openXterm(host: HTMLElement): { term: Terminal; resize: { disconnect(): void } } {
  linkXtermCss();
  const term = new Terminal({
    theme: THEME,
    fontSize: fontSize(),
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    cursorBlink: true,
    rows: 20,
    scrollback: SCROLLBACK,
    convertEol: false,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  // Tests and curious learners can reach the emulator (and its buffer) from the host element.
  (host as HTMLElement & { xterm?: Terminal }).xterm = term;
  fit.fit();
  const observer = new ResizeObserver(() => fit.fit());
  observer.observe(host);
  const presenting = () => {
    term.options.fontSize = fontSize();
    fit.fit();
  };
  document.addEventListener(PRESENTING_EVENT, presenting);
  const resize = {
    disconnect() {
      observer.disconnect();
      document.removeEventListener(PRESENTING_EVENT, presenting);
    },
  };
  return { term, resize };
}

/** Esc then Tab gives focus back to the page, so keyboard users are never trapped in a terminal. */
function escapable(term: Terminal): void {
  let escaped = false;
  term.attachCustomKeyEventHandler((e) => {
    if (e.type !== 'keydown') return true;
    if (e.key === 'Tab' && escaped) {
      escaped = false;
      return false;
    }
    escaped = e.key === 'Escape';
    return true;
  });
}

const WORDS = await loadWords(en, () => import('./messages.ko.ts'));
const words = () => wordsIn(WORDS, documentLang());

/** A line the engine could not run because of a bug of ours: said as such, in the page's language. */
const failedIn = (term: Terminal) => (error: string) => term.write(toTerminal(`\n[${fill(words().simulatorFailed, { error })}]\n`));

/**
 * A second terminal on the page's cluster, with its own shell session (host, variables, history), as a lab
 * opens a second ssh window: tcpdump on a node here, ping from a pod in the first.
 */
export async function startSecondTerminal(host: HTMLElement, clusterId: string): Promise<{ dispose(): void; focus(): void }> {
  const { term, resize } = openXterm(host);
  const cluster = pageCluster(clusterId);
  await cluster.ensure();
  const handle = await cluster.openTerminal({
    write: feed(term),
    // A replay that steps back builds a new cluster: this terminal follows it with a new session.
    replaced: () => term.write(toTerminal(`\n[${words().replayReplaced}]\n`)),
    failed: failedIn(term),
  });
  escapable(term);
  term.onData((data) => handle.input(data));
  return {
    dispose() {
      handle.close();
      resize.disconnect();
      term.dispose();
    },
    focus: () => term.focus(),
  };
}

export async function startTerminal(o: RuntimeOptions): Promise<TerminalRuntime> {
  const { term, resize } = openXterm(o.host);
  const cluster = pageCluster(o.clusterId);
  await cluster.ensure(o.scenario?.name);
  const handle = await cluster.openTerminal({
    write: feed(term),
    transcript: o.onTranscript,
    failed: failedIn(term),
    // Our own replay stepped back: the screen starts over with the fresh cluster's prompt.
    replaced: (requester) => requester && term.reset(),
  });

  // Tab completes inside the terminal; Esc then Tab leaves it.
  escapable(term);

  term.onData((data) => {
    if (o.isReplaying()) o.onTakeOver();
    handle.input(data);
  });

  // Pod names in the terminal's output are links: hovering one highlights that pod in the page's other widgets.
  term.registerLinkProvider({
    provideLinks(y, callback) {
      const text = term.buffer.active.getLine(y - 1)?.translateToString(true) ?? '';
      if (!/\S/.test(text)) return callback(undefined);
      cluster.call('podLinks', { text }).then(
        (found) =>
          callback(
            found.length
              ? found.map(({ at, name, id }) => ({
                  range: { start: { x: at + 1, y }, end: { x: at + name.length, y } },
                  text: name,
                  decorations: { underline: true, pointerCursor: false },
                  activate: () => highlightPod({ clusterId: o.clusterId, pod: id }),
                  hover: () => highlightPod({ clusterId: o.clusterId, pod: id }),
                  leave: () => highlightPod({ clusterId: o.clusterId, pod: null }),
                }))
              : undefined,
          ),
        () => callback(undefined),
      );
    },
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const replay = o.scenario
    ? new Replay(o.scenario, {
        reset: () => cluster.reset(o.scenario!.name, handle),
        async run(cmd, animate) {
          const delay = animate ? o.typingDelay() : 0;
          if (delay > 0) {
            for (const ch of cmd) {
              term.write(ch);
              await sleep(delay);
            }
            term.write('\r\n');
          } else {
            term.write(toTerminal(`${cmd}\n`));
          }
          await handle.runLine(cmd);
        },
      })
    : undefined;

  return {
    term,
    replay,
    insert: (text) => handle.input(text),
    focus: () => term.focus(),
    reset: () => cluster.reset(o.scenario?.name, handle),
    log: () => cluster.log(),
    restore: (log) => cluster.restore(log),
    async backToReplay() {
      if (!replay) return;
      const at = replay.position;
      await replay.restart();
      await replay.goto(at);
    },
    dispose() {
      handle.close();
      resize.disconnect();
      term.dispose();
    },
  };
}
