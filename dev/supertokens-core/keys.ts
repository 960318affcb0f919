// Signing keys of the development core: one dynamic RS256 key (kid "d-<createdAtMs>", the key supertokens-node
// expects while `useDynamicAccessTokenSigningKey` is true, its default) and one static RS256 key (kid "s-<uuid>",
// used when a session is created or refreshed with `useDynamicSigningKey: false`). Both are published on
// /.well-known/jwks.json from the start, like the real core, so a verifier never meets an unknown kid.
import { randomUUID } from "node:crypto";
import {
  CompactSign,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
} from "jose";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

export interface VerifiedJwt {
  kid: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

async function createKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
  const { n, e } = await exportJWK(publicKey);
  return { kid, privateKey, publicKey, jwk: { kty: "RSA", kid, n, e, alg: "RS256", use: "sig" } };
}

export class SigningKeys {
  readonly #dynamicKey: SigningKey;
  readonly #staticKey: SigningKey;

  private constructor(dynamicKey: SigningKey, staticKey: SigningKey) {
    this.#dynamicKey = dynamicKey;
    this.#staticKey = staticKey;
  }

  static async create(): Promise<SigningKeys> {
    const [dynamicKey, staticKey] = await Promise.all([
      createKey(`d-${Date.now()}`),
      createKey(`s-${randomUUID()}`),
    ]);
    return new SigningKeys(dynamicKey, staticKey);
  }

  /** The JWK set served on /.well-known/jwks.json. */
  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.#dynamicKey.jwk }, { ...this.#staticKey.jwk }] };
  }

  /** Signs `payload` as an access token (v5 header: alg RS256, typ JWT, kid, version "5"). */
  async sign(payload: Record<string, unknown>, useStaticKey: boolean): Promise<string> {
    const key = useStaticKey ? this.#staticKey : this.#dynamicKey;
    return new CompactSign(encoder.encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid, version: "5" })
      .sign(key.privateKey);
  }

  /** Checks the signature against this core's keys; undefined for anything that is not a token we signed. */
  async verify(token: string): Promise<VerifiedJwt | undefined> {
    let header: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(token) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    const key = [this.#dynamicKey, this.#staticKey].find((k) => k.kid === header.kid);
    if (key === undefined || header.alg !== "RS256") return undefined;
    try {
      const { payload } = await compactVerify(token, key.publicKey, { algorithms: ["RS256"] });
      const parsed: unknown = JSON.parse(decoder.decode(payload));
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
      return { kid: key.kid, header, payload: parsed as Record<string, unknown> };
    } catch {
      return undefined;
    }
  }
}
