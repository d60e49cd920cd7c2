// The sync worker from the TypeScript sources (tests, the CLI, web mode, benchmarks): a worker
// thread does not inherit the tsx loader of its parent, so it registers tsx itself first. The
// Electron build runs the bundled out/main/syncWorker.js instead (see worker/client.ts).
import { register } from 'tsx/esm/api';

register();
await import('./syncWorker.ts');
