/**
 * What psweep needs from the runtime it runs on. src/ never touches a
 * runtime global or module: each binding in bindings/<runtime>/ implements
 * these interfaces and nothing more, and the package's export conditions
 * pick the binding (see createPsweep in src/api.ts).
 *
 * Paths are POSIX paths, absolute or relative to the process' working
 * directory.
 *
 * Self-contained on purpose: this file is the whole contract a binding
 * implements, and depends on no other file.
 */

export interface Runtime {
  /** Which runtime this binding is for. */
  readonly name: "node" | "bun" | "deno";
  readonly fs: FileSystem;
  readonly process: Processes;
  readonly stdio: Stdio;
  /** Host name of this machine (recorded as _exec_host). */
  hostname(): string;
  /** Working directory of this process, absolute. */
  cwd(): string;
  /** A context that follows async calls (AsyncLocalStorage), e.g. to route a pset's output to it. */
  createAsyncContext<T>(): AsyncContext<T>;
  /** Loads a module by URL, the runtime's way (e.g. TypeScript through tsx on Node). */
  importModule(url: string): Promise<Record<string, unknown>>;
  /**
   * Loads a package synchronously, the same module instance import() would
   * give (require of an ES module): psweep's synchronous functions that make
   * Arrow objects use it when apache-arrow is not loaded yet.
   */
  importSync?(specifier: string): unknown;
  /** A pool of `size` workers of this runtime, each running the binding's worker entry (on src/pool/workerHandler.ts). */
  createWorkerPool(size: number): WorkerPool;
  readonly git: Git;
}

/** The git operations of run({git: true}). */
export interface Git {
  /** Top folder of the git work tree holding `dir`, or undefined outside any. */
  root(dir: string): Promise<string | undefined>;
  /** Paths that differ from the last commit (changed, new and not ignored, deleted), relative to `root`. */
  changes(root: string): Promise<string[]>;
  /** Throws a PsweepError saying what to set when a commit would have no author (as the git command line would choose it). */
  check(root: string): Promise<void>;
  /** Stages every change (as git add -A) and commits it; resolves to the commit id. */
  commitAll(root: string, message: string): Promise<string>;
}

/**
 * Workers that answer each structured-clone message with one. A binding only
 * carries the messages: what they say is src/pool's business (protocol.ts),
 * so here they are opaque.
 */
export interface WorkerPool<Request = unknown, Reply = unknown> {
  readonly size: number;
  /**
   * Whether workers waiting for requests keep the process alive. Only a pool
   * whose idle workers do not is kept warm between runs (src/pool/warmPool.ts).
   */
  readonly idleKeepsProcessAlive: boolean;
  /** Hands a request to a free worker; rejects when the worker dies before replying. */
  run(request: Request): Promise<Reply>;
  /** Stops every worker. */
  close(): Promise<void>;
}

export type FileKind = "file" | "directory" | "symlink" | "other";

export interface FileInfo {
  readonly kind: FileKind;
  readonly size: number;
}

export interface FileSystem {
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Reads the start of a file into `into`, as many bytes as fit (fewer when
   * the file is shorter), synchronously; returns how many were read, or null
   * when nothing is there. The one synchronous read: the table run() returns
   * reads its rows when first looked at, from inside a property getter.
   */
  readIntoSync(path: string, into: Uint8Array): number | null;
  /**
   * Writes a whole file, creating or replacing it. With `exclusive`, fails
   * with an error whose `code` is "EEXIST" when the path exists (the
   * primitive of lock files).
   */
  writeFile(path: string, data: Uint8Array | string, options?: { exclusive?: boolean }): Promise<void>;
  /** Opens a file for writing at positions; created when missing. */
  open(path: string): Promise<FileHandle>;
  /** Information about the path itself (a symlink is not followed), or null when nothing is there. */
  stat(path: string): Promise<FileInfo | null>;
  /** Creates the directory and its missing parents; no error when it exists. */
  mkdir(path: string): Promise<void>;
  /** Names of the entries of a directory, sorted. */
  readDir(path: string): Promise<string[]>;
  /** Atomically replaces `to` by `from` (same file system). */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file, or a directory with everything below it; no error when missing. */
  remove(path: string): Promise<void>;
  readLink(path: string): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  /** When the file was last modified, in ms since 1970, or null when nothing is there. */
  modifiedAt(path: string): Promise<number | null>;
  /** Sets the file's modification time to now (a lock's heartbeat). */
  touch(path: string): Promise<void>;
  /** Makes a directory's entries (created, renamed, removed files) durable. */
  syncDir(path: string): Promise<void>;
}

/**
 * An open file. Writes are synchronous: a row handed to the operating system
 * survives the process being killed the next instant, and a write of a few
 * hundred bytes costs microseconds. `sync` makes written data durable
 * against power loss too.
 */
export interface FileHandle {
  /** Size of the file in bytes. */
  size(): number;
  /** Writes all of `data` at byte `position`. */
  writeAt(data: Uint8Array, position: number): void;
  /** Reads `length` bytes at byte `position` (fewer at the end of the file). */
  readAt(length: number, position: number): Uint8Array;
  /** Reads into all of `into` from byte `position` (less at the end of the file); returns the bytes read. */
  readInto(into: Uint8Array, position: number): number;
  truncate(length: number): void;
  sync(): Promise<void>;
  close(): void;
}

export interface ExecResult {
  /** Exit status; 128 + n when killed by signal n. */
  readonly status: number;
  /** stdout and stderr, in the order they arrived. */
  readonly output: string;
}

export interface Processes {
  /** This process' id. */
  readonly pid: number;
  /** Whether a process with this id runs on this machine. */
  isAlive(pid: number): boolean;
  /** Runs a command with `sh -c` and collects its output. */
  exec(command: string, options?: { cwd?: string }): Promise<ExecResult>;
}

export type StreamName = "stdout" | "stderr";

export interface Stdio {
  isTerminal(stream: StreamName): boolean;
  /** Writes to the real stream, bypassing any interception. */
  write(stream: StreamName, text: string): void;
  /**
   * Routes everything written to stdout and stderr (console.* and direct
   * stream writes) through `handler` until the returned function is called.
   * When the handler returns true the text is consumed; otherwise it goes to
   * the stream as usual.
   */
  intercept(handler: (stream: StreamName, text: string) => boolean): () => void;
}

export interface AsyncContext<T> {
  run<R>(value: T, fn: () => R): R;
  get(): T | undefined;
}
