/** Calls to a running Chain Atlas that owns the embedded store. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportFailed, type ImportIssue } from '../services/import/import-error.ts';
import type { ImportSummary } from '../services/import/import-file.ts';
import type { Remote } from './store-access.ts';

const headers = (remote: Remote): Record<string, string> =>
  remote.token ? { authorization: `Bearer ${remote.token}` } : {};

export async function remoteImport(
  remote: Remote,
  path: string,
  kind?: string,
  dryRun?: boolean,
): Promise<ImportSummary> {
  const { url } = remote;
  const form = new FormData();
  const bytes = await readFile(path);
  form.append('file', new Blob([bytes]), basename(path));
  const query = new URLSearchParams();
  if (kind) query.set('kind', kind);
  if (dryRun) query.set('dry_run', 'true');
  const response = await fetch(`${url}/api/import?${query}`, {
    method: 'POST',
    body: form,
    headers: headers(remote),
  });
  const body = (await jsonOrText(response)) as unknown as ImportSummary & {
    error?: string;
    issues?: ImportIssue[];
    total?: number;
  };
  if (response.status === 422 && body.issues)
    throw new ImportFailed(body.issues, body.total ?? body.issues.length);
  if (response.status === 413) {
    // The server names its limit ("at most 512 MB per upload" or the rows per file); say it, with the size.
    throw new Error(
      `${basename(path)} (${bytes.length.toLocaleString('en-US')} bytes) is over a limit of the server at ${url}: ${body.error ?? 'request too large'}`,
    );
  }
  if (response.status === 429) {
    throw new Error(
      `${url} is limiting requests: ${body.error ?? 'too many requests'}; try again in ${response.headers.get('retry-after') ?? 'a few'} s`,
    );
  }
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${body.error ?? ''}`);
  return body;
}

export async function remoteJson<T>(
  remote: Remote,
  path: string,
  method: 'GET' | 'POST' | 'PUT' = 'GET',
  payload?: unknown,
): Promise<T> {
  const { url } = remote;
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...headers(remote), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`${url}${path} answered ${response.status}: ${body.error ?? ''}`);
  return body;
}

export async function remoteBytes(remote: Remote, path: string): Promise<Buffer> {
  const { url } = remote;
  const response = await fetch(`${url}${path}`, { headers: headers(remote) });
  if (!response.ok) throw new Error(`${url}${path} answered ${response.status}: ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The answer's JSON, or its text as `error` when a proxy or a closed connection answered in plain text. */
async function jsonOrText(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { error: text.trim() || response.statusText };
  }
}
