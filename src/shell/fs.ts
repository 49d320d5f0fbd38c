// A small in-memory file system, one per host: directories, files, a working directory, Unix permission checks
// on writes, and the kernel's errors in the wording coreutils and bash print (`No such file or directory` …).
// Files may be generated (a function of the cluster, read when opened), e.g. /etc/resolv.conf on a node.
// Pure: no Node APIs; times are model time (ms since the epoch).

export type FsError =
  | 'No such file or directory'
  | 'Not a directory'
  | 'Is a directory'
  | 'File exists'
  | 'Permission denied'
  | 'Directory not empty'
  | 'Invalid argument';

interface NodeBase {
  owner: string;
  /** Permission bits, e.g. 0o644; 0o1777 for /tmp. */
  mode: number;
  mtime: number;
}

export interface FsFile extends NodeBase {
  kind: 'file';
  content: string | (() => string);
  /** /dev/null: reads nothing, swallows writes. */
  sink?: boolean;
  /** A kernel file (/proc/sys): a write goes to its handler, which takes it or refuses it, and the text is not kept. */
  onWrite?: (text: string) => FsError | undefined;
}

export interface FsDir extends NodeBase {
  kind: 'dir';
  children: Map<string, FsNode>;
}

export type FsNode = FsFile | FsDir;

export type Found<T> = { ok: true; node: T; path: string } | { ok: false; error: FsError };

/** The text of a file (generated files are computed now). */
export function fileText(file: FsFile): string {
  return typeof file.content === 'function' ? file.content() : file.content;
}

/** `/a/./b//c/` → `/a/b/c`, `..` taken lexically (for `cd`, whose PWD is logical as in bash). */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export interface FileSystemOptions {
  /** The user the shell runs as (owner of new files); root may write anywhere. */
  user: string;
  home: string;
  now: () => number;
}

export class FileSystem {
  readonly root: FsDir;
  user: string;
  home: string;
  cwd: string;
  private readonly now: () => number;

  constructor(options: FileSystemOptions) {
    this.now = options.now;
    this.user = options.user;
    this.home = options.home;
    this.root = this.newDir('root', 0o555);
    this.cwd = '/';
    const dev = this.newDir('root', 0o755);
    this.root.children.set('dev', dev);
    dev.children.set('null', { ...this.newFile('', 'root', 0o666), sink: true });
  }

  newDir(owner = this.user, mode = 0o755): FsDir {
    return { kind: 'dir', children: new Map(), owner, mode, mtime: this.now() };
  }

  newFile(content: FsFile['content'], owner = this.user, mode = this.user === 'root' ? 0o644 : 0o664): FsFile {
    return { kind: 'file', content, owner, mode, mtime: this.now() };
  }

  /** Absolute form of a path relative to the working directory (lexical). */
  absolute(path: string): string {
    return normalizePath(path.startsWith('/') ? path : `${this.cwd}/${path}`);
  }

  /** Walks a path as the kernel does: a file in the middle is ENOTDIR, a missing part ENOENT. */
  lookup(path: string): Found<FsNode> {
    if (path === '') return { ok: false, error: 'No such file or directory' };
    const full = path.startsWith('/') ? path : `${this.cwd}/${path}`;
    const stack: FsDir[] = [];
    let node: FsNode = this.root;
    for (const part of full.split('/')) {
      if (part === '' || part === '.') {
        if (node.kind !== 'dir') return { ok: false, error: 'Not a directory' };
        continue;
      }
      if (node.kind !== 'dir') return { ok: false, error: 'Not a directory' };
      if (part === '..') {
        node = stack.pop() ?? this.root;
        continue;
      }
      const next: FsNode | undefined = node.children.get(part);
      if (!next) return { ok: false, error: 'No such file or directory' };
      stack.push(node);
      node = next;
    }
    if (node.kind !== 'dir' && /\/\.?$/.test(full)) return { ok: false, error: 'Not a directory' };
    return { ok: true, node, path: normalizePath(full) };
  }

  /** The directory a new entry would go in, and the entry's name. */
  parent(path: string): { ok: true; dir: FsDir; name: string; path: string } | { ok: false; error: FsError } {
    const trimmed = path.replace(/\/+$/, '');
    if (trimmed === '') return { ok: false, error: 'File exists' }; // `/` itself
    const slash = trimmed.lastIndexOf('/');
    const dirPath = slash < 0 ? '.' : slash === 0 ? '/' : trimmed.slice(0, slash);
    const name = trimmed.slice(slash + 1);
    const dir = this.lookup(dirPath);
    if (!dir.ok) return dir;
    if (dir.node.kind !== 'dir') return { ok: false, error: 'Not a directory' };
    return { ok: true, dir: dir.node, name, path: normalizePath(`${dir.path}/${name}`) };
  }

  canWrite(dir: FsDir): boolean {
    return this.user === 'root' || (dir.owner === this.user && (dir.mode & 0o200) !== 0) || (dir.mode & 0o002) !== 0;
  }

  canRead(node: FsNode): boolean {
    return this.user === 'root' || (node.owner === this.user ? (node.mode & 0o400) !== 0 : (node.mode & 0o004) !== 0);
  }

  read(path: string): { ok: true; text: string } | { ok: false; error: FsError } {
    const found = this.lookup(path);
    if (!found.ok) return found;
    if (found.node.kind === 'dir') return { ok: false, error: 'Is a directory' };
    if (!this.canRead(found.node)) return { ok: false, error: 'Permission denied' };
    return { ok: true, text: fileText(found.node) };
  }

  /** `> FILE` (append false) and `>> FILE`: creates the file if its directory exists. */
  write(path: string, content: string, append: boolean): FsError | undefined {
    const found = this.lookup(path);
    if (found.ok) {
      const node = found.node;
      if (node.kind === 'dir') return 'Is a directory';
      if (node.sink) return undefined;
      if (this.user !== 'root' && (node.owner !== this.user || (node.mode & 0o200) === 0) && (node.mode & 0o002) === 0) return 'Permission denied';
      if (node.onWrite) return node.onWrite(content);
      node.content = (append ? fileText(node) : '') + content;
      node.mtime = this.now();
      return undefined;
    }
    if (found.error !== 'No such file or directory') return found.error;
    if (path.endsWith('/')) return 'Is a directory';
    const where = this.parent(path);
    if (!where.ok) return where.error;
    if (!this.canWrite(where.dir)) return 'Permission denied';
    where.dir.children.set(where.name, this.newFile(content));
    where.dir.mtime = this.now();
    return undefined;
  }

  /** mkdir DIR; with `parents`, missing parents too and no error for an existing directory. */
  mkdir(path: string, parents = false): FsError | undefined {
    if (parents) {
      let sofar = path.startsWith('/') ? '' : '.';
      for (const part of path.split('/').filter((p) => p !== '')) {
        sofar += `/${part}`;
        const found = this.lookup(sofar);
        if (found.ok) {
          if (found.node.kind !== 'dir') return 'Not a directory';
          continue;
        }
        if (found.error !== 'No such file or directory') return found.error;
        const problem = this.mkdir(sofar);
        if (problem) return problem;
      }
      return undefined;
    }
    const where = this.parent(path);
    if (!where.ok) return where.error;
    if (where.dir.children.has(where.name) || where.name === '.' || where.name === '..') return 'File exists';
    if (!this.canWrite(where.dir)) return 'Permission denied';
    where.dir.children.set(where.name, this.newDir(this.user, this.user === 'root' ? 0o755 : 0o775));
    where.dir.mtime = this.now();
    return undefined;
  }

  /** Puts a node at a path (cp, mv), replacing a file there. */
  place(path: string, node: FsNode): FsError | undefined {
    const where = this.parent(path);
    if (!where.ok) return where.error;
    if (!this.canWrite(where.dir)) return 'Permission denied';
    where.dir.children.set(where.name, node);
    where.dir.mtime = this.now();
    return undefined;
  }

  /** Unlinks an entry (rm, mv's source); directories only when `recursive` or empty with `emptyDir`. */
  remove(path: string): FsError | undefined {
    const where = this.parent(path);
    if (!where.ok) return where.error;
    if (!where.dir.children.has(where.name)) return 'No such file or directory';
    if (!this.canWrite(where.dir)) return 'Permission denied';
    where.dir.children.delete(where.name);
    where.dir.mtime = this.now();
    return undefined;
  }

  /** A deep copy of a node, owned by the current user, stamped now (cp without -p). */
  clone(node: FsNode): FsNode {
    if (node.kind === 'file') return this.newFile(fileText(node), this.user, node.mode);
    const dir = this.newDir(this.user, node.mode);
    for (const [name, child] of node.children) dir.children.set(name, this.clone(child));
    return dir;
  }

  /** cd: the new working directory is the lexical one, as bash keeps $PWD. */
  chdir(path: string): FsError | undefined {
    const found = this.lookup(path);
    if (!found.ok) return found.error;
    if (found.node.kind !== 'dir') return 'Not a directory';
    this.cwd = this.absolute(path);
    return undefined;
  }

  /** Adds a directory tree and files in one go: `seed({'/etc/hostname': 'x\n'})`; parents are made (owned by root). */
  seed(files: Record<string, FsFile['content']>, owner = 'root'): void {
    for (const [path, content] of Object.entries(files)) {
      const parts = path.split('/').filter((p) => p !== '');
      let dir = this.root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.children.get(part);
        if (!next || next.kind !== 'dir') {
          next = this.newDir('root');
          dir.children.set(part, next);
        }
        dir = next;
      }
      const name = parts.at(-1);
      if (name) dir.children.set(name, this.newFile(content, owner, 0o644));
    }
  }

  /** Creates a directory (and parents) with an owner and mode, for building a host's tree. */
  seedDir(path: string, owner = 'root', mode = 0o755): FsDir {
    let dir = this.root;
    for (const part of path.split('/').filter((p) => p !== '')) {
      let next = dir.children.get(part);
      if (!next || next.kind !== 'dir') {
        next = this.newDir('root');
        dir.children.set(part, next);
      }
      dir = next;
    }
    dir.owner = owner;
    dir.mode = mode;
    return dir;
  }
}
