// A Subscribe call as a client holds it in a test: every event kept in arrival order, waits for
// an event by what it is (never by time), the status the server ended it with, and cancel.
import * as grpc from '@grpc/grpc-js';
import { decodeServiceError, type DecodedError } from '@renkei/proto';
import type { TimelineEvent__Output } from '@renkei/proto/generated/renkei/v1/TimelineEvent';
import { client, connection, type Credentials } from './api-client';

export type StreamEvent = TimelineEvent__Output;

export class TimelineStream {
  readonly events: StreamEvent[] = [];
  /** When each of `events` arrived (performance.now()), for the benchmark's latencies. */
  readonly arrivedAt: number[] = [];
  /** Resolves when the stream ends: undefined when the server ended it normally, else its refusal. */
  readonly closed: Promise<DecodedError | undefined>;
  private readonly call: grpc.ClientReadableStream<StreamEvent>;
  private listeners = new Set<() => void>();

  private readonly ownClient?: grpc.Client;

  /** With `ownConnection`, on a connection of its own (as another PC's), not the test's shared one. */
  constructor(target: { address: string; caPem: string }, credentials: Credentials, cursor = '', options: { ownConnection?: boolean } = {}) {
    const metadata = new grpc.Metadata();
    if (credentials.device) metadata.set('renkei-device', credentials.device);
    if (credentials.session) metadata.set('authorization', `Bearer ${credentials.session}`);
    if (options.ownConnection) this.ownClient = connection('TimelineService', target.address, target.caPem);
    const c = (this.ownClient ?? client('TimelineService', target.address, target.caPem)) as unknown as {
      Subscribe(request: object, metadata: grpc.Metadata): grpc.ClientReadableStream<StreamEvent>;
    };
    this.call = c.Subscribe({ cursor }, metadata);
    this.call.on('data', (event: StreamEvent) => {
      this.events.push(event);
      this.arrivedAt.push(performance.now());
      for (const listener of this.listeners) listener();
    });
    this.closed = new Promise((resolve) => {
      this.call.on('error', (error: grpc.ServiceError) => {
        resolve(error.code === grpc.status.CANCELLED ? undefined : decodeServiceError(error));
        for (const listener of this.listeners) listener();
      });
      this.call.on('end', () => {
        resolve(undefined);
        for (const listener of this.listeners) listener();
      });
    });
  }

  /** The events that are not heartbeats, as the client applies them. */
  get applied(): StreamEvent[] {
    return this.events.filter((e) => e.event !== 'heartbeat');
  }

  /** The first event after index `from` that `matches`; fails if the stream ends first or after `failAfterMs`. */
  waitFor(matches: (event: StreamEvent) => boolean, from = 0, failAfterMs = 10_000): Promise<StreamEvent> {
    return new Promise((resolve, reject) => {
      let ended = false;
      // Also when it had ended before this wait began (no event will call the listener then).
      void this.closed.then(() => {
        ended = true;
        check();
      });
      const check = () => {
        const found = this.events.slice(from).find(matches);
        if (found) finish(() => resolve(found));
        else if (ended) finish(() => reject(new Error(`the stream ended without the event awaited (got ${this.describe()})`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no such event within ${failAfterMs} ms (got ${this.describe()})`))), failAfterMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        settle();
      };
      const listener = () => queueMicrotask(check);
      this.listeners.add(listener);
      check();
    });
  }

  /** The cursor of the last event that carried one. */
  get lastCursor(): string {
    return this.events.findLast((e) => e.cursor !== '')?.cursor ?? '';
  }

  cancel(): void {
    this.call.cancel();
    this.ownClient?.close();
  }

  private describe(): string {
    return this.events.map((e) => e.event).join(', ') || 'nothing';
  }
}

export const isPost = (postId: string) => (event: StreamEvent) => event.event === 'post' && event.post?.postId === postId;
