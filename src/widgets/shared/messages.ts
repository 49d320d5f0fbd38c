// Why a shared link's log could not be done again, in words (./share-link.ts restoreProblemText): what
// cluster-log.ts finds wrong with an untrusted log, and what went differently when a line was run again.
// Korean in ./messages.ko.ts, with the same keys (src/widgets/shared/i18n.ts).
export const en = {
  'not-log': 'it is not a cluster log',
  'scenario-name': 'its scenario name is not one of ours',
  'no-entries': 'it has no list of entries',
  entries: 'it has {count} entries; a link holds at most {max}',
  ticks: 'its live runs last {count} ticks; a link holds at most {max}',
  commands: 'its live runs ran {count} commands; a link holds at most {max}',
  entry: 'entry {n}: {fault}',
  'not-object': 'not an object',
  'call-fields': 'a call with unknown fields',
  'not-action': 'not a widget action of this site',
  'args-long': 'its arguments are too long',
  'not-input': 'not a terminal input',
  'ctrl-c': 'a malformed Ctrl-C',
  'ctrl-d': 'a malformed Ctrl-D',
  'line-fields': 'a line with unknown fields',
  'line-long': 'a line must be text of at most {max} characters',
  'line-break': 'a line with a line break in it',
  step: 'a malformed step',
  watch: 'a malformed watch',
  run: 'a malformed run record',
  'first-slice': 'a malformed first slice',
  tick: 'a malformed tick',
  'ended-early': '`{line}`: the command ended before its recorded run did',
  'ended-before-interrupt': '`{line}`: the command ended before its recorded Ctrl-C',
  'not-ended': '`{line}`: the command did not end where its record does',
  'ended-at-once': '`{line}` ended at once, but its record is of a run',
  'runs-on': '`{line}` runs on, but its record is of a line that ended at once',
  action: 'the widget action {action} failed: {error}',
};

export type ShareLinkWords = typeof en;
