import { isAbsolute, join } from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { FilePort } from '../core/context';

/**
 * The save dialog as the core's FilePort: it opens over the till's window in the user's
 * Documents folder with the suggested name; closing it answers null (the core says CANCELLED).
 */
export function createFilePort(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  parentWindow: () => BrowserWindow | null,
  documentsDir: () => string,
): FilePort {
  return {
    async chooseSaveFile(suggestedName) {
      const options = {
        title: 'Save the export',
        defaultPath: join(documentsDir(), suggestedName),
        filters: [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const window = parentWindow();
      const answer = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (answer.canceled || !answer.filePath || !isAbsolute(answer.filePath)) return null;
      return answer.filePath;
    },
  };
}
