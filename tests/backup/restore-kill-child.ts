// Child of restore-kill.test.ts: opens the terminal file and restores the given backup into it,
// printing each phase as it starts, until the parent SIGKILLs it (or it finishes: "done").
import { writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { restoreBackup } from '../../electron/core/features/backup/restore';
import { detachedJob } from '../../electron/core/jobs';
import { openTerminal } from '../../electron/core/terminal';

const [file, backupName, pagesText] = process.argv.slice(2);
const terminal = await openTerminal(file ?? '');
const folder = join(dirname(file ?? ''), 'backups');
let phase = '';
let readyAt = 0;
const job = detachedJob((p) => {
  if (p !== phase) {
    phase = p;
    writeSync(1, `phase ${p} ${Date.now() - readyAt}\n`);
  }
});
readyAt = Date.now();
writeSync(1, 'ready\n');
await restoreBackup(
  terminal.ctx,
  { file: join(folder, backupName ?? ''), name: backupName ?? '', folder, createdAt: 0, pagesPerStep: Number(pagesText ?? 64) },
  job,
);
writeSync(1, 'done\n');
terminal.close();
