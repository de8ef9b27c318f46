// Turns a service's handlers into grpc-js handlers, the same way for every method:
//   1. authenticate the caller at the level RPC_POLICY gives the method (refusing to start if
//      the method has no policy),
//   2. validate the request at the boundary (zod), answering INVALID_ARGUMENT with every bad field,
//   3. check the patient scope (care-team membership) when the policy names a patient,
//   4. run the handler; map RenkeiError to its status and anything else to INTERNAL with an
//      incident number (the details go to the log, not to the caller).
//
// Streaming methods get the same four steps. A client-streaming method (a file upload) names its
// request by its first message, which must be the header: the caller is authenticated before a
// single message is read, the header is validated and the patient checked before the handler
// sees it, and the rest of the messages reach the handler one at a time, as it asks for them, so
// grpc-js's flow control makes a client wait for a slow disk instead of the server buffering.
// A server-streaming method (a download) writes through `send`, which waits while the client is
// not keeping up.
import { randomBytes } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { RenkeiError, toServiceError } from '@renkei/proto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { recordAudit } from '../audit/audit-log';
import { assertCanSeePatient } from '../access/patient-access';
import { authenticateCaller, type Caller, type CallerCheck } from '../access/authenticate';
import { RPC_POLICY, type RpcAccess } from '../access/rpc-policy';
import type { Store } from '../db/database';
import type { Clock } from '../time';
import { parseInput } from '../validation';

export interface CallContext extends Caller {
  now: Date;
  /** Where the handler's data lives. */
  store: Store;
}

export interface StreamCallContext extends CallContext {
  /** Aborted when the client cancels the call (or its deadline passes): stop and clean up. */
  signal: AbortSignal;
}

export interface UnaryMethod<Request, Response> {
  kind?: 'unary';
  request?: z.ZodType<Request>;
  handle(request: Request, context: CallContext): Promise<Response>;
}

/**
 * A stream of messages from the client, answered once. `first` validates the first message and
 * gives what the handler and the policy's `patientOf` see (for an upload: the header; a first
 * message that is not a header fails validation). `rest` yields the remaining messages as the
 * handler pulls them; stopping early (returning or throwing) stops reading.
 */
export interface ClientStreamingMethod<First, Message, Response> {
  kind: 'client-streaming';
  first: z.ZodType<First>;
  handle(first: First, rest: AsyncIterable<Message>, context: StreamCallContext): Promise<Response>;
}

/** Resolves when the message is handed on, or after the client has caught up (grpc-js 'drain'). */
export type SendMessage<Message> = (message: Message) => Promise<void>;

/** One request, answered by a stream of messages the handler sends; the dispatcher ends it. */
export interface ServerStreamingMethod<Request, Message> {
  kind: 'server-streaming';
  request?: z.ZodType<Request>;
  handle(request: Request, send: SendMessage<Message>, context: StreamCallContext): Promise<void>;
}

// Handlers are typed per service by the caller; here every request is an object.
export type ServiceMethod = UnaryMethod<any, any> | ClientStreamingMethod<any, any, any> | ServerStreamingMethod<any, any>;

export interface DispatchDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Set on the tunnel listener: calls must come through the tunnel. */
  tunnel?: CallerCheck['tunnel'];
}

type Kind = 'unary' | 'client-streaming' | 'server-streaming';

function kindOf(method: grpc.MethodDefinition<unknown, unknown>): Kind | 'bidi' {
  if (method.requestStream && method.responseStream) return 'bidi';
  if (method.requestStream) return 'client-streaming';
  if (method.responseStream) return 'server-streaming';
  return 'unary';
}

export function implementService(
  definition: grpc.ServiceDefinition,
  methods: Record<string, ServiceMethod>,
  deps: DispatchDeps,
): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const access = RPC_POLICY[method.path];
    if (!access) throw new Error(`${method.path} has no entry in RPC_POLICY`);
    const handler = methods[name];
    if (!handler) throw new Error(`${method.path} has no handler`);
    const kind = kindOf(method);
    if (kind === 'bidi') throw new Error(`${method.path}: bidirectional streaming is not dispatched here`);
    if ((handler.kind ?? 'unary') !== kind) throw new Error(`${method.path} is ${kind}, but its handler is ${handler.kind ?? 'unary'}`);

    switch (handler.kind) {
      case 'client-streaming':
        implementation[name] = clientStreaming(method.path, access, handler, deps);
        break;
      case 'server-streaming':
        implementation[name] = serverStreaming(method.path, access, handler, deps);
        break;
      default:
        implementation[name] = unary(method.path, access, handler, deps);
    }
  }
  return implementation;
}

function unary(path: string, access: RpcAccess, handler: UnaryMethod<any, any>, deps: DispatchDeps) {
  return (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>) => {
    const now = deps.clock.now();
    const started = performance.now();
    const log = deps.logger.child({ rpc: path, peer: call.getPeer() });
    void (async () => {
      const caller = await authenticateCaller({ store: deps.store, tunnel: deps.tunnel, now }, access, call.metadata, call.getPeer());
      const request = handler.request ? parseInput(handler.request, call.request) : call.request;
      const context: CallContext = { ...caller, now, store: deps.store };
      await checkPatientScope(deps, path, access, caller, request, now);
      return handler.handle(request, context);
    })().then(
      (response) => {
        log.debug({ ms: Math.round(performance.now() - started) }, 'ok');
        callback(null, response);
      },
      (error: unknown) => callback(failureStatus(log, started, error)),
    );
  };
}

function clientStreaming(path: string, access: RpcAccess, handler: ClientStreamingMethod<any, any, any>, deps: DispatchDeps) {
  return (call: grpc.ServerReadableStream<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>) => {
    const now = deps.clock.now();
    const started = performance.now();
    const log = deps.logger.child({ rpc: path, peer: call.getPeer() });
    const cancelled = new AbortController();
    call.once('cancelled', () => cancelled.abort(new Error('the client cancelled the call')));
    // One iterator for the whole call: the header is its first message, the handler pulls the
    // rest. Nothing is read (grpc-js keeps the HTTP/2 stream paused) until someone asks.
    const messages = call[Symbol.asyncIterator]() as AsyncIterator<Record<string, unknown>>;
    const rest: AsyncIterable<Record<string, unknown>> = {
      [Symbol.asyncIterator]: () => ({ next: () => messages.next() }),
    };
    void (async () => {
      const caller = await authenticateCaller({ store: deps.store, tunnel: deps.tunnel, now }, access, call.metadata, call.getPeer());
      const head = await messages.next();
      if (head.done) throw noMessage();
      const first = parseInput(handler.first, head.value);
      const context: StreamCallContext = { ...caller, now, store: deps.store, signal: cancelled.signal };
      await checkPatientScope(deps, path, access, caller, first, now);
      return handler.handle(first, rest, context);
    })()
      .finally(async () => {
        // Stop reading whatever the client still sends (an early refusal, a retry answered
        // from the record): the messages are dropped, not buffered.
        await messages.return?.().catch(() => undefined);
      })
      .then(
        (response) => {
          log.debug({ ms: Math.round(performance.now() - started) }, 'ok');
          callback(null, response);
        },
        (error: unknown) => {
          if (cancelled.signal.aborted) {
            log.info({ ms: Math.round(performance.now() - started) }, 'cancelled by the client');
            return;
          }
          callback(failureStatus(log, started, error));
        },
      );
  };
}

function serverStreaming(path: string, access: RpcAccess, handler: ServerStreamingMethod<any, any>, deps: DispatchDeps) {
  return (call: grpc.ServerWritableStream<Record<string, unknown>, unknown>) => {
    const now = deps.clock.now();
    const started = performance.now();
    const log = deps.logger.child({ rpc: path, peer: call.getPeer() });
    const cancelled = new AbortController();
    call.once('cancelled', () => cancelled.abort(new Error('the client cancelled the call')));
    const send: SendMessage<unknown> = (message) =>
      new Promise<void>((resolve, reject) => {
        if (cancelled.signal.aborted) return reject(cancelled.signal.reason);
        if (call.write(message)) return resolve();
        // The stream's buffer is full: the client (or the network) is slower than the disk.
        const onDrain = () => {
          cancelled.signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          call.off('drain', onDrain);
          reject(cancelled.signal.reason);
        };
        call.once('drain', onDrain);
        cancelled.signal.addEventListener('abort', onAbort, { once: true });
      });
    void (async () => {
      const caller = await authenticateCaller({ store: deps.store, tunnel: deps.tunnel, now }, access, call.metadata, call.getPeer());
      const request = handler.request ? parseInput(handler.request, call.request) : call.request;
      const context: StreamCallContext = { ...caller, now, store: deps.store, signal: cancelled.signal };
      await checkPatientScope(deps, path, access, caller, request, now);
      await handler.handle(request, send, context);
    })().then(
      () => {
        log.debug({ ms: Math.round(performance.now() - started) }, 'ok');
        call.end();
      },
      (error: unknown) => {
        if (cancelled.signal.aborted) {
          log.info({ ms: Math.round(performance.now() - started) }, 'cancelled by the client');
          return;
        }
        // grpc-js ends a server stream with the status of an 'error' event (after what was sent).
        call.emit('error', failureStatus(log, started, error));
      },
    );
  };
}

/** For a method whose policy names a patient: the caller must see that patient (audited when not). */
async function checkPatientScope(deps: DispatchDeps, path: string, access: RpcAccess, caller: Caller, request: unknown, now: Date): Promise<void> {
  if (access.who !== 'user' || !access.patientOf) return;
  const patientId = String(access.patientOf(request as Record<string, unknown>));
  try {
    await assertCanSeePatient(deps.store, caller.user!.id, patientId);
  } catch (error) {
    await recordAudit(
      deps.store,
      { action: path, outcome: 'denied', actorUserId: caller.user!.id, actorDeviceId: caller.device?.id, patientId, detail: { reason: 'not-on-care-team' } },
      now,
    );
    throw error;
  }
}

function noMessage(): RenkeiError {
  return new RenkeiError({
    reason: 'INVALID_REQUEST',
    metadata: { fields: '(request): 送信内容が届きませんでした' },
    fieldViolations: [{ field: '(request)', description: '送信内容が届きませんでした' }],
  });
}

/** The status a failure is answered with: a RenkeiError as is, anything else INTERNAL with an incident number. */
function failureStatus(log: Logger, started: number, error: unknown): grpc.ServiceError {
  if (error instanceof RenkeiError) {
    log.info({ reason: error.reason, ms: Math.round(performance.now() - started) }, 'refused');
    return toServiceError(error) as grpc.ServiceError;
  }
  const incident = randomBytes(4).toString('hex');
  log.error({ err: error, incident }, 'failed');
  return toServiceError(new RenkeiError({ reason: 'INTERNAL', metadata: { incident } })) as grpc.ServiceError;
}
