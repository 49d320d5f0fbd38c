// The full instance catalog is ~6 KB gzipped: islands load it on first use, not on hydration.
type Catalog = typeof import('../../model/catalog/index.ts');

let pending: Promise<Catalog> | undefined;

export function loadCatalog(): Promise<Catalog> {
  pending ??= import('../../model/catalog/index.ts');
  return pending;
}
