/**
 * Requests per user (issue 11, item 4): each signed-in user (or API token's user) — and each address,
 * for requests without one — has a budget of requests a minute, refilled continuously (a token bucket
 * holding one minute's budget). Past it the answer is 429 with `Retry-After`, the seconds until one
 * request is allowed again, so one runaway script cannot starve the parks filing on the same day.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface RateLimitOptions {
  /** Requests a minute per user; 0 turns the limit off. */
  perMinute: number;
  /** The clock (tests pass a controllable one). */
  now?: () => number;
}

/** CHAINATLAS_RATE_LIMIT (requests a minute per user, 0 = off), default 1200. */
export function rateLimitFromEnv(env = process.env): RateLimitOptions {
  const given = env.CHAINATLAS_RATE_LIMIT;
  const perMinute = given === undefined || given === '' ? 1200 : Number(given);
  if (!Number.isFinite(perMinute) || perMinute < 0) {
    throw new Error(`CHAINATLAS_RATE_LIMIT must be a number of requests a minute (0 = off), not "${given}"`);
  }
  return { perMinute };
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Registers the limit as a hook that runs after authentication (so it knows the user). */
export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  if (options.perMinute <= 0) return;
  const now = options.now ?? Date.now;
  const capacity = options.perMinute;
  const perMs = options.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  let lastSweep = now();

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const userId = request.auth?.subject.userId;
    const key = request.auth ? `user:${userId ?? request.auth.subject.username}` : `address:${request.ip}`;
    const t = now();
    // Buckets that have refilled carry no information: drop them now and then, so memory stays bounded.
    if (t - lastSweep > 60_000) {
      for (const [k, b] of buckets) if (b.tokens + (t - b.at) * perMs >= capacity) buckets.delete(k);
      lastSweep = t;
    }
    const bucket = buckets.get(key) ?? { tokens: capacity, at: t };
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    return reply
      .status(429)
      .header('retry-after', String(retryAfter))
      .send({
        error: `too many requests: at most ${capacity.toLocaleString('en-US')} a minute per user; retry in ${retryAfter} s`,
      });
  });
}
