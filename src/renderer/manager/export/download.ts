import { TOKEN_STORAGE_KEY } from '../../api';

/**
 * Web mode: fetch an export the bridge serves at `path` (GET with the page's bearer token, as
 * /api is called) and hand it to the browser as a download named `fileName`. Null when it worked,
 * else the problem in words.
 */
export async function downloadExport(path: string, fileName: string): Promise<string | null> {
  let token: string | null = null;
  try {
    token = window.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    token = null;
  }
  if (!token) return 'This page has no access token any more: open the address Ringup printed, then export again.';
  let response: Response;
  try {
    response = await window.fetch(path, { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
  } catch {
    return 'Cannot reach the terminal service to fetch the file. Check that Ringup is still running, then try again.';
  }
  if (!response.ok) return `The file could not be fetched (HTTP ${response.status}). Export it again.`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // the browser has taken the file once the click is handled; keep the URL a while for slow ones
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return null;
}
