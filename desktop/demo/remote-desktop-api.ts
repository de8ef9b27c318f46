// The DesktopApi of a core running in another process (clinic-host.ts), over its stdin/stdout.
// Failures arrive as DesktopApiError, exactly as from a core in this process.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DesktopApi, DesktopEvent, UserFacingError } from '../src/shared/desktop-api';
import { DesktopApiError } from '../src/shared/desktop-api-error';

export class RemoteDesktopApi implements DesktopApi {
  private nextId = 1;
  private exited: string | undefined;
  private readonly pending = new Map<number, { resolve(value: any): void; reject(error: Error): void }>();
  private readonly listeners = new Set<(event: DesktopEvent) => void>();

  constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let message: { id?: number; result?: unknown; error?: UserFacingError; event?: DesktopEvent };
      try {
        message = JSON.parse(line);
      } catch {
        return; // not ours: a library printing to stdout
      }
      if (message.event) {
        for (const listener of this.listeners) listener(message.event);
        return;
      }
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id!);
      if (message.error) waiter.reject(new DesktopApiError(message.error));
      else waiter.resolve(message.result);
    });
    child.stdin!.on('error', () => undefined);
    child.once('exit', (code, signal) => {
      this.exited = `the clinic's desktop core exited (${code ?? signal})`;
      for (const waiter of this.pending.values()) waiter.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  /** Any method of the clinic host, DesktopApi or probe. */
  call<T = any>(method: string, ...args: unknown[]): Promise<T> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ id, method, args })}\n`);
    });
  }

  onEvent(listener: (event: DesktopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getStatus: DesktopApi['getStatus'] = () => this.call('getStatus');
  enroll: DesktopApi['enroll'] = (input) => this.call('enroll', input);
  refreshDevice: DesktopApi['refreshDevice'] = () => this.call('refreshDevice');
  connectTunnel: DesktopApi['connectTunnel'] = () => this.call('connectTunnel');
  disconnectTunnel: DesktopApi['disconnectTunnel'] = () => this.call('disconnectTunnel');
  login: DesktopApi['login'] = (input) => this.call('login', input);
  logout: DesktopApi['logout'] = () => this.call('logout');
  syncNow: DesktopApi['syncNow'] = () => this.call('syncNow');
  searchPatients: DesktopApi['searchPatients'] = (query) => this.call('searchPatients', query);
  getPatientOverview: DesktopApi['getPatientOverview'] = (patientId) => this.call('getPatientOverview', patientId);
}
