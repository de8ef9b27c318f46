// Several processes serving the clinical API for one region (renkei.json `clinicalProcesses` > 1,
// PostgreSQL only). The process that owns the WireGuard interface forks them with node:cluster;
// it accepts each connection on the tunnel address's port and hands it to one of them in turn, so
// a PC's channel (its calls and its live timeline stream) is served by one process while the
// region's PCs spread over all. Each clinical process opens the database and follows the timeline's
// event log itself: a post written through one wakes the others by NOTIFY. A process that dies is
// replaced; its PCs reconnect and their streams resume from the cursors they keep.
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import type { Logger } from '../logger';

/** The failed logins per source, counted here for all clinical processes (access/failure-limit.ts). */
export const LOGIN_FAILURES = 'login-failures';

/** What a clinical process tells the one that forked it once it listens. */
export interface ClinicalReady {
  kind: 'clinical-ready';
  port: number;
}

export function isClinicalReady(message: unknown): message is ClinicalReady {
  return typeof message === 'object' && message !== null && (message as ClinicalReady).kind === 'clinical-ready';
}

const READY_TIMEOUT_MS = 60_000;
const RESTART_DELAY_MS = 1_000;
// A clinical process ends its streams and gives calls 2.5 s (rpc/grpc-listeners.ts shutdown).
const STOP_TIMEOUT_MS = 10_000;

export class ClinicalProcesses {
  private stopping = false;
  private readonly workers = new Set<Worker>();

  private constructor(
    private readonly logger: Logger,
    /** The port the clinical processes share (the same for all, also when the configuration says 0). */
    readonly port: number,
  ) {}

  static async start(count: number, logger: Logger): Promise<ClinicalProcesses> {
    // The primary accepts and deals connections in turn (the default on Linux, not on Windows):
    // the operating system's own balancing favours a few processes under load.
    cluster.schedulingPolicy = cluster.SCHED_RR;
    new RateLimiterClusterMaster(); // answers the clinical processes' FailureLimit (one per process tree)
    const forked = Array.from({ length: count }, () => cluster.fork());
    let ports: number[];
    try {
      ports = await Promise.all(forked.map((worker) => ready(worker)));
    } catch (error) {
      for (const worker of forked) worker.process.kill('SIGKILL');
      throw error;
    }
    const processes = new ClinicalProcesses(logger, ports[0]!);
    for (const worker of forked) processes.watch(worker);
    logger.info({ processes: forked.map((worker) => worker.process.pid), port: processes.port }, 'clinical processes ready');
    return processes;
  }

  /** Process ids of the clinical processes now. */
  get pids(): number[] {
    return [...this.workers].map((worker) => worker.process.pid!);
  }

  private watch(worker: Worker): void {
    this.workers.add(worker);
    worker.once('exit', (code, signal) => {
      this.workers.delete(worker);
      if (this.stopping) return;
      this.logger.error({ pid: worker.process.pid, code, signal }, 'a clinical process ended; starting another');
      setTimeout(() => void this.replace(), RESTART_DELAY_MS).unref();
    });
  }

  private async replace(): Promise<void> {
    if (this.stopping) return;
    const worker = cluster.fork();
    this.watch(worker);
    try {
      await ready(worker);
      this.logger.info({ pid: worker.process.pid }, 'clinical process ready');
    } catch (error) {
      // Its exit (if it ended) is watched and brings the next attempt.
      this.logger.error({ err: error, pid: worker.process.pid }, 'a new clinical process did not start');
      worker.process.kill('SIGKILL');
    }
  }

  /** Ends every clinical process: each ends its streams and its calls, as a single server does. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.workers].map(async (worker) => {
        const exited = once(worker, 'exit');
        worker.process.kill('SIGTERM');
        const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

function ready(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`clinical process ${worker.process.pid} did not listen within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`clinical process ${worker.process.pid} ended (${code}) before it listened; its log says why`));
    };
    worker.once('exit', onExit);
    worker.on('message', (message: unknown) => {
      if (!isClinicalReady(message)) return;
      clearTimeout(timer);
      worker.off('exit', onExit);
      resolve(message.port);
    });
  });
}
