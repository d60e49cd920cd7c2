import { describe, expect, it } from 'vitest';
import { createFilePort } from '../../electron/main/saveFile';

type SaveDialog = Parameters<typeof createFilePort>[0];

function fakeDialog(answer: { canceled: boolean; filePath?: string }) {
  const calls: unknown[][] = [];
  const dialog = {
    showSaveDialog: async (...args: unknown[]) => {
      calls.push(args);
      return { canceled: answer.canceled, filePath: answer.filePath ?? '' };
    },
  } as unknown as SaveDialog;
  return { dialog, calls };
}

describe('the save dialog port (electron/main/saveFile.ts)', () => {
  it('suggests the name in Documents with a CSV filter, and answers the chosen path', async () => {
    const { dialog, calls } = fakeDialog({ canceled: false, filePath: '/home/ana/q1.csv' });
    const port = createFilePort(
      dialog,
      () => null,
      () => '/home/ana/Documents',
    );
    expect(await port.chooseSaveFile('ringup-sales.csv')).toBe('/home/ana/q1.csv');
    const options = calls[0]?.[0] as { defaultPath: string; filters: { extensions: string[] }[] };
    expect(options.defaultPath).toBe('/home/ana/Documents/ringup-sales.csv');
    expect(options.filters[0]?.extensions).toEqual(['csv']);
  });

  it('answers null when the dialog is closed (the core then says CANCELLED)', async () => {
    const port = createFilePort(
      fakeDialog({ canceled: true }).dialog,
      () => null,
      () => '/tmp',
    );
    expect(await port.chooseSaveFile('x.csv')).toBeNull();
    const relative = createFilePort(
      fakeDialog({ canceled: false, filePath: 'relative.csv' }).dialog,
      () => null,
      () => '/tmp',
    );
    expect(await relative.chooseSaveFile('x.csv')).toBeNull();
  });
});
