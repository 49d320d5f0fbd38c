// Starlight's two table-of-contents elements (Starlight 0.42.4): <starlight-toc> from Starlight's own module, and
// <mobile-starlight-toc> as its MobileTableOfContents.astro defines it. Loaded after the page (src/after-load.ts).
import { StarlightTOC } from '../../../node_modules/@astrojs/starlight/dist/components-internals/TableOfContents/starlight-toc.js';

class MobileStarlightTOC extends StarlightTOC {
	override set current(link: HTMLAnchorElement) {
		super.current = link;
		const display = this.querySelector('.display-current') as HTMLSpanElement;
		if (display) display.textContent = link.textContent;
	}

	constructor() {
		super();
		const details = this.querySelector('details');
		if (!details) return;
		const closeToC = () => {
			details.open = false;
		};
		// Close the table of contents whenever a link is clicked.
		details.querySelectorAll('a').forEach((a) => {
			a.addEventListener('click', closeToC);
		});
		// Close the table of contents when a user clicks outside of it.
		window.addEventListener('click', (e) => {
			if (!details.contains(e.target as Node)) closeToC();
		});
		// Or when they press the escape key.
		window.addEventListener('keydown', (e) => {
			if (e.key === 'Escape' && details.open) {
				const hasFocus = details.contains(document.activeElement);
				closeToC();
				if (hasFocus) {
					const summary = details.querySelector('summary');
					if (summary) summary.focus();
				}
			}
		});
	}
}

customElements.define('mobile-starlight-toc', MobileStarlightTOC);
