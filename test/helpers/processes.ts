/** Child processes of the real CLI for tests that start, kill and restart it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const CLI = new URL('../../bin/chainatlas.mjs', import.meta.url).pathname;

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Child {
  process: ChildProcess;
  /** Everything the child wrote so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when `pattern` appears in the output (rejects when the child exits first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => {
    done = true;
    for (const listener of listeners) listener();
  });
  return {
    process: child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output:\n${text}`));
        }, timeoutMs);
        const check = () => {
          if (pattern.test(text)) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          } else if (done) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`the process exited before printing ${pattern}; output:\n${text}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
