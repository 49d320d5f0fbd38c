// The API server's object store: every object by kind, namespace and name, a write counter that stamps each
// write (resourceVersion), and watches that controllers and faces subscribe to. Controllers read and write
// only through it. Kinds with hundreds of thousands of objects (pods) bring a collection of their own, with
// the indexes they need; the store's interface is the same for every kind.
import { API_RESOURCES, type ApiResource, qualifiedName, resourceForKind } from './discovery.ts';
import { type FieldRequirement, checkFields, matchesFields } from './field-selector.ts';
import { type LabelSelector, matchesLabels } from './label-selector.ts';
import type { ApiRecord, WatchEventType } from './types.ts';

/** An error as the API server answers it: kubectl prints `Error from server (REASON): MESSAGE`. */
export class ApiError extends Error {
  readonly reason: 'NotFound' | 'AlreadyExists' | 'Invalid' | 'BadRequest' | 'Forbidden' | 'Conflict' | 'MethodNotAllowed';

  constructor(reason: ApiError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface Collection<T extends ApiRecord = ApiRecord> {
  get(namespace: string | undefined, name: string): T | undefined;
  /** Every object (of one namespace), in no particular order. */
  list(namespace?: string): Iterable<T>;
  add(obj: T): void;
  remove(obj: T): void;
  readonly size: number;
}

const key = (namespace: string | undefined, name: string) => (namespace === undefined ? name : `${namespace}/${name}`);

/** A kind's objects in a map by namespace/name: right for every kind with few objects. */
export class MapCollection<T extends ApiRecord = ApiRecord> implements Collection<T> {
  private readonly items = new Map<string, T>();
  get(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(key(namespace, name));
  }
  *list(namespace?: string): Iterable<T> {
    for (const o of this.items.values()) if (namespace === undefined || o.metadata.namespace === namespace) yield o;
  }
  add(obj: T): void {
    this.items.set(key(obj.metadata.namespace, obj.metadata.name), obj);
  }
  remove(obj: T): void {
    this.items.delete(key(obj.metadata.namespace, obj.metadata.name));
  }
  get size(): number {
    return this.items.size;
  }
}

export type Watcher<T extends ApiRecord = ApiRecord> = (type: WatchEventType, obj: T) => void;

export interface ListOptions {
  namespace?: string;
  labelSelector?: LabelSelector;
  fieldSelector?: FieldRequirement[];
}

/** A field's value on an object, for field selectors: metadata.* for every kind, the rest per kind. */
export type FieldReader = (obj: ApiRecord, field: string) => string;

export class ApiStore {
  /** The store's write counter (etcd's revision): every create, update and delete takes the next value. */
  revision = 1;
  private readonly collections = new Map<string, Collection>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly fieldReaders = new Map<string, FieldReader>();

  private readonly now: () => number;
  private readonly newUid: () => string;

  constructor(now: () => number, newUid: () => string) {
    this.now = now;
    this.newUid = newUid;
    for (const r of API_RESOURCES) if (!this.collections.has(r.kind)) this.collections.set(r.kind, new MapCollection());
  }

  /** Replaces a kind's collection (pods and nodes keep their own indexes). */
  use<T extends ApiRecord>(kind: string, collection: Collection<T>, fields?: FieldReader): void {
    this.collections.set(kind, collection as unknown as Collection);
    if (fields) this.fieldReaders.set(kind, fields);
  }

  resource(kind: string): ApiResource {
    const r = resourceForKind(kind);
    if (!r) throw new Error(`kind ${kind} is not served`);
    return r;
  }

  collection<T extends ApiRecord>(kind: string): Collection<T> {
    const c = this.collections.get(kind);
    if (!c) throw new Error(`kind ${kind} is not served`);
    return c as unknown as Collection<T>;
  }

  get<T extends ApiRecord>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.collection<T>(kind).get(this.resource(kind).namespaced ? namespace : undefined, name);
  }

  /** Like get, but a missing object is the API server's NotFound. */
  read<T extends ApiRecord>(kind: string, namespace: string | undefined, name: string): T {
    const obj = this.get<T>(kind, namespace, name);
    if (!obj) throw new ApiError('NotFound', `${qualifiedName(this.resource(kind))} "${name}" not found`);
    return obj;
  }

  /** Objects of a kind, by namespace and then name as the API server lists them, filtered by the selectors. */
  list<T extends ApiRecord>(kind: string, options: ListOptions = {}): T[] {
    const { labelSelector, fieldSelector } = options;
    if (fieldSelector?.length) checkFields(kind, fieldSelector);
    const out: T[] = [];
    const reader = this.fieldReaders.get(kind);
    for (const o of this.collection<T>(kind).list(this.resource(kind).namespaced ? options.namespace : undefined)) {
      if (labelSelector && !matchesLabels(o.metadata.labels, labelSelector)) continue;
      if (fieldSelector?.length && !matchesFields((f) => readField(o, f, reader), fieldSelector)) continue;
      out.push(o);
    }
    return out.sort(byKey);
  }

  count(kind: string): number {
    return this.collection(kind).size;
  }

  /** Stores a new object: the server fills in uid, creationTimestamp, resourceVersion and generation. */
  create<T extends ApiRecord>(obj: T): T {
    const m = obj.metadata;
    const collection = this.collection<T>(obj.kind);
    if (collection.get(m.namespace, m.name)) {
      throw new ApiError('AlreadyExists', `${qualifiedName(this.resource(obj.kind))} "${m.name}" already exists`);
    }
    if (!m.uid) m.uid = this.newUid();
    if (!m.creationTimestamp) m.creationTimestamp = this.now();
    if (m.generation !== undefined || hasGeneration(obj.kind)) m.generation = 1;
    m.resourceVersion = this.revision++;
    collection.add(obj);
    this.emit('ADDED', obj);
    return obj;
  }

  /** Records a write to a stored object; `spec` says the spec changed, which counts a generation. */
  update<T extends ApiRecord>(obj: T, spec = false): T {
    if (spec && obj.metadata.generation !== undefined) obj.metadata.generation++;
    obj.metadata.resourceVersion = this.revision++;
    this.emit('MODIFIED', obj);
    return obj;
  }

  /** Removes an object at once (the garbage collector, watching, takes care of what it owned). */
  remove<T extends ApiRecord>(obj: T): void {
    this.collection<T>(obj.kind).remove(obj);
    this.revision++;
    this.emit('DELETED', obj);
  }

  /**
   * Calls `watcher` on every write to objects of `kind` ('*' for every kind), or only on the event types given:
   * a 150,000-pod scale-up then calls nobody for the pods' creation.
   */
  watch<T extends ApiRecord>(kind: string, watcher: Watcher<T>, types: WatchEventType[] = ['ADDED', 'MODIFIED', 'DELETED']): () => void {
    const keys = types.map((t) => `${t} ${kind}`);
    for (const key of keys) {
      let set = this.watchers.get(key);
      if (!set) this.watchers.set(key, (set = new Set()));
      set.add(watcher as Watcher);
    }
    return () => keys.forEach((key) => this.watchers.get(key)!.delete(watcher as Watcher));
  }

  private emit(type: WatchEventType, obj: ApiRecord): void {
    const set = this.watchers.get(`${type} ${obj.kind}`);
    if (set) for (const w of set) w(type, obj);
    const any = this.watchers.get(`${type} *`);
    if (any) for (const w of any) w(type, obj);
  }
}

function byKey(a: ApiRecord, b: ApiRecord): number {
  const an = a.metadata.namespace ?? '', bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

function readField(obj: ApiRecord, field: string, reader?: FieldReader): string {
  if (field === 'metadata.name') return obj.metadata.name;
  if (field === 'metadata.namespace') return obj.metadata.namespace ?? '';
  return reader ? reader(obj, field) : '';
}

/** Kinds whose metadata.generation the API server counts (those with a spec it versions). */
function hasGeneration(kind: string): boolean {
  return kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'DaemonSet' || kind === 'StatefulSet' || kind === 'CustomResourceDefinition' || kind === 'ENIConfig';
}
