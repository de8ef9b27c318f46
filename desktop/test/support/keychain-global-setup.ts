// Desktop tests use the real OS keychain through keytar: a private Secret Service for the run.
// Test workers start after this and inherit its environment.
import { startSecretService, type SecretService } from '../../region/private-keychain';

let service: SecretService | undefined;

export async function setup(): Promise<void> {
  service = await startSecretService();
  Object.assign(process.env, service.env);
}

export async function teardown(): Promise<void> {
  await service?.stop();
}
