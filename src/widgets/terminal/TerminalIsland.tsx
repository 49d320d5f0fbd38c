import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../shell/scenario.ts';
import type { TranscriptEntry } from '../../terminal/terminal-session.ts';
import type { TerminalRuntime } from './runtime.ts';
import { fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import { en } from './messages.ts';

/** What the player shows before it starts; the steps themselves load with the engine. */
export interface ScenarioOutline {
  name: string;
  title: string;
  steps: number;
  markers: { label: string; step: number }[];
}

interface Props {
  /** Islands with the same id on a page share one simulated cluster. */
  clusterId: string;
  /** The recorded lab to replay, as a ScenarioOutline in JSON. */
  outlineJson?: string;
  /** The lab's description, static HTML from the page shown until the replay starts: not a prop, so that its words
   *  are in the page once (Terminal.astro). */
  children?: ComponentChildren;
  /** Commands offered as tap-to-insert chips (soft keyboards are poor in a terminal). */
  suggestions?: string[];
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
}

const WORDS = await loadWords(en, () => import('./messages.ko.ts'));

const SPEEDS = [0.5, 1, 2, 4];
/** Milliseconds per typed character at 1×. */
const TYPING_MS = 35;
/** Pause after a step's output before the next step, at 1×. */
const STEP_PAUSE_MS = 1600;

/** A page's shared link (#share=…) is for one terminal: the first on the page whose cluster it names. A link
 *  that names none of them (damaged, or made on another page) goes to the page's first terminal, to say so. */
let sharedLinkTaken = false;
function takeSharedLink(clusterId: string, root: HTMLElement | null): boolean {
  if (sharedLinkTaken || !location.hash.startsWith('#share=')) return false;
  const named = /^#share=\d+\.([a-z0-9-]{1,40})\./.exec(location.hash)?.[1];
  const terminals = [...document.querySelectorAll<HTMLElement>('.nl-term[data-cluster]')];
  const owner = terminals.find((t) => t.dataset.cluster === named) ?? terminals[0];
  if (owner ? owner !== root : named !== clusterId) return false;
  sharedLinkTaken = true;
  return true;
}

/** What became of a shared link this terminal opened. */
type SharedOutcome = { done: number; error?: string };

function stepFromUrl(): number | undefined {
  const v = new URL(location.href).searchParams.get('step');
  return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
}

export default function TerminalIsland({ clusterId, outlineJson, suggestions = [], lang, children }: Props) {
  const t = wordsIn(WORDS, lang);
  const [outline] = useState<ScenarioOutline | undefined>(() => (outlineJson ? JSON.parse(outlineJson) : undefined));
  const [scenario, setScenario] = useState<Scenario | undefined>();
  const rootRef = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const host2 = useRef<HTMLDivElement>(null);
  const runtime = useRef<TerminalRuntime | null>(null);
  const second = useRef<{ dispose(): void; focus(): void } | null>(null);
  const [split, setSplit] = useState(false);
  const [status, setStatus] = useState<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [live, setLive] = useState(!outline);
  const [transcript, setTranscript] = useState<TranscriptEntry | null>(null);
  const [shared, setShared] = useState<SharedOutcome | null>(null);
  const [shareLink, setShareLink] = useState<{ url: string; copied: boolean; entries?: number } | null>(null);
  const speedRef = useRef(speed);
  speedRef.current = speed;
  const liveRef = useRef(live);
  liveRef.current = live;
  const playingRef = useRef(playing);
  playingRef.current = playing;

  const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

  const sync = () => {
    const r = runtime.current?.replay;
    if (!r) return;
    setPosition(r.position);
    const url = new URL(location.href);
    url.searchParams.set('step', String(r.position));
    history.replaceState(history.state, '', url);
  };

  /** The terminal's start, shared by every request made while it is under way (a presenter's steps come fast). */
  const starting = useRef<Promise<TerminalRuntime | null> | null>(null);
  function start(): Promise<TerminalRuntime | null> {
    if (runtime.current) return Promise.resolve(runtime.current);
    starting.current ??= load().finally(() => (starting.current = null));
    return starting.current;
  }

  async function load(): Promise<TerminalRuntime | null> {
    setStatus('loading');
    try {
      const [{ startTerminal }, { loadBrowserScenarioIn }] = await Promise.all([import('./runtime.ts'), import('./scenarios.ts')]);
      // In the page's language where the lab has a translation, as the page's outline was chosen (Terminal.astro).
      const full = outline ? await loadBrowserScenarioIn(outline.name, lang ?? 'en') : undefined;
      setScenario(full);
      const r = await startTerminal({
        host: host.current!,
        clusterId,
        scenario: full,
        typingDelay: () => (reducedMotion() ? 0 : TYPING_MS / speedRef.current),
        onTranscript: setTranscript,
        onTakeOver: () => {
          setPlaying(false);
          setLive(true);
        },
        isReplaying: () => !!outline && !liveRef.current,
      });
      runtime.current = r;
      setStatus('ready');
      const wanted = stepFromUrl();
      if (r.replay && wanted) {
        await r.replay.goto(wanted);
        sync();
      }
      if (!outline) r.focus();
      return r;
    } catch (e) {
      console.error(e);
      setStatus('error');
      return null;
    }
  }

  // A shared link opens the replay at its step (?step=7), or rebuilds the cluster it carries (#share=…).
  useEffect(() => {
    if (takeSharedLink(clusterId, rootRef.current)) void openSharedLink();
    else if (outline && stepFromUrl() !== undefined) void start();
    return () => {
      second.current?.dispose();
      runtime.current?.dispose();
    };
  }, []);

  // The second terminal opens once its screen is on the page, and closes with it.
  useEffect(() => {
    if (!split) {
      second.current?.dispose();
      second.current = null;
      return;
    }
    let cancelled = false;
    (async () => {
      await start();
      const { startSecondTerminal } = await import('./runtime.ts');
      if (cancelled || !host2.current || second.current) return;
      const opened = await startSecondTerminal(host2.current, clusterId);
      if (cancelled) return opened.dispose();
      second.current = opened;
      second.current.focus();
    })();
    return () => {
      cancelled = true;
    };
  }, [split]);

  // Playing: run the next step, pause, repeat, until the end or a pause.
  useEffect(() => {
    if (!playing) return;
    let cancelled = false;
    (async () => {
      const r = await start();
      while (!cancelled && r?.replay && !r.replay.atEnd && playingRef.current) {
        await r.replay.forward(true);
        sync();
        await new Promise((res) => setTimeout(res, reducedMotion() ? 300 : STEP_PAUSE_MS / speedRef.current));
      }
      if (!cancelled) setPlaying(false);
    })();
    return () => {
      cancelled = true;
    };
  }, [playing]);

  const act = async (what: 'forward' | 'back' | 'restart' | { goto: number; animate?: boolean }) => {
    setPlaying(false);
    const r = await start();
    if (!r?.replay) return;
    if (!liveRef.current) {
      if (what === 'forward') await r.replay.forward(true);
      else if (what === 'back') await r.replay.back();
      else if (what === 'restart') await r.replay.restart();
      else await r.replay.goto(what.goto, what.animate);
    }
    sync();
  };

  // Presenter mode (src/presenter/) moves the replay to a step, in each window of a presentation; it asks again
  // for the step it wants when the island says it is ready (the island may hydrate after the request).
  const actRef = useRef(act);
  actRef.current = act;
  useEffect(() => {
    const root = rootRef.current;
    if (!outline || !root) return;
    const onStep = (e: Event) => {
      const step = (e as CustomEvent<{ step: number }>).detail.step;
      // A replay nobody started is at step 0 already: the engine need not load for that.
      if (step === 0 && !runtime.current && !starting.current) return;
      void actRef.current({ goto: step, animate: true });
    };
    root.addEventListener('nl-present-step', onStep);
    root.dispatchEvent(new Event('nl-replay-ready', { bubbles: true }));
    return () => root.removeEventListener('nl-present-step', onStep);
  }, []);

  const present = async () => {
    const { openPresenter } = await import('../../presenter/presenter.ts');
    openPresenter({ at: rootRef.current ?? undefined, opener: document.activeElement });
  };

  async function openSharedLink() {
    const { decodeShare, restoreProblemText, shareProblemText } = await import('../shared/share-link.ts');
    const link = await decodeShare(location.hash);
    if (!link) return;
    if ('error' in link) return setShared({ done: 0, error: shareProblemText(link.error, t) });
    if (link.clusterId !== clusterId) return setShared({ done: 0, error: t.otherPage });
    // The cluster will be where the link's author left it, not at a step of the replay.
    setLive(true);
    const r = await start();
    if (!r) return;
    try {
      const { done, error } = await r.restore(link.log);
      setShared({ done, ...(error ? { error: restoreProblemText(error, t) } : {}) });
    } catch (e) {
      setShared({ done: 0, error: fill(t.linkFailed, { error: (e as Error).message }) });
    }
  }

  /** Throws a shared link's cluster away: a fresh cluster, and the page's address without the link. */
  const startFresh = async () => {
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    setShared(null);
    await runtime.current?.reset();
  };

  const share = async () => {
    const url = new URL(location.href);
    url.hash = '';
    let entries: number | undefined;
    const r = runtime.current;
    if (r && !(r.replay && !live)) {
      // The cluster as it is: its log. (At a replay's step, the step's address says it in fewer characters.)
      url.searchParams.delete('step');
      const { encodeShare } = await import('../shared/share-link.ts');
      const log = (await r.log()) as { entries: unknown[] };
      entries = log.entries.length;
      url.hash = await encodeShare(clusterId, log);
    }
    let copied = false;
    try {
      await navigator.clipboard.writeText(url.href);
      copied = true;
    } catch {
      // No clipboard (an insecure page, a refused permission): the link is shown to copy by hand.
    }
    setShareLink({ url: url.href, copied, entries });
  };

  const backToReplay = async () => {
    setLive(false);
    await runtime.current?.backToReplay();
    sync();
  };

  const takeOver = async () => {
    setPlaying(false);
    setLive(true);
    const r = await start();
    r?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!outline || live || (e.target as HTMLElement).closest('.xterm')) return;
    if (e.key === ' ' || e.key === 'k') setPlaying((p) => !p);
    else if (e.key === 'ArrowRight' || e.key === 'l') void act('forward');
    else if (e.key === 'ArrowLeft' || e.key === 'j') void act('back');
    else if (e.key === 'Home') void act('restart');
    else return;
    e.preventDefault();
  };

  const current = position > 0 ? scenario?.steps[position - 1] : undefined;
  const markers = outline?.markers ?? [];

  return (
    <div class="nl-widget nl-term not-content" onKeyDown={onKeyDown} ref={rootRef} data-cluster={clusterId} data-scenario={outline?.name} data-steps={outline?.steps}>
      {outline && (
        <div class="nl-term__player" role="group" aria-label={fill(t.replay, { title: outline.title })}>
          <strong class="nl-term__title">{outline.title}</strong>
          <div class="nl-term__controls">
            <button type="button" onClick={() => act('restart')} title={t.restartTitle} disabled={live}>{t.restart}</button>
            <button type="button" onClick={() => act('back')} aria-label={t.back} title={t.backTitle} disabled={live || position === 0}>◀</button>
            <button type="button" onClick={() => setPlaying(!playing)} aria-label={playing ? t.pause : t.play} title={t.playTitle} disabled={live}>
              {playing ? '⏸' : '▶'}
            </button>
            <button type="button" onClick={() => act('forward')} aria-label={t.forward} title={t.forwardTitle} disabled={live || position >= outline.steps}>▶|</button>
            <label>
              <span class="nl-sr">{t.speed}</span>
              <select value={String(speed)} onChange={(e) => setSpeed(Number(e.currentTarget.value))} aria-label={t.speed}>
                {SPEEDS.map((s) => <option value={String(s)}>{s}×</option>)}
              </select>
            </label>
            {markers.length > 0 && (
              <label>
                <span class="nl-sr">{t.chapter}</span>
                <select aria-label={t.chapter} value="" onChange={(e) => e.currentTarget.value !== '' && act({ goto: Number(e.currentTarget.value) })}>
                  <option value="">{t.chapterPrompt}</option>
                  {markers.map((m) => <option value={String(m.step)}>{m.label}</option>)}
                </select>
              </label>
            )}
            <span class="nl-small" data-testid="step">{fill(t.step, { position, steps: outline.steps })}</span>
            <button type="button" onClick={present} aria-label={t.presentLabel}>{t.present}</button>
            {live ? (
              <button type="button" onClick={backToReplay}>{t.backToReplay}</button>
            ) : (
              <button type="button" onClick={takeOver}>{t.takeOver}</button>
            )}
          </div>
          <p class="nl-term__note" aria-live="polite">
            {live ? t.live : current?.note ?? children}
          </p>
        </div>
      )}
      <div class={`nl-term__screens${split ? ' is-split' : ''}`}>
      <div class="nl-term__screen">
        <div ref={host} class="nl-term__host" data-testid="terminal" />
        {status !== 'ready' && (
          <div class="nl-term__cover">
            <button type="button" class="nl-term__start" onClick={() => (outline ? setPlaying(true) : void start())} disabled={status === 'loading'}>
              {status === 'loading' ? t.starting : status === 'error' ? t.startFailed : outline ? t.playLab : t.start}
            </button>
          </div>
        )}
      </div>
      {split && (
        <div class="nl-term__screen">
          <div ref={host2} class="nl-term__host" data-testid="terminal-2" />
        </div>
      )}
      </div>
      <p class="nl-term__split">
        <button type="button" aria-pressed={split} onClick={() => setSplit(!split)}>
          {split ? t.closeSecond : t.openSecond}
        </button>{' '}
        <button type="button" onClick={share}>{t.share}</button>{' '}
        <span class="nl-small">{t.secondHint.split('{tcpdump}').map((part, i) => (i ? <><code>tcpdump</code>{part}</> : part))}</span>
      </p>
      {shareLink && (
        <div class="nl-term__share" role="status">
          <p class="nl-small">
            {shareLink.copied ? t.copied : t.copy}
            {shareLink.entries === undefined
              ? outline && !live ? fill(t.opensAtStep, { position }) : t.opensFresh
              : fill(shareLink.entries === 1 ? t.rebuilds1 : t.rebuilds, { n: shareLink.entries })}
          </p>
          <input type="text" readOnly value={shareLink.url} aria-label={t.linkLabel} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      {shared && (
        <div class={`nl-term__shared${shared.error ? ' is-error' : ''}`} role="status">
          <p>
            {shared.error
              ? `${shared.error} ${shared.done ? fill(t.partial, { n: shared.done }) : t.fresh}`
              : fill(shared.done === 1 ? t.rebuilt1 : t.rebuilt, { n: shared.done })}
          </p>
          <button type="button" onClick={startFresh}>{t.startFresh}</button>
        </div>
      )}
      {suggestions.length > 0 && (
        <div class="nl-term__chips" aria-label={t.suggested}>
          {suggestions.map((cmd) => (
            <button type="button" class="nl-chip" onClick={async () => { await takeOver(); runtime.current?.insert(cmd); }}>
              {cmd}
            </button>
          ))}
        </div>
      )}
      <p class="nl-small">{t.keys}</p>
      <div class="nl-sr" aria-live="polite" data-testid="transcript">
        {transcript ? `${transcript.command}\n${transcript.output}` : ''}
      </div>
    </div>
  );
}
