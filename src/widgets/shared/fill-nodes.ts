// A message with {name} slots filled by elements (a <code>, a <strong>): the words around them stay in the
// message, so each language puts them where its grammar wants (src/widgets/shared/i18n.ts).
import type { ComponentChildren } from 'preact';

export function fillNodes(template: string, values: Record<string, ComponentChildren>): ComponentChildren[] {
  return template.split(/\{(\w+)\}/).map((part, i) => (i % 2 ? (part in values ? values[part] : `{${part}}`) : part));
}
