// The screens over the demo API, for working on them by hand in a browser:
//   npm run demo:renderer -w @renkei/desktop [-- first-run]
// prints the URL (with its token) to open. `first-run` starts unenrolled; the demo office approves
// the PC at the first check.
import { RENDERER_BUILD_DIR, startDevBridge } from '../../src/dev-bridge/dev-bridge';
import { DEMO_LOGIN, DemoDesktopApi } from './demo-desktop-api';

const firstRun = process.argv.includes('first-run');
const api = firstRun ? new DemoDesktopApi() : DemoDesktopApi.loggedIn();
api.approveOnNextRefresh = true;
const port = Number(process.env.PORT) || undefined;
const bridge = await startDevBridge({ api, rendererDir: RENDERER_BUILD_DIR, ...(port ? { port } : {}) });
console.log(`Renkei demo: ${bridge.url}`);
console.log(`login: ${DEMO_LOGIN.loginId} / ${DEMO_LOGIN.password}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void bridge.close().then(() => process.exit(0)));
}
