// One migration at a time per origin and Auth0 client: Web Locks when available, else a localStorage lease.
// Web Locks are origin-scoped, so tabs and same-origin frames queue behind each other; the lock is released when the
// callback settles (or the holder's document goes away).

export interface LockOptions {
  /** Lease length for the localStorage fallback in ms; the holder renews it every third of that (default 10000). */
  leaseMs?: number;
  /** How often a waiting tab looks at the lease in ms (default 100). */
  pollMs?: number;
  /** Force the localStorage fallback (tests), or pass a LockManager. */
  locks?: LockManager | null;
  storage?: Storage | null;
}

/** The lock name for an Auth0 client id. */
export function lockName(clientId: string): string {
  return `auth0-session-migrator:${clientId}`;
}

function defaultLocks(): LockManager | null {
  return (globalThis.navigator as Navigator | undefined)?.locks ?? null;
}

function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * Runs `fn` while holding the lock `name`. `fn` gets `waited: true` when another holder had the lock first, so it can
 * re-check whether there is still anything to do. With neither Web Locks nor storage, `fn` runs unguarded.
 */
export async function withLock<T>(
  name: string,
  fn: (waited: boolean) => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  if (locks) {
    let result: { value: T } | undefined;
    let entered = false;
    try {
      await locks.request(name, { ifAvailable: true }, async (lock) => {
        if (!lock) return;
        entered = true;
        result = { value: await fn(false) };
      });
    } catch (e) {
      // fn's own failure propagates; a LockManager that refuses (e.g. SecurityError in an opaque-origin frame)
      // falls back to the lease below.
      if (entered) throw e;
      return withStorageLease(name, fn, options);
    }
    if (result) return result.value;
    return locks.request(name, () => fn(true)) as Promise<T>;
  }
  return withStorageLease(name, fn, options);
}

function withStorageLease<T>(
  name: string,
  fn: (waited: boolean) => Promise<T>,
  options: LockOptions,
): Promise<T> {
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  if (!storage) return fn(false);
  return withLease(storage, name, fn, options);
}

interface Lease {
  owner: string;
  expires: number;
}

function readLease(storage: Storage, key: string): Lease | undefined {
  try {
    const raw = storage.getItem(key);
    if (!raw) return undefined;
    const lease = JSON.parse(raw) as Partial<Lease>;
    return typeof lease.owner === "string" && typeof lease.expires === "number"
      ? (lease as Lease)
      : undefined;
  } catch {
    return undefined;
  }
}

function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function withLease<T>(
  storage: Storage,
  name: string,
  fn: (waited: boolean) => Promise<T>,
  options: LockOptions,
): Promise<T> {
  const key = `${name}:lease`;
  const leaseMs = options.leaseMs ?? 10_000;
  const pollMs = options.pollMs ?? 100;
  const owner = randomId();
  const write = () => storage.setItem(key, JSON.stringify({ owner, expires: Date.now() + leaseMs }));
  let waited = false;
  for (;;) {
    const current = readLease(storage, key);
    if (!current || current.expires <= Date.now()) {
      write();
      // Let a competitor that read the same free lease write too; the last writer wins and the others see it.
      await wait(Math.max(10, pollMs / 4));
      if (readLease(storage, key)?.owner === owner) break;
    }
    waited = true;
    await wait(pollMs);
  }
  const renew = setInterval(() => {
    if (readLease(storage, key)?.owner === owner) write();
  }, leaseMs / 3);
  try {
    return await fn(waited);
  } finally {
    clearInterval(renew);
    if (readLease(storage, key)?.owner === owner) storage.removeItem(key);
  }
}
