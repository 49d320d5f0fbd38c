// A "Copy" button on each of the lessons' code blocks, added once the page has loaded (src/after-load.ts): a nicety
// that costs the page nothing before interaction. Plain DOM: a block is its text, the button copies that text.
import { documentLang, loadWords, wordsIn } from '../widgets/shared/i18n.ts';
import { en } from './messages.ts';

const words = wordsIn(await loadWords(en, () => import('./messages.ko.ts')), documentLang());

export function addCopyButtons(root: ParentNode = document): void {
  for (const pre of root.querySelectorAll<HTMLPreElement>('.sl-markdown-content pre:not(.not-content *)')) {
    if (pre.parentElement?.classList.contains('nl-code')) continue;
    const box = document.createElement('div');
    box.className = 'nl-code';
    pre.replaceWith(box);
    box.append(pre);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'nl-copy';
    button.textContent = words.copy;
    const status = document.createElement('span');
    status.className = 'sr-only';
    status.setAttribute('role', 'status');
    button.addEventListener('click', () => {
      navigator.clipboard?.writeText(pre.innerText.replace(/\n$/, '')).then(
        () => {
          button.textContent = words.done;
          status.textContent = words.done;
          setTimeout(() => { button.textContent = words.copy; status.textContent = ''; }, 2000);
        },
        () => { /* A page without clipboard access keeps the text selectable, as before. */ },
      );
    });
    box.append(button, status);
  }
}
