// Turns a service's handlers into grpc-js handlers, the same way for every method:
//   1. authenticate the caller at the level RPC_POLICY gives the method (refusing to start if
//      the method has no policy, or its handler is written for another level),
//   2. validate the request at the boundary (zod), answering INVALID_ARGUMENT with every bad field,
//   3. open the caller's scope (access/call-scope.ts); when the policy names a patient, that is
//      their scope on the patient, refused (and audited) when they may not see it; when it names a
//      timeline, their scope on the timeline (access/timeline-access.ts), likewise,
//   4. run the handler with the context of its level; map RenkeiError to its status and anything
//      else to INTERNAL with an incident number (the details go to the log, not to the caller).
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
import { authenticateDevice, authenticateUser, peerAddress, type CallerCheck } from '../access/authenticate';
import { openUserScope, type PatientScope, type UserScope } from '../access/call-scope';
import { RPC_POLICY, type AccessLevel, type RpcAccess } from '../access/rpc-policy';
import { openTimelineScope, targetOf, type TimelineScope } from '../access/timeline-access';
import type { RefusalAudit } from '../audit/refusal-audit';
import { CallTiming } from '../call-timing';
import type { Store } from '../db/database';
import type { DeviceRow, SessionRow } from '../db/schema';
import type { Clock } from '../time';
import { fieldViolation, invalidRequest, parseInput } from '../validation';

/** What every handler gets: where its data lives and the time of the call. */
interface CallBasics {
  store: Store;
  now: Date;
  /** The caller's IP address as this server sees it (on the clinical listener, its tunnel address). */
  peerAddress: string;
}

/** A device calling for itself (its enrollment state; a user logging in on it). */
interface DeviceCall extends CallBasics {
  device: DeviceRow;
}

/** A user's call about no patient in particular, with the session it came with. */
type UserCall = UserScope & { session: SessionRow; peerAddress: string };

/** The context a handler written for an access level gets. */
export type ContextOf<Level extends AccessLevel> = {
  anyone: CallBasics;
  'enrolled-device': DeviceCall;
  'approved-device': DeviceCall;
  user: UserCall;
  'care-team': PatientScope;
  'timeline-member': TimelineScope;
}[Level];

/** Streaming calls can be given up by the client. */
export interface Cancellable {
  /** Aborted when the client cancels the call (or its deadline passes): stop and clean up. */
  signal: AbortSignal;
}

export interface UnaryMethod<Request, Response, Level extends AccessLevel = AccessLevel> {
  kind?: 'unary';
  /** The level RPC_POLICY gives the method; the dispatcher refuses to start on a mismatch. */
  access: Level;
  request?: z.ZodType<Request>;
  handle(request: Request, context: ContextOf<Level>): Promise<Response>;
}

/**
 * A stream of messages from the client, answered once. `first` validates the first message and
 * gives what the handler and the policy's `patientOf` see (for an upload: the header; a first
 * message that is not a header fails validation). `rest` yields the remaining messages as the
 * handler pulls them; stopping early (returning or throwing) stops reading.
 */
export interface ClientStreamingMethod<First, Message, Response, Level extends AccessLevel = AccessLevel> {
  kind: 'client-streaming';
  access: Level;
  first: z.ZodType<First>;
  handle(first: First, rest: AsyncIterable<Message>, context: ContextOf<Level> & Cancellable): Promise<Response>;
}

/** Resolves when the message is handed on, or after the client has caught up (grpc-js 'drain'). */
export type SendMessage<Message> = (message: Message) => Promise<void>;

/** One request, answered by a stream of messages the handler sends; the dispatcher ends it. */
export interface ServerStreamingMethod<Request, Message, Level extends AccessLevel = AccessLevel> {
  kind: 'server-streaming';
  access: Level;
  request?: z.ZodType<Request>;
  handle(request: Request, send: SendMessage<Message>, context: ContextOf<Level> & Cancellable): Promise<void>;
}

// Handlers are typed per service by the caller; here every request is an object.
export type ServiceMethod = UnaryMethod<any, any, any> | ClientStreamingMethod<any, any, any, any> | ServerStreamingMethod<any, any, any>;

interface DispatchDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Set on the tunnel listener: calls must come through the tunnel. */
  tunnel?: CallerCheck['tunnel'];
  /** Where refused calls are recorded (the access log, floods counted). */
  refusals?: RefusalAudit;
  /**
   * Called after a unary or client-streaming call succeeded: it may have written what live
   * streams carry (the server pokes the timeline's event hub, which then reads the log).
   */
  afterCall?: () => void;
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
    if (handler.access !== access.who) throw new Error(`${method.path} is for ${access.who} in RPC_POLICY, but its handler is written for ${handler.access}`);

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
    const timing = new CallTiming();
    const log = deps.logger.child({ rpc: path, peer: call.getPeer() });
    void (async () => {
      const { request, context } = await openCall(deps, path, access, call, now, timing, async () =>
        handler.request ? parseInput(handler.request, call.request) : call.request,
      );
      return timing.measure('handle', () => handler.handle(request, context));
    })().then(
      (response) => {
        // grpc-js encodes and writes the answer inside the callback.
        const sending = performance.now();
        callback(null, response);
        timing.add('send', performance.now() - sending);
        log.debug({ ms: Math.round(performance.now() - started), phases: timing.phases() }, 'ok');
        deps.afterCall?.();
      },
      (error: unknown) => void refusal(deps, path, call, log, started, error).then((status) => callback(status)),
    );
  };
}

function clientStreaming(path: string, access: RpcAccess, handler: ClientStreamingMethod<any, any, any>, deps: DispatchDeps) {
  return (call: grpc.ServerReadableStream<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>) => {
    const now = deps.clock.now();
    const started = performance.now();
    const timing = new CallTiming();
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
      const { request: first, context } = await openCall(deps, path, access, call, now, timing, async () => {
        const head = await messages.next();
        if (head.done) throw noMessage();
        return parseInput(handler.first, head.value);
      });
      return timing.measure('handle', () => handler.handle(first, rest, { ...context, signal: cancelled.signal }));
    })()
      .finally(async () => {
        // Stop reading whatever the client still sends (an early refusal, a retry answered
        // from the record): the messages are dropped, not buffered.
        await messages.return?.().catch(() => undefined);
      })
      .then(
        (response) => {
          log.debug({ ms: Math.round(performance.now() - started), phases: timing.phases() }, 'ok');
          callback(null, response);
          deps.afterCall?.();
        },
        (error: unknown) => {
          if (cancelled.signal.aborted) {
            log.info({ ms: Math.round(performance.now() - started) }, 'cancelled by the client');
            return;
          }
          void refusal(deps, path, call, log, started, error).then((status) => callback(status));
        },
      );
  };
}

function serverStreaming(path: string, access: RpcAccess, handler: ServerStreamingMethod<any, any>, deps: DispatchDeps) {
  return (call: grpc.ServerWritableStream<Record<string, unknown>, unknown>) => {
    const now = deps.clock.now();
    const started = performance.now();
    const timing = new CallTiming();
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
      const { request, context } = await openCall(deps, path, access, call, now, timing, async () =>
        handler.request ? parseInput(handler.request, call.request) : call.request,
      );
      await timing.measure('handle', () => handler.handle(request, send, { ...context, signal: cancelled.signal }));
    })().then(
      () => {
        log.debug({ ms: Math.round(performance.now() - started), phases: timing.phases() }, 'ok');
        call.end();
      },
      (error: unknown) => {
        if (cancelled.signal.aborted) {
          log.info({ ms: Math.round(performance.now() - started) }, 'cancelled by the client');
          return;
        }
        // grpc-js ends a server stream with the status of an 'error' event (after what was sent).
        void refusal(deps, path, call, log, started, error).then((status) => call.emit('error', status));
      },
    );
  };
}

/**
 * Steps 1 to 3: authenticates the caller at the method's level, reads and validates the request
 * (`readRequest`), and builds the handler's context; for a care-team method, the caller's scope on
 * the patient the request names, refused (and audited as the method's path) when they may not see it.
 */
async function openCall<Request>(
  deps: DispatchDeps,
  path: string,
  access: RpcAccess,
  call: { metadata: grpc.Metadata; getPeer(): string },
  now: Date,
  timing: CallTiming,
  readRequest: () => Promise<Request>,
): Promise<{ request: Request; context: ContextOf<AccessLevel> }> {
  const check: CallerCheck = { store: deps.store, tunnel: deps.tunnel, now };
  const authenticate = () => timing.measure('authenticate', () => authenticateUser(check, call.metadata, call.getPeer(), path));
  const userScope = (caller: Awaited<ReturnType<typeof authenticateUser>>) => openUserScope(deps.store, caller, now, timing);
  const basics: CallBasics = { store: deps.store, now, peerAddress: peerAddress(call.getPeer()) };
  switch (access.who) {
    case 'anyone':
      return { request: await readRequest(), context: basics };
    case 'enrolled-device':
    case 'approved-device': {
      const device = await timing.measure('authenticate', () => authenticateDevice(check, access.who, call.metadata, call.getPeer()));
      return { request: await readRequest(), context: { ...basics, device } };
    }
    case 'user': {
      const caller = await authenticate();
      return { request: await readRequest(), context: { ...userScope(caller), session: caller.session, peerAddress: basics.peerAddress } };
    }
    case 'care-team': {
      const caller = await authenticate();
      const request = await readRequest();
      const patientId = String(access.patientOf(request as Record<string, unknown>));
      return { request, context: await timing.measure('scope', () => userScope(caller).openPatient(patientId, path)) };
    }
    case 'timeline-member': {
      const caller = await authenticate();
      const request = await readRequest();
      const target = targetOf(access.timelineOf(request as Record<string, unknown>) as Parameters<typeof targetOf>[0]);
      if (!target) throw invalidRequest([fieldViolation('timeline', 'REQUIRED')]);
      return { request, context: await timing.measure('scope', () => openTimelineScope(userScope(caller), target, path)) };
    }
  }
}

function noMessage(): RenkeiError {
  return invalidRequest([fieldViolation('(request)', 'REQUEST_MISSING')]);
}

/** The status a failure is answered with: a RenkeiError as is, anything else INTERNAL with an incident number; recorded in the access log. */
async function refusal(
  deps: DispatchDeps,
  path: string,
  call: { metadata: grpc.Metadata; getPeer(): string },
  log: Logger,
  started: number,
  error: unknown,
): Promise<grpc.ServiceError> {
  const refused = error instanceof RenkeiError ? error : new RenkeiError({ reason: 'INTERNAL', metadata: { incident: randomBytes(4).toString('hex') } });
  if (refused === error) log.info({ reason: refused.reason, ms: Math.round(performance.now() - started) }, 'refused');
  else log.error({ err: error, incident: refused.metadata.incident }, 'failed');
  const claimed = call.metadata.get('renkei-device')[0];
  const claimedDeviceId = typeof claimed === 'string' ? /^[0-9a-f-]{36}(?=\.)/.exec(claimed)?.[0] : undefined;
  await deps.refusals
    ?.record({
      rpc: path,
      reason: refused.reason,
      address: peerAddress(call.getPeer()),
      ...(claimedDeviceId && { claimedDeviceId }),
      ...(refused.reason === 'INTERNAL' && { incident: refused.metadata.incident }),
    })
    .catch((auditError: unknown) => log.error({ err: auditError }, 'could not record the refusal in the access log'));
  return toServiceError(refused) as grpc.ServiceError;
}
