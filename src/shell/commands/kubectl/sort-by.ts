// `kubectl get --sort-by`: k8s.io/kubectl/pkg/cmd/get/sorter.go. The field is a relaxed JSONPath (`.metadata.name`,
// `metadata.name`, `{.metadata.name}`); objects are ordered by its first result: numbers as numbers, two strings
// that both read as quantities by amount, other strings in natural order (sortorder.NaturalLess: "pod-9" before
// "pod-10"); an object without the field comes first, and a field no object has is an error.
import { quantityValue } from '../../../model/k8s/quantity.ts';
import { jsonpathValues } from '../../format/jsonpath.ts';

/** printers.RelaxedJSONPathExpression. */
export function relaxedJsonPath(input: string): string {
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(input);
  if (!m) throw new Error("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] || m[2]}}`;
}

/** fvbommel/sortorder's NaturalLess: runs of digits compare as numbers, digits sort before other characters. */
export function naturalLess(a: string, b: string): boolean {
  const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const da = digit(a[i]);
    const db = digit(b[j]);
    if (da !== db) return da;
    if (!da) {
      if (a[i] !== b[j]) return a[i] < b[j];
      i++;
      j++;
      continue;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    const si = i;
    const sj = j;
    while (digit(a[i])) i++;
    while (digit(b[j])) j++;
    if (i - si !== j - sj) return i - si < j - sj;
    const na = a.slice(si, i);
    const nb = b.slice(sj, j);
    if (na !== nb) return na < nb;
    if (si !== sj) return si < sj;
  }
  return a.length < b.length;
}

function isLess(x: unknown, y: unknown, field: string): boolean {
  if (x === null || x === undefined) return y !== null && y !== undefined;
  if (y === null || y === undefined) return false;
  if (typeof x === 'number' && typeof y === 'number') return x < y;
  if (typeof x === 'string' && typeof y === 'string') {
    const qx = quantityValue(x);
    const qy = quantityValue(y);
    return qx !== undefined && qy !== undefined ? qx < qy : naturalLess(x, y);
  }
  if (typeof x === 'boolean' && typeof y === 'boolean') return !x && y;
  const type = Array.isArray(x) ? '[]interface {}' : typeof x === 'object' ? 'map[string]interface {}' : typeof x;
  throw new Error(`Field ${field} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: ${type}`);
}

/** The objects' order by the field (indexes into `objects`), or the error kubectl prints. */
export function sortOrder(objects: unknown[], input: string): number[] {
  const field = relaxedJsonPath(input);
  const keys = objects.map((o) => jsonpathValues(field, o));
  if (!keys.some((k) => k.length > 0)) throw new Error(`couldn't find any field with path "${field}" in the list of objects`);
  const less = (a: number, b: number) => {
    if (keys[a].length === 0) return true;
    if (keys[b].length === 0) return false;
    return isLess(keys[a][0], keys[b][0], field);
  };
  return objects.map((_, i) => i).sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}
