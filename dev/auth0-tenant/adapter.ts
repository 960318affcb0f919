// In-memory storage for oidc-provider models, one per tenant. It outlives the Provider instance, which is rebuilt
// when the signing key rotates, so sessions, grants and refresh tokens survive a rotation.
import type { Adapter, AdapterPayload } from "oidc-provider";

interface Entry {
  payload: AdapterPayload;
  expiresAt: number; // ms epoch; Infinity = no expiry
}

const SWEEP_EVERY = 256;

export class MemoryStore {
  readonly #entries = new Map<string, Entry>();
  readonly #byGrant = new Map<string, Set<string>>();
  readonly #byUid = new Map<string, string>();
  readonly #byUserCode = new Map<string, string>();
  #writes = 0;

  /** An oidc-provider adapter for one model name, backed by this store. */
  adapterFor(name: string): Adapter {
    const key = (id: string) => `${name}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => this.#upsert(key(id), payload, expiresIn),
      find: async (id) => this.#find(key(id)),
      findByUid: async (uid) => {
        const k = this.#byUid.get(`${name}:${uid}`);
        return k ? this.#find(k) : undefined;
      },
      findByUserCode: async (userCode) => {
        const k = this.#byUserCode.get(`${name}:${userCode}`);
        return k ? this.#find(k) : undefined;
      },
      consume: async (id) => {
        const entry = this.#live(key(id));
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => this.#delete(key(id)),
      revokeByGrantId: async (grantId) => this.revokeGrant(grantId),
    };
  }

  /** Removes every stored artefact (codes, tokens) issued under a grant. */
  revokeGrant(grantId: string): void {
    for (const k of this.#byGrant.get(grantId) ?? []) this.#delete(k);
    this.#byGrant.delete(grantId);
  }

  clear(): void {
    this.#entries.clear();
    this.#byGrant.clear();
    this.#byUid.clear();
    this.#byUserCode.clear();
  }

  #upsert(k: string, payload: AdapterPayload, expiresIn?: number): void {
    const name = k.slice(0, k.indexOf(":"));
    const stored = structuredClone(payload);
    const expiresAt =
      typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
    this.#entries.set(k, { payload: stored, expiresAt });
    if (stored.grantId) {
      let set = this.#byGrant.get(stored.grantId);
      if (!set) {
        set = new Set();
        this.#byGrant.set(stored.grantId, set);
      }
      set.add(k);
    }
    if (stored.uid) this.#byUid.set(`${name}:${stored.uid}`, k);
    if (stored.userCode) this.#byUserCode.set(`${name}:${stored.userCode}`, k);
    if (++this.#writes % SWEEP_EVERY === 0) this.#sweep();
  }

  #live(k: string): Entry | undefined {
    const entry = this.#entries.get(k);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#delete(k);
      return undefined;
    }
    return entry;
  }

  #find(k: string): AdapterPayload | undefined {
    const entry = this.#live(k);
    return entry ? structuredClone(entry.payload) : undefined;
  }

  #delete(k: string): void {
    const entry = this.#entries.get(k);
    if (!entry) return;
    this.#entries.delete(k);
    const name = k.slice(0, k.indexOf(":"));
    const { grantId, uid, userCode } = entry.payload;
    if (grantId) this.#byGrant.get(grantId)?.delete(k);
    if (uid && this.#byUid.get(`${name}:${uid}`) === k) this.#byUid.delete(`${name}:${uid}`);
    if (userCode && this.#byUserCode.get(`${name}:${userCode}`) === k) {
      this.#byUserCode.delete(`${name}:${userCode}`);
    }
  }

  #sweep(): void {
    const now = Date.now();
    for (const [k, entry] of this.#entries) if (entry.expiresAt <= now) this.#delete(k);
    for (const [grantId, set] of this.#byGrant) if (set.size === 0) this.#byGrant.delete(grantId);
  }
}
