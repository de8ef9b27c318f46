// The application menu: what a clinic user needs (画面をロック, editing, zoom for reading, quit), in
// their language; no reload or developer tools in the packaged app.
import { Menu, app, type MenuItemConstructorOptions } from 'electron';
import type { Locale } from '../shared/desktop-api';

const WORDS = {
  ja: {
    file: 'ファイル',
    edit: '編集',
    view: '表示',
    help: 'ヘルプ',
    quit: '終了',
    lock: '画面をロック',
    zoomIn: '拡大',
    zoomOut: '縮小',
    resetZoom: '標準の大きさ',
    about: 'Renkei について',
  },
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    help: 'Help',
    quit: 'Quit',
    lock: 'Lock screen',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetZoom: 'Actual size',
    about: 'About Renkei',
  },
} as const;

/** `lock` locks the screen at once (the core's lockScreen); Ctrl+L (⌘L) too, wherever the focus is. */
export function installAppMenu(locale: Locale, developer: boolean, lock: () => void): void {
  const w = WORDS[locale];
  const template: MenuItemConstructorOptions[] = [
    { label: w.file, submenu: [{ label: w.lock, accelerator: 'CmdOrCtrl+L', click: lock }, { type: 'separator' }, { label: w.quit, role: 'quit' }] },
    {
      label: w.edit,
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: w.view,
      submenu: [
        { label: w.zoomIn, role: 'zoomIn' },
        { label: w.zoomOut, role: 'zoomOut' },
        { label: w.resetZoom, role: 'resetZoom' },
        ...(developer ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[]) : []),
      ],
    },
    { label: w.help, submenu: [{ label: w.about, role: 'about' }] },
  ];
  app.setAboutPanelOptions({ applicationName: 'Renkei（連携）', applicationVersion: app.getVersion() });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
