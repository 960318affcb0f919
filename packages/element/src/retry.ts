// Exponential backoff with jitter, and Retry-After parsing. Timers are looked up at call time so fake timers work.

export interface BackoffOptions {
  /** First delay in ms before jitter (default 500). */
  baseDelayMs?: number;
  /** Largest computed delay in ms (default 8000). */
  maxDelayMs?: number;
  /** Largest delay taken from a Retry-After header in ms (default 30000). */
  retryAfterCapMs?: number;
  /** Random source in [0, 1) (default Math.random). */
  random?: () => number;
}

/**
 * Delay before retry number `retry` (1 = the first retry): "equal jitter", i.e. half the exponential step plus a
 * random share of the other half, so retries from many tabs spread out but never fire immediately.
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}): number {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 8000;
  const step = Math.min(max, base * 2 ** Math.max(0, retry - 1));
  const random = options.random ?? Math.random;
  return Math.round(step / 2 + random() * (step / 2));
}

/** Retry-After (delta-seconds or HTTP-date) in ms, or undefined when absent or unparsable. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Delay before retry number `retry`, honouring a server's Retry-After (capped) when there is one. */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions = {},
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.retryAfterCapMs ?? 30_000);
  return backoffDelay(retry, options);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One attempt's verdict for {@link withRetry}. */
export interface AttemptVerdict {
  retryable: boolean;
  retryAfterMs?: number;
}

/**
 * Runs `attempt` up to `maxAttempts` times while `classify` says the result is retryable, sleeping between tries.
 * Returns the last result and the number of attempts made.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  classify: (result: T) => AttemptVerdict,
  options: BackoffOptions & { maxAttempts?: number } = {},
): Promise<{ result: T; attempts: number }> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
  for (let n = 1; ; n++) {
    const result = await attempt();
    const verdict = classify(result);
    if (!verdict.retryable || n >= maxAttempts) return { result, attempts: n };
    await sleep(retryDelay(n, verdict.retryAfterMs, options));
  }
}
