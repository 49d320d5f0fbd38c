// Presenter mode: a lesson shown to a room, one stop at a time (stops.ts): its sections, and inside a replay its
// steps. The page itself is restyled (Starlight's chrome hidden, large type, high contrast) rather than copied, so
// that the lesson's widgets stay live: a replay's steps run in the page's own terminal, and the ENI picture beside
// it redraws. A second window (the audience's: same page, no speaker notes) follows this one through a
// BroadcastChannel, and either window can drive; each has its own engine worker, and a replay's steps are
// deterministic, so both clusters match.
//
// Loaded with import() when the "Present" button is pressed (or the address asks for it): nothing of it, its
// styles or the QR code library is on a page before then.
import { renderSVG } from 'uqr';
import css from './presenter.css?inline';
import {
  buildStops, firstSentence, replayPositions, stopByKey, stopFromUrl, stopKey, stopUrl,
  type SectionOutline, type Stop,
} from './stops.ts';
import type { Scenario } from '../shell/scenario.ts';
import { documentLang, fill, loadWords, wordsIn } from '../widgets/shared/i18n.ts';
import { en } from './messages.ts';

/** Presenter mode's words in the page's language (loaded with it: src/widgets/shared/i18n.ts). */
const t = wordsIn(await loadWords(en, () => import('./messages.ko.ts')), documentLang());

export type Role = 'presenter' | 'audience';

export interface PresentOptions {
  /** The audience's window shows no notes; the address's `?present=audience` says so when omitted. */
  role?: Role;
  /** A replay's root (.nl-term): presenter mode starts at its section, at the step it shows. */
  at?: Element;
  /** Where focus goes back to when presenter mode closes. */
  opener?: Element | null;
}

/** Messages between the windows of one presentation (one lesson page). */
type Message = { v: 1; t: 'hello' } | { v: 1; t: 'state'; key: string; blank: boolean; qr: boolean };

/** Events the terminal island (widgets/terminal/TerminalIsland.tsx) and its runtime listen to or send. */
const STEP_EVENT = 'nl-present-step';
const READY_EVENT = 'nl-replay-ready';
const CHANGE_EVENT = 'nl-present-change';

/** A section as it is on the page: the elements it is made of, and its replays' roots. */
interface PageSection extends SectionOutline {
  members: Element[];
}

let active: Presenter | undefined;

/** Opens presenter mode on this page (or, when it is open, brings focus back to it). */
export function openPresenter(options: PresentOptions = {}): void {
  if (active) return active.focus();
  const content = document.querySelector('.sl-markdown-content');
  if (!content) return;
  active = new Presenter(content, options);
}

/** The lesson's sections: the opening (before the first h2), then each h2 with what follows it. */
function readSections(content: Element): PageSection[] {
  const title = document.querySelector('h1')?.textContent?.trim() ?? document.title;
  const sections: PageSection[] = [{ id: '', title, cue: '', replays: [], members: [] }];
  for (const el of content.children) {
    const h2 = el.matches('h2') ? el : el.matches('.sl-heading-wrapper.level-h2') ? el.querySelector('h2') : null;
    if (h2) sections.push({ id: h2.id, title: h2.textContent?.trim() ?? '', cue: '', replays: [], members: [] });
    const section = sections.at(-1)!;
    section.members.push(el);
    for (const term of el.querySelectorAll<HTMLElement>('.nl-term[data-steps]')) {
      section.replays.push({ scenario: term.dataset.scenario ?? '', steps: Number(term.dataset.steps) || 0 });
    }
  }
  for (const s of sections) s.cue = firstSentence(s.members.find((m) => m.matches('p'))?.textContent ?? '');
  return sections;
}

/** Elements made here: text goes in as text. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & Record<string, unknown> = {}, ...children: (Node | string)[]) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role') node.setAttribute(k, String(v));
    else (node as unknown as Record<string, unknown>)[k] = v;
  }
  node.append(...children);
  return node;
}

class Presenter {
  private readonly role: Role;
  private readonly sections: PageSection[];
  private readonly stops: Stop[];
  private index = 0;
  private blank = false;
  private qr = true;
  private notes = true;
  private readonly opener: Element | null;
  private readonly channel: BroadcastChannel | undefined;
  private readonly root: HTMLElement;
  private readonly style: HTMLStyleElement;
  private readonly ui: {
    counter: HTMLElement; announce: HTMLElement; side: HTMLElement; notes: HTMLElement; qr: HTMLElement;
    blank: HTMLElement; toggles: Record<'blank' | 'qr' | 'notes', HTMLButtonElement>;
    prev: HTMLButtonElement; next: HTMLButtonElement;
  };
  /** Each replay's steps (for the notes), loaded with the terminal's scenarios. */
  private scenarios = new Map<string, Scenario>();
  /** The step each replay on the page was last asked to show, by its order on the page. */
  private readonly wanted = new Map<number, number>();
  private readonly barSize: ResizeObserver;
  private readonly cleanups: (() => void)[] = [];

  constructor(content: Element, o: PresentOptions) {
    const asked = new URLSearchParams(location.search).get('present');
    this.role = o.role ?? (asked === 'audience' ? 'audience' : 'presenter');
    this.opener = o.opener ?? null;
    this.sections = readSections(content);
    this.stops = buildStops(this.sections);
    this.index = this.startingStop(o.at);

    this.style = el('style', { textContent: css });
    document.head.append(this.style);

    const button = (label: string, act: () => void, props: Record<string, unknown> = {}) =>
      el('button', { type: 'button', onclick: act, ...props }, label);
    const toggles = {
      blank: button(t.blank, () => this.change({ blank: !this.blank }), { title: t.blankTitle, 'aria-pressed': 'false' }),
      qr: button(t.qr, () => this.change({ qr: !this.qr }), { title: t.qrTitle, 'aria-pressed': 'true' }),
      notes: button(t.notes, () => this.setNotes(!this.notes), { title: t.notesTitle, 'aria-pressed': 'true' }),
    };
    const prev = button('◀', () => this.go(this.index - 1), { title: t.previousTitle, 'aria-label': t.previous });
    const next = button('▶', () => this.go(this.index + 1), { title: t.nextTitle, 'aria-label': t.next });
    const counter = el('span', { className: 'nl-pres__count', 'data-testid': 'present-counter', 'aria-hidden': 'true' });
    const announce = el('span', { className: 'nl-sr', 'aria-live': 'polite' });
    const bar = el(
      'div',
      { className: 'nl-pres__bar' },
      prev, counter, next, announce, toggles.blank, toggles.qr,
      ...(this.role === 'presenter'
        ? [toggles.notes, button(t.audience, () => this.openAudience(), { title: t.audienceTitle })]
        : []),
      ...(document.fullscreenEnabled ? [button(t.fullScreen, () => this.fullscreen(), { title: t.fullScreenTitle, className: 'nl-pres__fullscreen' })] : []),
      button(t.exit, () => this.close(), { title: t.exitTitle }),
    );
    const notes = el('section', { className: 'nl-pres__notes', 'aria-label': t.speakerNotes, 'data-testid': 'speaker-notes' });
    const qr = el('figure', { className: 'nl-pres__qr', 'data-testid': 'present-qr' });
    const side = el('div', { className: 'nl-pres__side' }, ...(this.role === 'presenter' ? [notes] : []), qr);
    const unblank = () => this.change({ blank: false });
    const blank = el('div', { className: 'nl-pres__blank', hidden: true, 'data-testid': 'present-blank' },
      ...(this.role === 'presenter' ? [button(t.unblank, unblank)] : []));
    // A tap anywhere on a blank screen brings it back (the audience's window has no button on it).
    blank.addEventListener('click', (e) => e.target === blank && unblank());
    this.root = el('div', { className: 'nl-pres', role: 'region', 'aria-label': t.presenterMode, tabIndex: -1 }, side, bar, blank);
    this.ui = { counter, announce, side, notes, qr, blank, toggles, prev, next };
    document.body.append(this.root);
    this.barSize = new ResizeObserver(() => document.documentElement.style.setProperty('--nl-pres-bar', `${bar.offsetHeight}px`));
    this.barSize.observe(bar);

    const html = document.documentElement;
    html.dataset.nlPresent = this.role;
    // Terminals already open take the larger type (widgets/terminal/runtime.ts).
    document.dispatchEvent(new Event(CHANGE_EVENT));

    const onKey = (e: KeyboardEvent) => this.key(e);
    const onReady = (e: Event) => this.replayReady(e.target as Element);
    document.addEventListener('keydown', onKey);
    document.addEventListener(READY_EVENT, onReady);
    this.cleanups.push(() => document.removeEventListener('keydown', onKey), () => document.removeEventListener(READY_EVENT, onReady));

    if (typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(`eks-netlab-present:${location.pathname}`);
      this.channel.onmessage = (e: MessageEvent<Message>) => this.receive(e.data);
      // A window that joins asks where the presentation is; one already presenting answers.
      this.post({ v: 1, t: 'hello' });
    }
    this.show();
    this.focus();
    void this.loadNotes();
  }

  focus(): void {
    // The region's own box sits after the page: focusing it must not scroll there.
    this.root.focus({ preventScroll: true });
  }

  private startingStop(at: Element | undefined): number {
    const terms = this.terms();
    const i = at ? terms.indexOf(at as HTMLElement) : -1;
    if (i < 0) return Math.max(0, stopFromUrl(this.sections, this.stops, location.href));
    const { section, replay } = this.replayAt(i);
    const step = Number((at as HTMLElement).querySelector('[data-testid=step]')?.textContent?.match(/\d+/)?.[0] ?? 0);
    const found = this.stops.findIndex((s) => s.section === section && (step > 0 ? s.replay === replay && s.step === step : s.replay === undefined));
    return Math.max(0, found);
  }

  /** The page's replays (their live roots: an island may have hydrated since), in page order. */
  private terms(): HTMLElement[] {
    return [...document.querySelectorAll<HTMLElement>('.sl-markdown-content .nl-term[data-steps]')];
  }

  /** Which section, and which of its replays, the page's i-th replay is. */
  private replayAt(i: number): { section: number; replay: number } {
    let seen = 0;
    for (const [section, s] of this.sections.entries()) {
      if (i < seen + s.replays.length) return { section, replay: i - seen };
      seen += s.replays.length;
    }
    return { section: -1, replay: -1 };
  }

  private firstReplayOf(section: number): number {
    return this.sections.slice(0, section).reduce((n, s) => n + s.replays.length, 0);
  }

  private go(i: number): void {
    const to = Math.max(0, Math.min(this.stops.length - 1, i));
    if (to === this.index) return;
    this.change({ index: to });
  }

  /** A change made in this window: shown here, and sent to the others. */
  private change(c: { index?: number; blank?: boolean; qr?: boolean }): void {
    this.index = c.index ?? this.index;
    this.blank = c.blank ?? this.blank;
    this.qr = c.qr ?? this.qr;
    this.show();
    this.post(this.state());
  }

  private state(): Message {
    return { v: 1, t: 'state', key: stopKey(this.sections, this.stops[this.index]!), blank: this.blank, qr: this.qr };
  }

  private receive(m: Message): void {
    if (m?.v !== 1) return;
    if (m.t === 'hello') return this.post(this.state());
    if (m.t !== 'state' || typeof m.key !== 'string') return;
    const i = stopByKey(this.sections, this.stops, m.key);
    // A stop this page does not have (another build of the site in the other window): stay put.
    if (i < 0) return;
    this.index = i;
    this.blank = m.blank === true;
    this.qr = m.qr !== false;
    this.show();
  }

  private post(m: Message): void {
    this.channel?.postMessage(m);
  }

  /** Shows the current stop: its section's elements, the counter, the notes, the QR code; moves its replays. */
  private show(): void {
    const stop = this.stops[this.index]!;
    const section = this.sections[stop.section]!;
    const html = document.documentElement;
    for (const [i, s] of this.sections.entries()) for (const m of s.members) m.classList.toggle('nl-on', i === stop.section);
    html.toggleAttribute('data-nl-opening', stop.section === 0);
    html.dataset.nlKind = stop.replay === undefined ? 'section' : 'step';
    html.toggleAttribute('data-nl-qr', this.qr);
    html.toggleAttribute('data-nl-notes', this.notes && this.role === 'presenter');

    const count = `${this.index + 1} / ${this.stops.length}`;
    this.ui.counter.textContent = count;
    this.ui.announce.textContent = fill(t.announce, { n: this.index + 1, total: this.stops.length, label: this.label(stop) });
    this.ui.prev.disabled = this.index === 0;
    this.ui.next.disabled = this.index === this.stops.length - 1;
    this.ui.blank.hidden = !this.blank;
    for (const [name, on] of [['blank', this.blank], ['qr', this.qr], ['notes', this.notes]] as const) {
      this.ui.toggles[name].setAttribute('aria-pressed', String(on));
    }
    this.renderNotes();
    this.renderQr(stopUrl(location.href, this.sections, stop));

    // The replays of this section go to where this stop has them.
    const first = this.firstReplayOf(stop.section);
    replayPositions(this.sections, stop).forEach((step, r) => this.moveReplay(first + r, step));

    // The address follows the stop (a reload comes back to it), with `?present` to reopen presenter mode.
    const url = new URL(stopUrl(location.href, this.sections, stop));
    url.searchParams.set('present', this.role === 'audience' ? 'audience' : '');
    history.replaceState(history.state, '', url.href.replace(/present=(&|#|$)/, 'present$1'));
    scrollTo(0, 0);
  }

  private moveReplay(i: number, step: number): void {
    this.wanted.set(i, step);
    this.terms()[i]?.dispatchEvent(new CustomEvent(STEP_EVENT, { detail: { step } }));
  }

  /** A replay's island hydrated (its section came into view): it is told the step it should show. */
  private replayReady(term: Element): void {
    const i = this.terms().indexOf(term as HTMLElement);
    const step = this.wanted.get(i);
    if (i >= 0 && step !== undefined) this.moveReplay(i, step);
  }

  private label(stop: Stop): string {
    const section = this.sections[stop.section]!;
    if (stop.replay === undefined) return section.title;
    const replay = section.replays[stop.replay]!;
    return fill(t.stepOf, { section: section.title, step: stop.step!, steps: replay.steps });
  }

  private async loadNotes(): Promise<void> {
    const names = [...new Set(this.sections.flatMap((s) => s.replays.map((r) => r.scenario)))];
    if (names.length === 0) return;
    try {
      const { loadBrowserScenario } = await import('../widgets/terminal/scenarios.ts');
      for (const name of names) this.scenarios.set(name, loadBrowserScenario(name));
    } catch (e) {
      console.error(e);
    }
    this.renderNotes();
  }

  /** The speaker's notes: where this stop is, what it says (a step's note, a section's first sentence), and what is next. */
  private renderNotes(): void {
    if (this.role !== 'presenter') return;
    const stop = this.stops[this.index]!;
    const section = this.sections[stop.section]!;
    const parts: Node[] = [el('p', { className: 'nl-pres__where' }, this.label(stop))];
    if (stop.replay === undefined) {
      if (section.cue) parts.push(el('p', { className: 'nl-pres__note' }, section.cue));
      const replays = section.replays.length;
      if (replays) parts.push(el('p', {}, fill(replays > 1 ? t.thenReplays : t.thenReplay, { steps: section.replays.map((r) => r.steps).join(t.and) })));
    } else {
      const replay = section.replays[stop.replay]!;
      const step = this.scenarios.get(replay.scenario)?.steps[stop.step! - 1];
      if (step) {
        if (step.marker) parts.push(el('p', { className: 'nl-pres__marker' }, step.marker));
        parts.push(el('pre', { className: 'nl-pres__cmd' }, el('code', {}, `$ ${step.cmd}`)));
        if (step.note) parts.push(el('p', { className: 'nl-pres__note' }, step.note));
      }
    }
    const next = this.stops[this.index + 1];
    const nextCmd = next?.replay !== undefined ? this.scenarios.get(this.sections[next.section]!.replays[next.replay]!.scenario)?.steps[next.step! - 1]?.cmd : undefined;
    parts.push(
      el('p', { className: 'nl-pres__next' }, next ? fill(t.nextStop, { label: this.label(next) }) : t.lastStop, ...(nextCmd ? [el('br'), el('code', {}, nextCmd)] : [])),
    );
    this.ui.notes.replaceChildren(...parts);
  }

  private renderQr(url: string): void {
    if (!this.qr) return this.ui.qr.replaceChildren();
    if (this.ui.qr.dataset.url === url) return;
    this.ui.qr.dataset.url = url;
    // uqr's SVG is made of paths from our own address, never of text from it: safe to insert as markup.
    const svg = renderSVG(url, { ecc: 'M', border: 2, pixelSize: 8 });
    const picture = el('div', { className: 'nl-pres__qrcode', role: 'img', 'aria-label': fill(t.qrOf, { url }) });
    picture.innerHTML = svg;
    const link = el('a', { href: url }, url.replace(/^https?:\/\//, ''));
    this.ui.qr.replaceChildren(picture, el('figcaption', {}, t.onPhone, link));
  }

  private setNotes(on: boolean): void {
    this.notes = on;
    this.show();
  }

  private openAudience(): void {
    const url = new URL(location.href);
    url.searchParams.set('present', 'audience');
    window.open(url.href, 'eks-netlab-audience', 'popup,width=1280,height=800');
  }

  private fullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen().catch(() => {});
  }

  private key(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement;
    // Typing in a terminal or a form (or Starlight's search) is not a remote's key.
    if (target.closest?.('.xterm, input, textarea, select, [contenteditable=""], [contenteditable=true], dialog[open]')) return;
    const onControl = !!target.closest?.('button, a, summary');
    switch (e.key) {
      case 'PageDown':
      case 'ArrowRight':
        this.go(this.index + 1);
        break;
      case 'PageUp':
      case 'ArrowLeft':
        this.go(this.index - 1);
        break;
      case ' ':
        // Space on a button presses it, as it always does.
        if (onControl) return;
        this.go(this.index + (e.shiftKey ? -1 : 1));
        break;
      case 'Home':
        this.go(0);
        break;
      case 'End':
        this.go(this.stops.length - 1);
        break;
      // Clickers' "blank screen" button sends B or a full stop.
      case 'b':
      case 'B':
      case '.':
        this.change({ blank: !this.blank });
        break;
      case 'q':
      case 'Q':
        this.change({ qr: !this.qr });
        break;
      case 'n':
      case 'N':
        if (this.role !== 'presenter') return;
        this.setNotes(!this.notes);
        break;
      case 'f':
      case 'F':
        if (!document.fullscreenEnabled) return;
        this.fullscreen();
        break;
      case 'Escape':
        this.close();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  /** Back to the page as it was, at the section presented last. */
  close(): void {
    const stop = this.stops[this.index]!;
    this.cleanups.forEach((f) => f());
    this.barSize.disconnect();
    this.channel?.close();
    this.root.remove();
    this.style.remove();
    for (const s of this.sections) for (const m of s.members) m.classList.remove('nl-on');
    const html = document.documentElement;
    for (const a of ['data-nl-present', 'data-nl-opening', 'data-nl-kind', 'data-nl-qr', 'data-nl-notes']) html.removeAttribute(a);
    html.style.removeProperty('--nl-pres-bar');
    document.dispatchEvent(new Event(CHANGE_EVENT));
    const url = new URL(location.href);
    url.searchParams.delete('present');
    history.replaceState(history.state, '', url);
    if (document.fullscreenElement) void document.exitFullscreen();
    active = undefined;
    const id = this.sections[stop.section]!.id;
    if (id) document.getElementById(id)?.scrollIntoView();
    else scrollTo(0, 0);
    (this.opener as HTMLElement | null)?.focus?.({ preventScroll: true });
  }
}
