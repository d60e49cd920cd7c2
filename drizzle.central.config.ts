import { defineConfig } from 'drizzle-kit';

// The central PostgreSQL schema (apart from the terminal's: drizzle.config.ts). `npm run
// db:generate:central` writes migrations/central and embeds them into
// electron/core/sync/central/migrations.generated.ts; `ringup central migrate --url URL` applies them.
export default defineConfig({
  dialect: 'postgresql',
  schema: './electron/core/sync/central/schema/index.ts',
  out: './migrations/central',
  dbCredentials: { url: process.env.RINGUP_CENTRAL_URL ?? 'postgres://localhost/ringup' },
  strict: true,
  verbose: true,
});
