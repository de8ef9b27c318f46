import type { Command } from 'commander';
import type { ServerConfigInput } from '../../config/server-config';
import { initializeDataDirectory } from '../../server/initialize';
import type { AdminContext } from '../admin-context';
import { printJson, say } from '../output';

export function registerInit(program: Command, context: () => AdminContext): void {
  program
    .command('init')
    .description('create a data directory: private CA, server certificate, WireGuard key, database')
    .requiredOption('--region <name>', 'region name, shown in the CA certificate (e.g. 宮崎市)')
    .requiredOption('--public-host <host>', 'host name or address clinic PCs reach the server at')
    .option('--enrollment-listen <host:port>', 'where the enrollment listener binds', '0.0.0.0:7443')
    .option('--enrollment-port <port>', 'enrollment port clinic PCs dial', '7443')
    .option('--clinical-port <port>', 'clinical API port on the tunnel address', '7444')
    .option('--tunnel <mode>', '"wireguard", or "none" for demos without root (never for patient data)', 'wireguard')
    .option('--tunnel-interface <name>', 'WireGuard interface the server owns', 'renkei-cloud')
    .option('--tunnel-subnet <cidr>', 'tunnel subnet; the server takes its first address', '10.77.0.0/16')
    .option('--wireguard-port <port>', 'WireGuard UDP port', '51820')
    .option('--wireguard-endpoint <host:port>', 'WireGuard endpoint clinic PCs send to (default: public host and port)')
    .option('--wireguard-implementation <kind>', 'auto, kernel or wireguard-go', 'auto')
    .option('--untunneled-clinical-listen <host:port>', 'with --tunnel none: where the clinical API listens', '127.0.0.1:7444')
    .option('--database-url <url>', 'PostgreSQL URL (default: embedded SQLite in the data directory)')
    .option('--clinical-processes <n>', 'processes serving the clinical API (PostgreSQL only)', '1')
    .option('--login-failure-delay-ms <ms>', 'delay before answering a failed login', '1000')
    .option('--json', 'print the result as JSON')
    .action(async (options) => {
      const ctx = context();
      const input: ServerConfigInput = {
        regionName: options.region,
        ...(options.databaseUrl && { databaseUrl: options.databaseUrl }),
        enrollment: { listen: options.enrollmentListen, publicAddress: `${options.publicHost}:${options.enrollmentPort}` },
        clinicalPort: Number(options.clinicalPort),
        clinicalProcesses: Number(options.clinicalProcesses),
        tunnel:
          options.tunnel === 'none'
            ? { mode: 'none', clinicalListen: options.untunneledClinicalListen, subnet: options.tunnelSubnet }
            : {
                mode: 'wireguard',
                interface: options.tunnelInterface,
                subnet: options.tunnelSubnet,
                listenPort: Number(options.wireguardPort),
                endpoint: options.wireguardEndpoint ?? `${options.publicHost}:${options.wireguardPort}`,
                implementation: options.wireguardImplementation,
              },
        auth: { loginFailureDelayMs: Number(options.loginFailureDelayMs) },
      };
      const { dir, config } = await initializeDataDirectory(ctx.dir.root, input);
      if (options.json) return printJson({ dataDir: dir.root, enrollmentAddress: config.enrollment.publicAddress, tunnel: config.tunnel.mode });
      say(`初期化しました / Initialised ${dir.root}`);
      say(`  登録用アドレス / enrollment address: ${config.enrollment.publicAddress}`);
      say(
        `  VPN: ${config.tunnel.mode === 'wireguard' ? `WireGuard ${config.tunnel.interface} ${config.tunnel.subnet}` : 'なし（デモ専用） / none (demo only)'}`,
      );
    });
}
