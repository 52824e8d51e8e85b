/**
 * Requests per user (issue 11, item 4): past its budget a user gets 429 with Retry-After, other users
 * and addresses keep theirs, and the budget refills with time. Also: the command line, talking to a
 * running server, says which limit a refused upload hit (413) instead of a bare status.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimitFromEnv } from '../../src/api/rate-limit.ts';
import { buildApi } from '../../src/api/server.ts';
import { remoteImport } from '../../src/cli/remote.ts';
import { openWorkspace } from '../../src/services/workspace.ts';
import type { Store } from '../../src/store/open-store.ts';

const token = randomBytes(16).toString('hex');
let store: Store;
let app: FastifyInstance;
let clock = 1_000_000;

beforeAll(async () => {
  store = await openWorkspace({ dataDir: null });
  app = await buildApi({
    db: store.db,
    localAdminToken: token,
    maxUploadBytes: 1024,
    rateLimit: { perMinute: 6, now: () => clock },
  });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const get = (url: string, auth = true, ip = '127.0.0.1') =>
  app.inject({
    method: 'GET',
    url,
    remoteAddress: ip,
    headers: auth ? { authorization: `Bearer ${token}` } : {},
  });

describe('rate limit per user', () => {
  it('answers 429 with Retry-After past the budget, and lets the user in again once it refills', async () => {
    for (let i = 0; i < 6; i++) expect((await get('/api/health')).statusCode).toBe(200);
    const refused = await get('/api/health');
    expect(refused.statusCode).toBe(429);
    // 6 a minute: one request comes back every 10 s.
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.json().error).toBe('too many requests: at most 6 a minute per user; retry in 10 s');
    // Another caller (here an address without credentials) keeps its own budget.
    expect((await get('/api/health', false, '10.0.0.9')).statusCode).toBe(200);
    clock += 10_000;
    expect((await get('/api/health')).statusCode).toBe(200);
    expect((await get('/api/health')).statusCode).toBe(429);
  });

  it('is configured by CHAINATLAS_RATE_LIMIT (requests a minute, 0 = off)', () => {
    expect(rateLimitFromEnv({}).perMinute).toBe(1200);
    expect(rateLimitFromEnv({ CHAINATLAS_RATE_LIMIT: '0' }).perMinute).toBe(0);
    expect(rateLimitFromEnv({ CHAINATLAS_RATE_LIMIT: '90' }).perMinute).toBe(90);
    expect(() => rateLimitFromEnv({ CHAINATLAS_RATE_LIMIT: 'lots' })).toThrow(/CHAINATLAS_RATE_LIMIT/);
  });
});

describe('the command line against a running server', () => {
  it('says which limit refused an upload (413), with the file and its size', async () => {
    clock += 3_600_000; // a fresh budget
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'chainatlas-413-'));
    try {
      const file = join(dir, 'metrics.csv');
      writeFileSync(file, `code,name_zh,unit\n${'A,甲,t\n'.repeat(400)}`);
      const error = await remoteImport({ url: address, token }, file).catch((e: unknown) => e);
      expect(String((error as Error).message)).toContain(
        'metrics.csv (3,218 bytes) is over a limit of the server at',
      );
      expect(String((error as Error).message)).toContain('file too large: at most');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
