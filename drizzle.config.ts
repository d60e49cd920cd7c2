import { defineConfig } from 'drizzle-kit';

// The terminal's SQLite schema. `npm run db:generate` writes migrations/terminal and then
// embeds them into electron/core/db/migrations.generated.ts (the app never reads SQL from disk).
export default defineConfig({
  dialect: 'sqlite',
  schema: './electron/core/db/schema/index.ts',
  out: './migrations/terminal',
  dbCredentials: { url: process.env.RINGUP_DB ?? 'ringup.db' },
  strict: true,
  verbose: true,
});
