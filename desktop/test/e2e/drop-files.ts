// A real drop in the page, as a user drags a file from Explorer: a DataTransfer holding a File with
// these bytes, dispatched (dragenter, dragover, drop) on the target. Files dropped through the
// development bridge go the same way as in Electron: the page hands the bytes to the core.
import type { Locator, Page } from '@playwright/test';

/** The few browser globals used in the page (the tests compile without the DOM library). */
interface InPage {
  DataTransfer: new () => { items: { add(file: unknown): unknown } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
}

/** A DataTransfer in the page holding one file. */
export function fileTransfer(page: Page, file: { name: string; bytes: Uint8Array; type: string }) {
  return page.evaluateHandle(
    ({ name, data, mime }) => {
      const inPage = globalThis as unknown as InPage;
      const transfer = new inPage.DataTransfer();
      transfer.items.add(new inPage.File([new Uint8Array(data)], name, { type: mime }));
      return transfer;
    },
    { name: file.name, data: Array.from(file.bytes), mime: file.type },
  );
}

/** Drops the file on `target` (dragenter, dragover, drop). */
export async function dropFile(page: Page, target: Locator, file: { name: string; bytes: Uint8Array; type: string }): Promise<void> {
  const dataTransfer = await fileTransfer(page, file);
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
}

/** Drops the file on the timeline's compose box (連絡帳に投稿). */
export function dropOnComposeBox(page: Page, file: { name: string; bytes: Uint8Array; type: string }): Promise<void> {
  return dropFile(page, page.getByRole('form', { name: '連絡帳に投稿' }), file);
}
