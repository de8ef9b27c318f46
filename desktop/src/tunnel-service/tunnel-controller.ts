// The tunnel's state machine. Every operation runs to completion before the next one starts, so a
// Connect never sees half of a Disconnect; only the read-only poll of `wg show` runs beside them,
// and it drops its result when the link it polled has been replaced in the meantime.
//
//   UNCONFIGURED --Configure--> DOWN --Connect--> CONNECTING <--handshake age--> UP
//   any --failure--> ERROR --Connect--> CONNECTING     ERROR/UP/CONNECTING --Disconnect--> DOWN
//   any --Forget--> UNCONFIGURED (key and configuration gone)
import { linkExists, runTool, WireGuardLink } from '@renkei/wireguard';
import type { DeviceKeyStore } from './device-key-store';
import { silentLog, type ServiceLog } from './service-log';
import { sameTunnelConfig, validateTunnelConfig, type TunnelConfig } from './tunnel-config';
import type { TunnelConfigStore } from './tunnel-config-store';
import { TunnelPreconditionError } from './tunnel-errors';
import { phaseOf, sameSnapshot, type TunnelSnapshot } from './tunnel-state';

export interface TunnelControllerOptions {
  interfaceName: string;
  keyStore: DeviceKeyStore;
  configStore: TunnelConfigStore;
  /** How often `wg show` is read while the link exists. */
  pollIntervalMs?: number;
  log?: ServiceLog;
}

export type TunnelListener = (snapshot: TunnelSnapshot) => void;

interface PeerCounters {
  lastHandshakeAt: Date | null;
  rxBytes: number;
  txBytes: number;
}

const NO_TRAFFIC: PeerCounters = { lastHandshakeAt: null, rxBytes: 0, txBytes: 0 };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class TunnelController {
  readonly interfaceName: string;
  private readonly keyStore: DeviceKeyStore;
  private readonly configStore: TunnelConfigStore;
  private readonly pollIntervalMs: number;
  private readonly log: ServiceLog;

  private config: TunnelConfig | null = null;
  private link: WireGuardLink | null = null;
  /** Which link an exit notice or a poll result belongs to. */
  private linkGeneration = 0;
  private backend = '';
  private counters: PeerCounters = NO_TRAFFIC;
  private failure: string | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<TunnelListener>();
  private loggedPhase: string | null = null;

  constructor(options: TunnelControllerOptions) {
    this.interfaceName = options.interfaceName;
    this.keyStore = options.keyStore;
    this.configStore = options.configStore;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.log = options.log ?? silentLog;
  }

  /** Loads the stored configuration and removes an interface a crashed run left behind. */
  start(): Promise<TunnelSnapshot> {
    return this.serialize(async () => {
      try {
        this.config = await this.configStore.load();
      } catch (error) {
        this.failure = `the stored tunnel configuration cannot be used (${describe(error)}); it must be configured again`;
        this.log.error('stored_config_unusable', { error });
      }
      if (await linkExists(this.interfaceName)) {
        // A leftover interface would keep routing with whatever it was given: it is not ours to trust.
        await runTool('ip', ['link', 'del', 'dev', this.interfaceName]);
        this.log.warn('leftover_interface_removed', { interface: this.interfaceName });
      }
      return this.publish();
    });
  }

  state(): TunnelSnapshot {
    return {
      phase: phaseOf(
        { configured: this.config !== null, linkUp: this.link !== null, failure: this.failure, lastHandshakeAt: this.counters.lastHandshakeAt },
        Date.now(),
      ),
      interfaceName: this.interfaceName,
      deviceAddress: this.config?.deviceAddress ?? '',
      serverEndpoint: this.config?.serverEndpoint ?? '',
      lastHandshakeAt: this.counters.lastHandshakeAt,
      rxBytes: this.counters.rxBytes,
      txBytes: this.counters.txBytes,
      error: this.failure ?? '',
      backend: this.backend,
    };
  }

  /** Calls the listener with the current state at once, then with each change, until unsubscribed. */
  watch(listener: TunnelListener): () => void {
    let last = this.state();
    const deliver: TunnelListener = (snapshot) => {
      if (sameSnapshot(snapshot, last)) return;
      last = snapshot;
      listener(snapshot);
    };
    this.listeners.add(deliver);
    listener(last);
    return () => this.listeners.delete(deliver);
  }

  /** The device's public key; the key pair is created on first use. */
  deviceKey(): Promise<string> {
    return this.serialize(async () => {
      const { publicKey, created } = await this.keyStore.ensureKeyPair();
      if (created) this.log.info('device_key_created', { publicKey });
      return publicKey;
    });
  }

  /**
   * Validates and stores the configuration. A live tunnel is rebuilt when the configuration
   * changed (e.g. the cloud's key was rotated); a failure to rebuild shows as ERROR, not as a
   * refused configuration, because the configuration itself was stored.
   */
  configure(input: unknown): Promise<TunnelSnapshot> {
    let config: TunnelConfig;
    try {
      // Checked before queueing: a bad configuration is refused at once, whatever is running.
      config = validateTunnelConfig(input);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.serialize(async () => {
      const changed = this.config === null || !sameTunnelConfig(this.config, config);
      await this.configStore.save(config);
      this.config = config;
      this.log.info('tunnel_configured', { deviceAddress: config.deviceAddress, serverEndpoint: config.serverEndpoint, changed });
      if (this.link === null) {
        this.failure = null;
      } else if (changed) {
        await this.tearDown();
        await this.bringUp(config).catch(() => undefined);
      }
      return this.publish();
    });
  }

  connect(): Promise<TunnelSnapshot> {
    return this.serialize(async () => {
      if (this.config === null) throw new TunnelPreconditionError('the tunnel is not configured yet: the device must be approved first');
      if (this.link !== null && this.failure === null) return this.state();
      if ((await this.keyStore.publicKey()) === null) throw new TunnelPreconditionError('this device has no WireGuard key yet: enrol the device first');
      await this.bringUp(this.config);
      return this.publish();
    });
  }

  disconnect(): Promise<TunnelSnapshot> {
    return this.serialize(async () => {
      await this.tearDown();
      return this.publish();
    });
  }

  /** Takes the tunnel down and deletes key and configuration; they are gone even if the teardown failed. */
  forget(): Promise<TunnelSnapshot> {
    return this.serialize(async () => {
      let teardownError: unknown;
      await this.tearDown().catch((error: unknown) => (teardownError = error));
      await this.keyStore.forget();
      await this.configStore.forget();
      this.config = null;
      this.backend = '';
      this.log.info('device_forgotten');
      this.publish();
      if (teardownError !== undefined) throw teardownError;
      return this.state();
    });
  }

  /** For service shutdown: the tunnel does not outlive the service that watches it. */
  stop(): Promise<void> {
    return this.serialize(async () => {
      await this.tearDown().catch((error: unknown) => this.log.error('stop_teardown_failed', { error }));
      this.listeners.clear();
    });
  }

  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Runs inside serialize(). Leaves either a complete link or none, with the reason in `failure`. */
  private async bringUp(config: TunnelConfig): Promise<void> {
    this.failure = null;
    this.counters = NO_TRAFFIC;
    const generation = ++this.linkGeneration;
    let link: WireGuardLink | null = null;
    try {
      link = await WireGuardLink.create({
        name: this.interfaceName,
        onUnexpectedExit: (detail) => void this.serialize(() => this.loseLink(generation, detail)),
      });
      this.backend = link.implementation;
      await link.setPrivateKey(this.keyStore.privateKeyFile);
      await link.setPeer({
        publicKey: config.serverPublicKey,
        allowedIps: [...config.allowedIps],
        endpoint: config.serverEndpoint,
        persistentKeepaliveSeconds: config.persistentKeepaliveSeconds || undefined,
      });
      await link.addAddress(config.deviceAddress);
      await link.up();
      for (const network of config.allowedIps) await link.addRoute(network);
    } catch (error) {
      this.linkGeneration++;
      await link?.delete().catch((cleanupError: unknown) => this.log.error('link_cleanup_failed', { error: cleanupError }));
      this.failure = `could not bring up ${this.interfaceName}: ${describe(error)}`;
      this.log.error('connect_failed', { interface: this.interfaceName, error });
      this.publish();
      throw new Error(this.failure, { cause: error });
    }
    this.link = link;
    this.log.info('link_up', { interface: this.interfaceName, backend: link.implementation, serverEndpoint: config.serverEndpoint });
    this.schedulePoll(generation, 0);
  }

  /** Runs inside serialize(). Also clears an ERROR, removing what a failed attempt may have left. */
  private async tearDown(): Promise<void> {
    this.stopPolling();
    const link = this.link;
    this.link = null;
    this.linkGeneration++;
    this.counters = NO_TRAFFIC;
    this.failure = null;
    try {
      if (link) await link.delete();
      else if (await linkExists(this.interfaceName)) await runTool('ip', ['link', 'del', 'dev', this.interfaceName]);
    } catch (error) {
      this.failure = `could not remove ${this.interfaceName}: ${describe(error)}`;
      this.log.error('disconnect_failed', { interface: this.interfaceName, error });
      throw error;
    }
    if (link) this.log.info('link_down', { interface: this.interfaceName });
  }

  /** Runs inside serialize(): wireguard-go died or the interface vanished under us. */
  private async loseLink(generation: number, detail: string): Promise<void> {
    if (generation !== this.linkGeneration || this.link === null) return;
    const link = this.link;
    this.stopPolling();
    this.link = null;
    this.linkGeneration++;
    await link.delete().catch(() => undefined);
    this.failure = `the tunnel stopped: ${detail}; connect again`;
    this.log.error('link_lost', { interface: this.interfaceName, detail });
    this.publish();
  }

  private schedulePoll(generation: number, delayMs: number): void {
    this.stopPolling();
    this.pollTimer = setTimeout(() => void this.poll(generation), delayMs);
    this.pollTimer.unref();
  }

  private stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private async poll(generation: number): Promise<void> {
    const link = this.link;
    if (link === null || generation !== this.linkGeneration) return;
    try {
      const peers = await link.peers();
      if (generation !== this.linkGeneration) return;
      const server = peers.find((peer) => peer.publicKey === this.config?.serverPublicKey);
      this.counters = server ? { lastHandshakeAt: server.latestHandshake, rxBytes: server.rxBytes, txBytes: server.txBytes } : NO_TRAFFIC;
      this.publish();
      this.schedulePoll(generation, this.pollIntervalMs);
    } catch (error) {
      // A kernel link has no process whose exit would tell us it was deleted: `wg show` failing does.
      void this.serialize(() => this.loseLink(generation, `${this.interfaceName} cannot be read any more (${describe(error)})`));
    }
  }

  /** Tells every watcher about the current state; each watcher filters what it has already seen. */
  private publish(): TunnelSnapshot {
    const snapshot = this.state();
    if (snapshot.phase !== this.loggedPhase) {
      this.loggedPhase = snapshot.phase;
      this.log.info('tunnel_phase', { phase: snapshot.phase, interface: this.interfaceName, ...(snapshot.error ? { error: snapshot.error } : {}) });
    }
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.log.error('watcher_failed', { error });
      }
    }
    return snapshot;
  }
}
