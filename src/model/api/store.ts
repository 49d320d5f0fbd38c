// The API server's object store: every object by kind, namespace and name, a write counter that stamps each
// write (resourceVersion), and watches that controllers and faces subscribe to. Controllers read and write
// only through it. Kinds with hundreds of thousands of objects (pods) bring a collection of their own, with
// the indexes they need; the store's interface is the same for every kind.
import { API_RESOURCES, type ApiResource, qualifiedName, resourceForKind } from './discovery.ts';
import { type FieldRequirement, checkFields, matchesFields } from './field-selector.ts';
import { type LabelSelector, matchesLabels } from './label-selector.ts';
import type { ApiRecord, WatchEventType } from './types.ts';

/** An error as the API server answers it: kubectl prints `Error from server (REASON): MESSAGE`, or
 *  `Error from server: MESSAGE` when the status has no reason (an etcd error passed through). */
export class ApiError extends Error {
  readonly reason: 'NotFound' | 'AlreadyExists' | 'Invalid' | 'BadRequest' | 'Forbidden' | 'Conflict' | 'MethodNotAllowed' | 'Unknown';

  constructor(reason: ApiError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }

  /** The line kubectl prints for it. */
  get kubectlMessage(): string {
    return this.reason === 'Unknown' ? `Error from server: ${this.message}` : `Error from server (${this.reason}): ${this.message}`;
  }
}

export interface Collection<T extends ApiRecord = ApiRecord> {
  get(namespace: string | undefined, name: string): T | undefined;
  /** Every object (of one namespace), in no particular order. */
  list(namespace?: string): Iterable<T>;
  add(obj: T): void;
  remove(obj: T): void;
  readonly size: number;
  /**
   * For kinds whose objects arrive with uid and creation time set and keep their metadata in fields (pods):
   * stamps the resourceVersion and adds, or returns false (adding nothing) when the name is in use.
   */
  insert?(obj: T, resourceVersion: number): boolean;
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
  /** Watchers by kind ('*' for all), then by event type: emit looks up without building a key. */
  private readonly watchers = new Map<string, Record<WatchEventType, Watcher[]>>();
  private readonly resources = new Map<string, ApiResource>();
  private readonly fieldReaders = new Map<string, FieldReader>();

  private readonly now: () => number;
  private readonly newUid: () => string;

  constructor(now: () => number, newUid: () => string) {
    this.now = now;
    this.newUid = newUid;
    for (const r of API_RESOURCES) {
      if (this.collections.has(r.kind)) continue;
      this.collections.set(r.kind, new MapCollection());
      this.resources.set(r.kind, r);
    }
  }

  /** Replaces a kind's collection (pods and nodes keep their own indexes). */
  use<T extends ApiRecord>(kind: string, collection: Collection<T>, fields?: FieldReader): void {
    this.collections.set(kind, collection as unknown as Collection);
    if (fields) this.fieldReaders.set(kind, fields);
  }

  resource(kind: string): ApiResource {
    const r = this.resources.get(kind) ?? resourceForKind(kind);
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
    if (!this.tryCreate(obj)) throw new ApiError('AlreadyExists', `${qualifiedName(this.resource(obj.kind))} "${obj.metadata.name}" already exists`);
    return obj;
  }

  /**
   * create, except that a name in use returns false rather than throwing AlreadyExists: a controller naming pods
   * at random meets hundreds of names in use in a 150,000-pod scale-up, and an error captures a stack each time.
   */
  tryCreate<T extends ApiRecord>(obj: T): boolean {
    const collection = this.collection<T>(obj.kind);
    // Kinds that keep their metadata in fields of their own (pods) stamp themselves without a metadata view.
    if (collection.insert) {
      if (!collection.insert(obj, this.revision)) return false;
      this.revision++;
      this.emit('ADDED', obj);
      return true;
    }
    const m = obj.metadata;
    if (collection.get(m.namespace, m.name)) return false;
    if (!m.uid) m.uid = this.newUid();
    if (!m.creationTimestamp) m.creationTimestamp = this.now();
    if (m.generation !== undefined || hasGeneration(obj.kind)) m.generation = 1;
    m.resourceVersion = this.revision++;
    collection.add(obj);
    this.emit('ADDED', obj);
    return true;
  }

  /** Records a write to a stored object; `spec` says the spec changed, which counts a generation. */
  update<T extends ApiRecord>(obj: T, spec = false): T {
    const m = obj.metadata;
    if (spec && m.generation !== undefined) m.generation++;
    m.resourceVersion = this.revision++;
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
    let byType = this.watchers.get(kind);
    if (!byType) this.watchers.set(kind, (byType = { ADDED: [], MODIFIED: [], DELETED: [] }));
    const lists = types.map((t) => byType[t]);
    for (const list of lists) list.push(watcher as Watcher);
    return () => {
      for (const list of lists) list.splice(list.indexOf(watcher as Watcher), 1);
    };
  }

  private emit(type: WatchEventType, obj: ApiRecord): void {
    const mine = this.watchers.get(obj.kind)?.[type];
    if (mine) for (let i = 0; i < mine.length; i++) mine[i](type, obj);
    const any = this.watchers.get('*')?.[type];
    if (any) for (let i = 0; i < any.length; i++) any[i](type, obj);
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
