// The part of the Deno namespace the binding uses, as types only (no
// external Deno types). Each file declares `const Deno: DenoNamespace`.

export interface DenoFileInfo {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly isSymlink: boolean;
  readonly size: number;
  readonly mtime: Date | null;
}

export interface DenoFsFile {
  seekSync(offset: number, whence: number): number;
  writeSync(data: Uint8Array): number;
  /** Bytes read, or null at the end of the file. */
  readSync(buffer: Uint8Array): number | null;
  truncateSync(length?: number): void;
  statSync(): DenoFileInfo;
  sync(): Promise<void>;
  syncData(): Promise<void>;
  close(): void;
}

export interface DenoStdStream {
  write(data: Uint8Array): Promise<number>;
  writeSync(data: Uint8Array): number;
  isTerminal(): boolean;
}

export interface DenoCommandStatus {
  readonly success: boolean;
  /** Exit code; 128 + signal number when killed by a signal. */
  readonly code: number;
  readonly signal: string | null;
}

export interface DenoChildProcess {
  readonly pid: number;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly status: Promise<DenoCommandStatus>;
}

export interface DenoCommandOptions {
  args?: string[];
  cwd?: string;
  stdin?: "null" | "piped" | "inherit";
  stdout?: "null" | "piped" | "inherit";
  stderr?: "null" | "piped" | "inherit";
}

export interface DenoNamespace {
  readonly pid: number;
  exit(code?: number): never;
  readonly stdout: DenoStdStream;
  readonly stderr: DenoStdStream;
  readonly errors: {
    readonly NotFound: new (...args: never[]) => Error;
    readonly AlreadyExists: new (...args: never[]) => Error;
  };
  readonly SeekMode: { readonly Start: number };
  readonly Command: new (command: string, options?: DenoCommandOptions) => { spawn(): DenoChildProcess };
  hostname(): string;
  cwd(): string;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array, options?: { createNew?: boolean }): Promise<void>;
  open(path: string, options?: { read?: boolean; write?: boolean; create?: boolean }): Promise<DenoFsFile>;
  openSync(path: string, options?: { read?: boolean; write?: boolean; create?: boolean }): DenoFsFile;
  lstat(path: string): Promise<DenoFileInfo>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  readDir(path: string): AsyncIterable<{ readonly name: string }>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string, options?: { recursive?: boolean }): Promise<void>;
  readLink(path: string): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  utime(path: string, atime: number | Date, mtime: number | Date): Promise<void>;
}
