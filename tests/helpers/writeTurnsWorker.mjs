// A worker thread for tests/core/writeTurns.test.ts: takes background turns on the shared buffer as
// the sync worker does, driven by messages, recording what it saw in the shared `log` array.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { WriteTurns } = await import('../../electron/core/db/writeTurns.ts');
const turns = new WriteTurns(workerData.turns);
const log = new Int32Array(workerData.log);

parentPort.on('message', (m) => {
  if (m === 'background') {
    // 0: asked for the turn; 1: inside it
    Atomics.store(log, 0, 1);
    Atomics.notify(log, 0);
    turns.background(() => {
      Atomics.store(log, 1, 1);
      Atomics.notify(log, 1);
    });
    parentPort.postMessage('done');
  } else if (m === 'hold') {
    turns.background(() => {
      Atomics.store(log, 2, 1);
      Atomics.notify(log, 2);
      // hold the turn a while, then say it is about to end (3)
      Atomics.wait(log, 5, 0, 50);
      Atomics.store(log, 3, 1);
    });
    parentPort.postMessage('done');
  }
});
parentPort.postMessage('ready');
