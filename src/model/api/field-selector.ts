// Field selectors as the API server takes them (k8s.io/apimachinery/pkg/fields/selector.go for the syntax; each
// kind's field label conversion for which fields it accepts: pkg/apis/core/v1/conversion.go and the defaults).

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export class FieldSelectorError extends Error {}

/** Splits on commas not escaped with a backslash, as fields.ParseSelector does; `a=b`, `a==b`, `a!=b`. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      cur += text[i] + text[i + 1];
      i++;
    } else if (text[i] === ',') {
      terms.push(cur);
      cur = '';
    } else cur += text[i];
  }
  terms.push(cur);
  const out: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const m = /^(.*?)(!=|==|=)(.*)$/s.exec(term);
    if (!m) throw new FieldSelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    out.push({ field: m[1], operator: m[2] === '!=' ? '!=' : '=', value: m[3].replace(/\\(.)/g, '$1') });
  }
  return out;
}

/** Fields each kind accepts beyond metadata.name and metadata.namespace (kube-apiserver 1.24). */
const KIND_FIELDS: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  Node: ['spec.unschedulable'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Namespace: ['status.phase'],
  Secret: ['type'],
  ReplicaSet: ['status.replicas'],
  ReplicationController: ['status.replicas'],
  Job: ['status.successful'],
};

/** Kinds whose conversion func answers "field label not supported" rather than the generic message. */
const CUSTOM_CONVERSION = new Set(['Pod', 'Node', 'Event', 'Namespace', 'Secret', 'ReplicaSet', 'ReplicationController', 'Job']);

/** Throws the API server's message when a field is not one the kind can be selected by. */
export function checkFields(kind: string, reqs: FieldRequirement[]): void {
  const allowed = ['metadata.name', 'metadata.namespace', ...(KIND_FIELDS[kind] ?? [])];
  for (const r of reqs) {
    if (allowed.includes(r.field)) continue;
    if (CUSTOM_CONVERSION.has(kind)) throw new FieldSelectorError(`field label not supported: ${r.field}`);
    throw new FieldSelectorError(`"${r.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
  }
}

/** Whether an object's field values (from `fieldsOf`) satisfy every requirement. */
export function matchesFields(values: (field: string) => string, reqs: FieldRequirement[]): boolean {
  for (const r of reqs) {
    const v = values(r.field);
    if (r.operator === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
}
