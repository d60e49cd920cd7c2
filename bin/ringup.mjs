#!/usr/bin/env node
// The `ringup` command. It runs the TypeScript sources through tsx, so it works right after
// `npm install` with no build step (the CLI runs on Node, not Electron).
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
