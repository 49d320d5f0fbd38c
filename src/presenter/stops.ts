// Presenter mode's sequence of stops, without any DOM: a lesson is its opening (title and introduction), then each
// of its h2 sections; inside a section with a replay, each step of the replay is a stop of its own. Both windows of
// a presentation build the same stops from the same page, so a stop's key names it in the messages between them.

export interface ReplayOutline {
  /** content/scenarios/NAME.yaml */
  scenario: string;
  steps: number;
}

export interface SectionOutline {
  /** The h2's id (its anchor); '' for the lesson's opening. */
  id: string;
  title: string;
  /** The first sentence of the section's first paragraph: the presenter's cue for it. */
  cue: string;
  /** The section's replays, in page order. */
  replays: ReplayOutline[];
}

export interface Stop {
  section: number;
  /** A replay's step: which replay of the section, and how many of its steps have run (1 to its steps). */
  replay?: number;
  step?: number;
}

export function buildStops(sections: readonly SectionOutline[]): Stop[] {
  return sections.flatMap((s, section) => [
    { section },
    ...s.replays.flatMap((r, replay) => Array.from({ length: r.steps }, (_, i) => ({ section, replay, step: i + 1 }))),
  ]);
}

/**
 * How many steps each replay of the stop's section has run at this stop: the replays before the current one are
 * at their end, the current one at the stop's step, those after it (and all of them at the section's own stop)
 * at their start.
 */
export function replayPositions(sections: readonly SectionOutline[], stop: Stop): number[] {
  return sections[stop.section]!.replays.map((r, i) =>
    stop.replay === undefined || i > stop.replay ? 0 : i < stop.replay ? r.steps : stop.step!,
  );
}

/** A stop's name in messages between windows: the section's anchor, and the replay and step for a step. */
export function stopKey(sections: readonly SectionOutline[], stop: Stop): string {
  const id = sections[stop.section]!.id;
  return stop.replay === undefined ? id : `${id}/${stop.replay}/${stop.step}`;
}

export function stopByKey(sections: readonly SectionOutline[], stops: readonly Stop[], key: string): number {
  return stops.findIndex((s) => stopKey(sections, s) === key);
}

/**
 * The address that opens the lesson at this stop, for phones in the room: the section's anchor, and `?step=N` for
 * a replay's step (the terminal reads it, as in the replay's own step links). `page` is the lesson's address; its
 * query and fragment are dropped.
 */
export function stopUrl(page: string, sections: readonly SectionOutline[], stop: Stop): string {
  const url = new URL(page);
  url.search = '';
  url.hash = sections[stop.section]!.id;
  if (stop.step !== undefined) url.searchParams.set('step', String(stop.step));
  return url.href;
}

/**
 * The stop a lesson's address points at: a replay's step (`?step=N` with the replay's section anchor, or, without
 * an anchor, the page's first replay), else the anchor's section, else the opening.
 */
export function stopFromUrl(sections: readonly SectionOutline[], stops: readonly Stop[], page: string): number {
  const url = new URL(page);
  const id = decodeURIComponent(url.hash.slice(1));
  const param = url.searchParams.get('step');
  const step = param !== null && /^\d+$/.test(param) ? Number(param) : 0;
  let section = id ? sections.findIndex((s) => s.id === id) : -1;
  if (section < 0 && step > 0) section = sections.findIndex((s) => s.replays.length > 0);
  if (section < 0) return 0;
  const replay = sections[section]!.replays[0];
  const at = replay && step > 0 ? stops.findIndex((s) => s.section === section && s.replay === 0 && s.step === Math.min(step, replay.steps)) : -1;
  return at >= 0 ? at : stops.findIndex((s) => s.section === section && s.replay === undefined);
}

/**
 * The first sentence of a paragraph's text: up to a full stop, question or exclamation mark followed by a space and
 * something other than a lower-case letter (so that "e.g. the" does not end it).
 */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = /[.!?。](?= [^a-z])/.exec(flat);
  return end ? flat.slice(0, end.index + 1) : flat;
}
