/** The one way the app talks to the server: JSON over /api, with the session cookie and CSRF token. */
const CSRF_KEY = 'chainatlas.csrf';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  total: number;
}

export function rememberCsrf(token: string | null) {
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  const method = (init.method ?? 'GET').toUpperCase();
  if (method !== 'GET') {
    const csrf = sessionStorage.getItem(CSRF_KEY);
    if (csrf) headers.set('x-csrf-token', csrf);
  }
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  const response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!response.ok && response.status !== 422) {
    const message = (body as { error?: string } | null)?.error ?? response.statusText;
    throw new ApiError(response.status, message, body);
  }
  if (response.status === 422) throw new ApiError(422, 'the file has errors', body);
  return body as T;
}

/** GET /api/<entity> with filters; every row the caller may see, up to the API's page size. */
export function list<T>(entity: string, params: Record<string, string | number | undefined> = {}) {
  const query = new URLSearchParams();
  const all: Record<string, string | number | undefined> = { limit: 1000, ...params };
  for (const [key, value] of Object.entries(all)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  return api<Page<T>>(`/api/${entity}?${query}`);
}
