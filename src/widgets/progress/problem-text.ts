// What the store's problems (./store.ts) mean, in the page's words (./messages.ts).
import { fill } from '../shared/i18n.ts';
import type { ProgressMessages } from './messages.ts';
import type { ImportProblem, RecordProblem } from './store.ts';

const NOT: Record<Extract<RecordProblem, { why: 'not' }>['is'], keyof ProgressMessages> = {
  number: 'whyNumber', string: 'whyString', list: 'whyList', object: 'whyObjectAt', topic: 'whyTopic',
};

/** Why a record cannot be used: a clause, to go inside a sentence. */
export function recordProblemText(p: RecordProblem, t: ProgressMessages): string {
  switch (p.why) {
    case 'json': return t.whyJson;
    case 'object': return t.whyObject;
    case 'version': return fill(t.whyVersion, { found: p.found, want: p.want });
    case 'not': return fill(t[NOT[p.is]], { at: p.at });
    case 'entries': return fill(t.whyEntries, { at: p.at, max: p.max });
  }
}

/** The notice that the saved progress was reset. */
export const resetText = (p: RecordProblem, t: ProgressMessages) => fill(t.unreadable, { why: recordProblemText(p, t) });

/** Why a file could not be imported. */
export function importProblemText(p: ImportProblem, t: ProgressMessages): string {
  if (p.why === 'too-large') return t.tooLarge;
  if (p.why === 'not-json') return t.notJsonFile;
  return fill(t.notExport, { why: recordProblemText(p.problem, t) });
}
