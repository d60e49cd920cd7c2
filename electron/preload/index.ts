import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './api';
import { buildNavigationBridge } from './navigation';

// The sandboxed preload: the page gets one function per channel of the contract as
// `window.ringup`, and the application menu's navigation as `window.ringupNavigation` (one
// listener, the section key alone) — never ipcRenderer itself, never a generic "send".
contextBridge.exposeInMainWorld(
  'ringup',
  buildPreloadApi((channel, input) => ipcRenderer.invoke(channel, input)),
);
contextBridge.exposeInMainWorld('ringupNavigation', buildNavigationBridge(ipcRenderer));
