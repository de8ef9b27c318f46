// The tray icon shows the tunnel's state at all times, and offers the few things worth doing
// from there: open the window, connect or disconnect the VPN, quit.
import { Menu, Tray, nativeImage, type BrowserWindow } from 'electron';
import type { AppStatus, DesktopApi, Locale } from '../shared/desktop-api';
import { trayIconBitmap } from './tray-icon';
import { trayStatus, type TrayTone } from './tray-status';

const WORDS = {
  ja: { open: 'Renkei を開く', connect: 'VPN に接続', disconnect: 'VPN を切断', quit: '終了' },
  en: { open: 'Open Renkei', connect: 'Connect VPN', disconnect: 'Disconnect VPN', quit: 'Quit' },
} as const;

function icon(tone: TrayTone) {
  const image = nativeImage.createFromBitmap(trayIconBitmap(tone, 16), { width: 16, height: 16 });
  image.addRepresentation({ scaleFactor: 2, width: 32, height: 32, buffer: trayIconBitmap(tone, 32) });
  return image;
}

export function createAppTray(api: DesktopApi, window: () => BrowserWindow | undefined, locale: Locale, quit: () => void): () => void {
  const words = WORDS[locale];
  const tray = new Tray(icon('off'));
  const show = (status: AppStatus) => {
    const view = trayStatus(status, locale);
    tray.setImage(icon(view.tone));
    tray.setToolTip(view.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: view.line, enabled: false },
        { type: 'separator' },
        { label: words.open, click: () => window()?.show() },
        { label: words.connect, enabled: view.canConnect, click: () => void api.connectTunnel().catch(() => undefined) },
        { label: words.disconnect, enabled: view.canDisconnect, click: () => void api.disconnectTunnel().catch(() => undefined) },
        { type: 'separator' },
        { label: words.quit, click: quit },
      ]),
    );
  };
  void api.getStatus().then(show);
  const stop = api.onEvent((event) => {
    if (event.type === 'status') show(event.status);
  });
  tray.on('click', () => window()?.show());
  return () => {
    stop();
    tray.destroy();
  };
}
