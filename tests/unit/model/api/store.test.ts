// The API object store: keys, server-filled metadata, the write counter, watches, selectors.
import { describe, expect, it } from 'vitest';
import { ApiError, ApiStore } from '../../../../src/model/api/store.ts';
import { parseFieldSelector } from '../../../../src/model/api/field-selector.ts';
import { parseLabelSelector } from '../../../../src/model/api/label-selector.ts';
import { newMeta } from '../../../../src/model/cluster/cluster.ts';
import type { ApiRecord, WatchEventType } from '../../../../src/model/api/types.ts';

function store() {
  let now = 1000, uid = 0;
  return { store: new ApiStore(() => now, () => `uid-${++uid}`), tick: () => (now += 1000) };
}
const cm = (name: string, namespace = 'default', labels: Record<string, string> = {}) => ({ kind: 'ConfigMap', metadata: newMeta(name, namespace, labels), data: {} });

describe('ApiStore', () => {
  it('fills in uid, creationTimestamp and a resourceVersion that every write moves on', () => {
    const { store: s } = store();
    const a = s.create(cm('a'));
    expect(a.metadata.uid).toBe('uid-1');
    expect(a.metadata.creationTimestamp).toBe(1000);
    const rv = a.metadata.resourceVersion;
    s.update(a);
    expect(a.metadata.resourceVersion).toBeGreaterThan(rv);
    const d = s.create({ kind: 'Deployment', metadata: newMeta('d', 'default'), spec: {} } as ApiRecord);
    expect(d.metadata.generation).toBe(1);
    s.update(d, true);
    expect(d.metadata.generation).toBe(2);
    s.update(d);
    expect(d.metadata.generation).toBe(2);
  });

  it('refuses a second object of one name, as AlreadyExists; NotFound in the resource\'s words', () => {
    const { store: s } = store();
    s.create(cm('a'));
    expect(() => s.create(cm('a'))).toThrow(new ApiError('AlreadyExists', 'configmaps "a" already exists'));
    s.create(cm('a', 'other'));
    expect(() => s.read('Deployment', 'default', 'x')).toThrow('deployments.apps "x" not found');
  });

  it('lists by namespace then name, filtered by label and field selectors', () => {
    const { store: s } = store();
    s.create(cm('b', 'default', { app: 'x' }));
    s.create(cm('a', 'kube-system', { app: 'x' }));
    s.create(cm('a', 'default', { app: 'y' }));
    expect(s.list('ConfigMap').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['default/a', 'default/b', 'kube-system/a']);
    expect(s.list('ConfigMap', { namespace: 'default' })).toHaveLength(2);
    expect(s.list('ConfigMap', { labelSelector: parseLabelSelector('app=x') }).map((o) => o.metadata.name)).toEqual(['b', 'a']);
    expect(s.list('ConfigMap', { fieldSelector: parseFieldSelector('metadata.namespace!=default') })).toHaveLength(1);
    expect(() => s.list('ConfigMap', { fieldSelector: parseFieldSelector('data.x=1') })).toThrow('"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });

  it('tells watchers of each write, by kind and by event type', () => {
    const { store: s } = store();
    const seen: string[] = [];
    s.watch('ConfigMap', (type: WatchEventType, o) => seen.push(`${type} ${o.metadata.name}`));
    const deletes: string[] = [];
    const stop = s.watch('*', (_t, o) => deletes.push(o.metadata.name), ['DELETED']);
    const a = s.create(cm('a'));
    s.update(a);
    s.remove(a);
    stop();
    s.remove(s.create(cm('b')));
    expect(seen).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a', 'ADDED b', 'DELETED b']);
    expect(deletes).toEqual(['a']);
  });
});
