// The application menu: what a clinic user needs (editing, zoom for reading, quit), in their
// language; no reload or developer tools in the packaged app.
import { Menu, app, type MenuItemConstructorOptions } from 'electron';
import type { Locale } from '../shared/desktop-api';

const WORDS = {
  ja: {
    file: 'ファイル',
    edit: '編集',
    view: '表示',
    help: 'ヘルプ',
    quit: '終了',
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
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetZoom: 'Actual size',
    about: 'About Renkei',
  },
} as const;

export function installAppMenu(locale: Locale, developer: boolean): void {
  const w = WORDS[locale];
  const template: MenuItemConstructorOptions[] = [
    { label: w.file, submenu: [{ label: w.quit, role: 'quit' }] },
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
