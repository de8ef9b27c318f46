// The test's side of clinic-host.ts: calls over a child process's stdin/stdout.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { UserFacingError } from '../../../src/shared/desktop-api';

export class RemoteError extends Error {
  constructor(readonly detail: UserFacingError) {
    super(`${detail.reason}: ${detail.message.en}`);
  }
}

export class JsonLineClient {
  private nextId = 1;
  private exited: string | undefined;
  private readonly pending = new Map<number, { resolve(value: any): void; reject(error: Error): void }>();

  constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let message: { id: number; result?: unknown; error?: UserFacingError };
      try {
        message = JSON.parse(line);
      } catch {
        return; // not ours (a library printing to stdout)
      }
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new RemoteError(message.error));
      else waiter.resolve(message.result);
    });
    child.stdin!.on('error', () => undefined);
    child.once('exit', (code, signal) => {
      this.exited = `clinic host exited (${code ?? signal})`;
      for (const waiter of this.pending.values()) waiter.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  call<T = any>(method: string, ...args: unknown[]): Promise<T> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ id, method, args })}\n`);
    });
  }
}
