// The exercise's own words (src/widgets/shared/i18n.ts). {answer}, {guess}, {unit}, {choice}, {seen} are filled in.
export const en = {
  placeholder: 'your answer',
  run: 'Commit and run',
  running: 'Running…',
  wholeNumber: 'Enter a whole number.',
  right: 'Right: {answer} {unit}.',
  wrong: 'Not {guess}: the cluster shows {answer} {unit}.',
  noNumber: 'The cluster gave no number; see its output.',
  rightChoice: 'Right: {seen}.',
  wrongChoice: 'Not {choice}: the cluster shows {seen}.',
  nothing: 'nothing',
  transcript: 'What the simulated cluster ran',
};

export type ExerciseMessages = typeof en;
