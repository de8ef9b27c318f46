// Keeps the approved tunnel configuration across restarts of the service, root-only. What is read
// back is validated again: the file is input like any other.
import type { StateDirectory } from './state-directory';
import { validateTunnelConfig, type TunnelConfig } from './tunnel-config';

const CONFIG_FILE = 'tunnel-config.json';

export class TunnelConfigStore {
  constructor(private readonly directory: StateDirectory) {}

  get file(): string {
    return this.directory.file(CONFIG_FILE);
  }

  async load(): Promise<TunnelConfig | null> {
    const text = await this.directory.readPrivateFile(CONFIG_FILE);
    if (text === null) return null;
    return validateTunnelConfig(JSON.parse(text));
  }

  async save(config: TunnelConfig): Promise<void> {
    await this.directory.writePrivateFile(CONFIG_FILE, `${JSON.stringify(config, null, 2)}\n`);
  }

  async forget(): Promise<void> {
    await this.directory.removeFile(CONFIG_FILE);
  }
}
