/** Calls to a running Chain Atlas that owns the embedded store. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportFailed, type ImportIssue } from '../services/import/import-error.ts';
import type { ImportSummary } from '../services/import/import-file.ts';

export async function remoteImport(url: string, path: string, kind?: string): Promise<ImportSummary> {
  const form = new FormData();
  form.append('file', new Blob([await readFile(path)]), basename(path));
  const response = await fetch(`${url}/api/import${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`, {
    method: 'POST',
    body: form,
  });
  const body = (await response.json()) as ImportSummary & {
    error?: string;
    issues?: ImportIssue[];
    total?: number;
  };
  if (response.status === 422 && body.issues)
    throw new ImportFailed(body.issues, body.total ?? body.issues.length);
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${body.error ?? ''}`);
  return body;
}

export async function remoteJson<T>(url: string, path: string, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const response = await fetch(`${url}${path}`, { method });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`${url}${path} answered ${response.status}: ${body.error ?? ''}`);
  return body;
}

export async function remoteBytes(url: string, path: string): Promise<Buffer> {
  const response = await fetch(`${url}${path}`);
  if (!response.ok) throw new Error(`${url}${path} answered ${response.status}: ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
}
