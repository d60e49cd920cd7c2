import { DatabaseTooNewError, MigrationFailedError } from '../core/db/migrate';

export interface FailureText {
  title: string;
  message: string;
}

export interface FailureContext {
  databaseFile: string;
  logFile: string;
  isPackaged: boolean;
}

// what better-sqlite3 throws when its binary was built for another runtime (Node instead of Electron)
const WRONG_ABI = /NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application/i;

/**
 * The sentence a cashier (or whoever they call) sees when the terminal cannot open its database:
 * what happened, that nothing was changed, and where the details are.
 */
export function describeOpenFailure(error: unknown, context: FailureContext): FailureText {
  const title = 'Ringup cannot start';
  const where = `Database: ${context.databaseFile}\nDetails are in the log: ${context.logFile}`;
  if (error instanceof DatabaseTooNewError) {
    return {
      title,
      message: `This terminal's database was written by a newer version of Ringup, so this version will not open it. Nothing was changed. Install the newer Ringup on this terminal.\n\n${where}`,
    };
  }
  if (error instanceof MigrationFailedError) {
    return {
      title,
      message: `Ringup could not upgrade this terminal's database to the new version (step ${error.tag} failed). Nothing was changed: the database is exactly as it was before. Keep the previous version of Ringup until this is fixed.\n\n${where}`,
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  if (!context.isPackaged && WRONG_ABI.test(detail)) {
    return {
      title,
      message: `The SQLite module is built for Node, not for Electron, so Ringup could not open its database. Nothing was changed. Run \`npm run native:electron\` and start again.\n\n${where}`,
    };
  }
  return {
    title,
    message: `Ringup could not open this terminal's database (${firstLine(detail)}). Nothing was changed.\n\n${where}`,
  };
}

/** The window's page could not be loaded (a missing or broken build): never leave a blank window. */
export function describeLoadFailure(error: unknown, logFile: string): FailureText {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    title: 'Ringup cannot start',
    message: `Ringup could not load its screen (${firstLine(detail)}). Nothing was changed. Reinstall Ringup, or run \`npm run build\` in a development checkout.\n\nDetails are in the log: ${logFile}`,
  };
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}…` : line || 'unknown error';
}
