import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './api';

// The sandboxed preload: the page gets one function per channel of the contract as
// `window.ringup`, and nothing else — never ipcRenderer itself, never a generic "send".
contextBridge.exposeInMainWorld(
  'ringup',
  buildPreloadApi((channel, input) => ipcRenderer.invoke(channel, input)),
);
