// renkei.tunnel.v1.TunnelService on a local Unix socket. Insecure channel credentials are right
// here: nothing leaves the machine, and the socket's permissions decide who may connect.
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadTunnelApi } from '@renkei/proto';
import type { TunnelServiceHandlers } from '@renkei/proto/generated/renkei/tunnel/v1/TunnelService';
import type { TunnelState } from '@renkei/proto/generated/renkei/tunnel/v1/TunnelState';
import { bindRestricted, groupId, prepareSocketDirectory, removeStaleSocket } from './local-socket';
import { silentLog, type ServiceLog } from './service-log';
import type { TunnelController } from './tunnel-controller';
import { InvalidTunnelConfigError, TunnelPreconditionError } from './tunnel-errors';
import { toTunnelStateMessage, type TunnelSnapshot } from './tunnel-state';

export interface TunnelServerOptions {
  socketPath: string;
  controller: TunnelController;
  /** Members of this group may use the service; when it does not exist the socket stays root-only. */
  group?: string;
  log?: ServiceLog;
  /** How long in-flight calls get to finish on stop before they are cut off. */
  shutdownGraceMs?: number;
}

export interface TunnelServer {
  readonly socketPath: string;
  stop(): Promise<void>;
}

function statusOf(error: unknown): Partial<grpc.ServiceError> {
  const details = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidTunnelConfigError) return { code: grpc.status.INVALID_ARGUMENT, details };
  if (error instanceof TunnelPreconditionError) return { code: grpc.status.FAILED_PRECONDITION, details };
  return { code: grpc.status.INTERNAL, details };
}

/**
 * A watcher that falls behind gets the newest state when it catches up, not a backlog: only the
 * latest state matters to a UI.
 */
function stateStream(call: grpc.ServerWritableStream<unknown, TunnelState>) {
  let pending: TunnelSnapshot | null = null;
  let waiting = false;
  const send = (snapshot: TunnelSnapshot) => {
    if (waiting) {
      pending = snapshot;
      return;
    }
    if (!call.write(toTunnelStateMessage(snapshot))) {
      waiting = true;
      call.once('drain', () => {
        waiting = false;
        const next = pending;
        pending = null;
        if (next) send(next);
      });
    }
  };
  return send;
}

export async function startTunnelServer(options: TunnelServerOptions): Promise<TunnelServer> {
  const { socketPath, controller } = options;
  const log = options.log ?? silentLog;
  const groupName = options.group ?? 'renkei';
  const gid = await groupId(groupName);
  if (gid === null) log.warn('socket_group_missing', { group: groupName, consequence: 'the socket is usable by root only' });

  const { created } = await prepareSocketDirectory(socketPath, gid);
  if (!created) log.info('socket_directory_exists', { directory: dirname(socketPath), note: 'permissions left as they are' });
  if (await removeStaleSocket(socketPath)) log.warn('stale_socket_removed', { socket: socketPath });

  const watchers = new Set<{ end(): void }>();

  const unary =
    <Request, Response>(name: string, handle: (request: Request) => Promise<Response>): grpc.handleUnaryCall<Request, Response> =>
    (call, callback) => {
      handle(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => {
          const status = statusOf(error);
          if (status.code === grpc.status.INTERNAL) log.error('rpc_failed', { rpc: name, error });
          else log.warn('rpc_refused', { rpc: name, code: grpc.status[status.code!], error });
          callback(status);
        },
      );
    };
  const state = async (snapshot: Promise<TunnelSnapshot>) => toTunnelStateMessage(await snapshot);

  const handlers: TunnelServiceHandlers = {
    GetDeviceKey: unary('GetDeviceKey', async () => ({ publicKey: await controller.deviceKey() })),
    Configure: unary('Configure', async (request) => state(controller.configure(request.config))),
    Connect: unary('Connect', async () => state(controller.connect())),
    Disconnect: unary('Disconnect', async () => state(controller.disconnect())),
    GetState: unary('GetState', async () => toTunnelStateMessage(controller.state())),
    Forget: unary('Forget', async () => state(controller.forget())),
    WatchState: (call) => {
      let unsubscribe = () => {};
      let open = true;
      const close = (reason: string) => {
        if (!open) return;
        open = false;
        unsubscribe();
        watchers.delete(watcher);
        log.info('watch_ended', { reason, watchers: watchers.size });
      };
      const watcher = {
        end: () => {
          close('service stopping');
          call.end();
        },
      };
      call.once('cancelled', () => close('cancelled by client'));
      call.once('error', () => close('stream failed'));
      watchers.add(watcher);
      log.info('watch_started', { watchers: watchers.size });
      unsubscribe = controller.watch(stateStream(call));
    },
  };

  const server = new grpc.Server();
  server.addService(loadTunnelApi().grpcObject.renkei.tunnel.v1.TunnelService.service, handlers);
  await bindRestricted(
    socketPath,
    gid,
    () =>
      new Promise<number>((resolve, reject) =>
        server.bindAsync(`unix://${socketPath}`, grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
      ),
  );
  log.info('listening', { socket: socketPath, group: gid === null ? null : groupName });

  let stopping: Promise<void> | undefined;
  return {
    socketPath,
    stop() {
      stopping ??= (async () => {
        for (const watcher of [...watchers]) watcher.end();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            log.warn('forced_shutdown', { reason: 'calls still running after the grace period' });
            server.forceShutdown();
            resolve();
          }, options.shutdownGraceMs ?? 5000);
          server.tryShutdown(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        await controller.stop();
        await rm(socketPath, { force: true });
        log.info('stopped');
      })();
      return stopping;
    },
  };
}
