// The client directives this site's islands use (listed in ./directive-names.ts), defined on the global `Astro` as
// Astro's inline directive scripts define them. This runs before the island element is defined (src/islands/
// runtime.ts imports it first): an island that starts looks its directive up at once.
import load from 'astro/runtime/client/load.js';
import visible from 'astro/runtime/client/visible.js';

const astro = ((self as unknown as { Astro?: Record<string, unknown> }).Astro ??= {});
astro.load = load;
astro.visible = visible;
