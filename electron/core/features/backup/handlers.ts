import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { backupChannels } from '../../../../src/shared/contract';
import type { ReadContext } from '../../context';
import { AppError } from '../../errors';
import { type HandlerMap, readHandlers } from '../../ipc/handler';
import { runJob } from '../../jobs';
import { readSettings } from '../setup/settings';
import { createBackup, ensureBackupFolder } from './create';
import { backupFolderOf, backupPath, listBackups, readManifest, readScheduleState, updateManifest } from './folder';
import { restoreBackup } from './restore';
import { openVerifiedBackup } from './verify';

type FeatureChannel = keyof typeof backupChannels;

function folderOf(ctx: ReadContext): string {
  return backupFolderOf(ctx.sqlite.name, readSettings(ctx).backup.folder);
}

/** The backup `name` of the folder: its path and what the manifest knows; NOT_FOUND when it is not there. */
function findBackup(folder: string, name: string) {
  const file = backupPath(folder, name);
  if (!existsSync(file)) throw new AppError('NOT_FOUND', `There is no backup called ${name} in the backup folder.`, { name });
  const record = readManifest(folder).find((r) => r.name === name) ?? null;
  const listed = listBackups(folder).find((b) => b.name === name);
  return { file, record, createdAt: record?.createdAt ?? listed?.createdAt ?? 0 };
}

export const backupHandlers = {
  'backup.create': (ctx, input, session) =>
    runJob({ jobId: input.jobId, channel: 'backup.create', session, cancellable: true }, async (job) => {
      const created = await createBackup(
        ctx,
        { kind: 'manual', passphrase: input.passphrase, note: input.note, actorStaffId: session.staff?.id ?? null },
        job,
      );
      return { file: created.name, bytes: created.bytes, encrypted: created.encrypted, facts: created.facts, tookMs: created.tookMs };
    }),
  ...readHandlers({
    'backup.list': (ctx) => {
      const folder = folderOf(ctx);
      const state = readScheduleState(ctx.sqlite.name);
      return {
        folder,
        backups: listBackups(folder),
        schedule: readSettings(ctx).backup.schedule,
        lastScheduled: state.lastScheduled,
        lastFailure: state.lastFailure,
      };
    },
    'backup.verify': (ctx, input, session) =>
      runJob({ jobId: input.jobId, channel: 'backup.verify', session, cancellable: true }, async (job) => {
        const folder = folderOf(ctx);
        const { file, record } = findBackup(folder, input.name);
        const workDir = dirname(resolve(ctx.sqlite.name));
        try {
          const opened = await openVerifiedBackup(file, {
            passphrase: input.passphrase,
            workDir,
            job,
            now: ctx.now,
            sha256: record?.sha256 ?? null,
          });
          opened.dispose();
          if (record)
            updateManifest(folder, (records) =>
              records.map((r) => (r.name === input.name ? { ...r, verified: true, problem: null, facts: opened.facts } : r)),
            );
          return opened.facts;
        } catch (error) {
          // a wrong passphrase says nothing about the file; damage is remembered for the list
          const reason = error instanceof AppError ? error.details?.reason : undefined;
          if (record && error instanceof AppError && reason !== 'passphrase' && error.code !== 'CANCELLED')
            updateManifest(folder, (records) =>
              records.map((r) => (r.name === input.name ? { ...r, verified: false, problem: error.message } : r)),
            );
          throw error;
        }
      }),
  }),
  'backup.restore': (ctx, input, session) =>
    runJob({ jobId: input.jobId, channel: 'backup.restore', session, cancellable: true }, async (job) => {
      const folder = ensureBackupFolder(ctx);
      const { file, record, createdAt } = findBackup(folder, input.name);
      return restoreBackup(
        ctx,
        {
          file,
          name: input.name,
          passphrase: input.passphrase,
          sha256: record?.sha256 ?? null,
          folder,
          createdAt,
          actorStaffId: session.staff?.id ?? null,
        },
        job,
      );
    }),
} satisfies HandlerMap<FeatureChannel>;
