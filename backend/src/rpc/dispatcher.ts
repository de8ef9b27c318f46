// Turns a service's handlers into grpc-js handlers, the same way for every method:
//   1. authenticate the caller at the level RPC_POLICY gives the method (refusing to start if
//      the method has no policy),
//   2. validate the request at the boundary (zod), answering INVALID_ARGUMENT with every bad field,
//   3. check the patient scope (care-team membership) when the policy names a patient,
//   4. run the handler; map RenkeiError to its status and anything else to INTERNAL with an
//      incident number (the details go to the log, not to the caller).
import { randomBytes } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { RenkeiError, toServiceError } from '@renkei/proto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { recordAudit } from '../audit/audit-log';
import { assertCanSeePatient } from '../access/patient-access';
import { authenticateCaller, type Caller, type CallerCheck } from '../access/authenticate';
import { RPC_POLICY } from '../access/rpc-policy';
import type { Store } from '../db/database';
import type { Clock } from '../time';
import { parseInput } from '../validation';

export interface CallContext extends Caller {
  now: Date;
  /** Where the handler's data lives. */
  store: Store;
}

export interface UnaryMethod<Request, Response> {
  request?: z.ZodType<Request>;
  handle(request: Request, context: CallContext): Promise<Response>;
}

export interface DispatchDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Set on the tunnel listener: calls must come through the tunnel. */
  tunnel?: CallerCheck['tunnel'];
}

// Handlers are typed per service by the caller; here every request is an object.
type AnyUnaryMethod = UnaryMethod<any, any>;

export function implementService(
  definition: grpc.ServiceDefinition,
  methods: Record<string, AnyUnaryMethod>,
  deps: DispatchDeps,
): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const access = RPC_POLICY[method.path];
    if (!access) throw new Error(`${method.path} has no entry in RPC_POLICY`);
    const handler = methods[name];
    if (!handler) throw new Error(`${method.path} has no handler`);
    if (method.requestStream || method.responseStream) throw new Error(`${method.path}: only unary methods are dispatched here`);

    implementation[name] = (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const now = deps.clock.now();
      const started = performance.now();
      const log = deps.logger.child({ rpc: method.path, peer: call.getPeer() });
      void (async () => {
        const caller = await authenticateCaller({ store: deps.store, tunnel: deps.tunnel, now }, access, call.metadata, call.getPeer());
        const request = handler.request ? parseInput(handler.request, call.request) : call.request;
        const context: CallContext = { ...caller, now, store: deps.store };
        if (access.who === 'user' && access.patientOf) {
          const patientId = String(access.patientOf(request as Record<string, unknown>));
          try {
            await assertCanSeePatient(deps.store, caller.user!.id, patientId);
          } catch (error) {
            await recordAudit(
              deps.store,
              { action: method.path, outcome: 'denied', actorUserId: caller.user!.id, actorDeviceId: caller.device?.id, patientId, detail: { reason: 'not-on-care-team' } },
              now,
            );
            throw error;
          }
        }
        return handler.handle(request, context);
      })().then(
        (response) => {
          log.debug({ ms: Math.round(performance.now() - started) }, 'ok');
          callback(null, response);
        },
        (error: unknown) => {
          if (error instanceof RenkeiError) {
            log.info({ reason: error.reason, ms: Math.round(performance.now() - started) }, 'refused');
            callback(toServiceError(error) as grpc.ServiceError);
            return;
          }
          const incident = randomBytes(4).toString('hex');
          log.error({ err: error, incident }, 'failed');
          callback(toServiceError(new RenkeiError({ reason: 'INTERNAL', metadata: { incident } })) as grpc.ServiceError);
        },
      );
    };
  }
  return implementation;
}
