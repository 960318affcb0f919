// In-memory state and the session / user-id-mapping semantics of the development core.
//
// The behaviour follows the SuperTokens core for CDI 5.4 (the version supertokens-node 24 speaks):
// - A session stores the double hash of its current refresh token. Refreshing with the current token returns a
//   child refresh token and an access token carrying `parentRefreshTokenHash1`; the child is "promoted" (becomes
//   current) the first time it is used, either by a refresh with it or by a verify of its access token (node
//   calls /recipe/session/verify for every token that has a parent hash). Until then the parent may be used
//   again (two tabs refreshing at once). Any other refresh token of the session is token theft: the core
//   answers TOKEN_THEFT_DETECTED. Unlike a CDI 5.4 core, which leaves revocation to the SDK's
//   onTokenTheftDetected (whose default revokes), this core also revokes the session itself, as the core does
//   for CDI >= 5.6.
// - User-id mapping: a session created for an external id, or for a SuperTokens id that has a mapping, belongs
//   to the mapped user and reports the EXTERNAL id as both `userId` and `recipeUserId` (`sub` and `rsub`).
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import { badRequest, type JsonObject, jsonEqual, type UserIdType } from "./input.js";
import type { SigningKeys } from "./keys.js";

export const DEFAULT_TENANT = "public";

/** Claims the core owns; a payload that tries to set one is refused ("protected field"). */
export const PROTECTED_PROPS = [
  "sub",
  "exp",
  "iat",
  "sessionHandle",
  "refreshTokenHash1",
  "parentRefreshTokenHash1",
  "antiCsrfToken",
  "tId",
  "rsub",
] as const;

export interface SessionView {
  handle: string;
  userId: string;
  recipeUserId: string;
  tenantId: string;
  userDataInJWT: Record<string, unknown>;
  userDataInDatabase: Record<string, unknown>;
  createdTime: number;
  /** When the session (its refresh token) expires, ms since epoch. */
  expiry: number;
  /** Present (true) on sessions that were revoked or expired; live sessions have no `revoked` key. */
  revoked?: boolean;
  /** Why a revoked session ended: "revoked", "token-theft" or "expired". */
  revokedReason?: string;
}

interface SessionRecord {
  handle: string;
  tenantId: string;
  userId: string;
  recipeUserId: string;
  userDataInJWT: JsonObject;
  userDataInDatabase: JsonObject;
  refreshTokenHash2: string;
  createdTime: number;
  expiry: number;
  useStaticKey: boolean;
}

interface EndedSession {
  record: SessionRecord;
  reason: string;
}

interface RefreshTokenInfo {
  sessionHandle: string;
  parentRefreshTokenHash1: string | null;
  antiCsrfToken: string | null;
}

interface UserRecord {
  id: string;
  email?: string;
  timeJoined: number;
}

interface Mapping {
  superTokensUserId: string;
  externalUserId: string;
  externalUserIdInfo?: string;
}

interface TokenInfo {
  token: string;
  expiry: number;
  createdTime: number;
}

interface SessionSummary {
  handle: string;
  userId: string;
  recipeUserId: string;
  userDataInJWT: JsonObject;
  tenantId: string;
}

const MAX_ENDED_SESSIONS = 1000;

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function userData(payload: Record<string, unknown>): JsonObject {
  // Object.fromEntries defines properties, so even a "__proto__" claim stays plain data
  return Object.fromEntries(
    Object.entries(payload).filter(([key]) => !(PROTECTED_PROPS as readonly string[]).includes(key)),
  ) as JsonObject;
}

export function assertNoProtectedProps(payload: JsonObject): void {
  const found = PROTECTED_PROPS.filter((prop) => Object.hasOwn(payload, prop));
  if (found.length > 0) {
    throw badRequest(`The user payload contains protected field: ${found.join(", ")}`);
  }
}

type VerifyResult =
  | { status: "OK"; session: SessionSummary; accessToken?: TokenInfo }
  | { status: "UNAUTHORISED" | "TRY_REFRESH_TOKEN"; message: string };

type RefreshResult =
  | {
      status: "OK";
      session: SessionSummary;
      accessToken: TokenInfo;
      refreshToken: TokenInfo;
      antiCsrfToken?: string;
    }
  | { status: "UNAUTHORISED"; message: string }
  | { status: "TOKEN_THEFT_DETECTED"; session: { handle: string; userId: string; recipeUserId: string } };

export class CoreState {
  readonly #keys: SigningKeys;
  readonly #refreshTokenKey = randomBytes(32);
  #accessTokenValidityMs: number;
  readonly #refreshTokenValidityMs: number;
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #ended = new Map<string, EndedSession>();
  readonly #users = new Map<string, UserRecord>();
  readonly #mappingsBySuperTokensId = new Map<string, Mapping>();
  readonly #mappingsByExternalId = new Map<string, Mapping>();

  constructor(keys: SigningKeys, options: { accessTokenValidityMs: number; refreshTokenValidityMs: number }) {
    this.#keys = keys;
    this.#accessTokenValidityMs = options.accessTokenValidityMs;
    this.#refreshTokenValidityMs = options.refreshTokenValidityMs;
  }

  setAccessTokenValidity(ms: number): void {
    this.#accessTokenValidityMs = ms;
  }

  // ---------------------------------------------------------------- sessions

  async createSession(input: {
    tenantId: string;
    userId: string;
    userDataInJWT: JsonObject;
    userDataInDatabase: JsonObject;
    enableAntiCsrf: boolean;
    useStaticKey: boolean;
  }): Promise<RefreshResult & { status: "OK" }> {
    assertNoProtectedProps(input.userDataInJWT);
    const { userId, recipeUserId } = this.#resolveSessionUser(input.userId);
    const handle = input.tenantId === DEFAULT_TENANT ? randomUUID() : `${randomUUID()}_${input.tenantId}`;
    const antiCsrfToken = input.enableAntiCsrf ? randomUUID() : null;
    const now = Date.now();
    const refreshToken = this.#sealRefreshToken({
      sessionHandle: handle,
      parentRefreshTokenHash1: null,
      antiCsrfToken,
    });
    const record: SessionRecord = {
      handle,
      tenantId: input.tenantId,
      userId,
      recipeUserId,
      userDataInJWT: structuredClone(input.userDataInJWT),
      userDataInDatabase: structuredClone(input.userDataInDatabase),
      refreshTokenHash2: sha256(sha256(refreshToken)),
      createdTime: now,
      expiry: now + this.#refreshTokenValidityMs,
      useStaticKey: input.useStaticKey,
    };
    const accessToken = await this.#mintAccessToken(record, sha256(refreshToken), null, antiCsrfToken);
    this.#sessions.set(handle, record);
    return {
      status: "OK",
      session: this.#summary(record),
      accessToken,
      refreshToken: { token: refreshToken, expiry: record.expiry, createdTime: now },
      ...(antiCsrfToken === null ? {} : { antiCsrfToken }),
    };
  }

  async verifySession(input: {
    accessToken: string;
    antiCsrfToken?: string;
    doAntiCsrfCheck: boolean;
    enableAntiCsrf: boolean;
    checkDatabase: boolean;
  }): Promise<VerifyResult> {
    const info = await this.#readAccessToken(input.accessToken, true);
    if ("error" in info) return { status: "TRY_REFRESH_TOKEN", message: info.error };
    if (
      input.enableAntiCsrf &&
      input.doAntiCsrfCheck &&
      (input.antiCsrfToken === undefined || input.antiCsrfToken !== info.antiCsrfToken)
    ) {
      return { status: "TRY_REFRESH_TOKEN", message: "anti-csrf check failed" };
    }
    const summary: SessionSummary = {
      handle: info.sessionHandle,
      userId: info.userId,
      recipeUserId: info.recipeUserId,
      userDataInJWT: info.userData,
      tenantId: info.tenantId,
    };
    let record: SessionRecord | undefined;
    if (input.checkDatabase) {
      record = this.#live(info.sessionHandle);
      if (record === undefined) {
        return { status: "UNAUTHORISED", message: "Either the session has ended or has been blacklisted" };
      }
    }
    const payloadNeedsUpdating = record !== undefined && !jsonEqual(info.userData, record.userDataInJWT);
    if (info.parentRefreshTokenHash1 === null && !payloadNeedsUpdating) {
      return { status: "OK", session: summary };
    }
    record = this.#live(info.sessionHandle);
    if (record === undefined) return { status: "UNAUTHORISED", message: "Session missing in db" };
    const promote =
      info.parentRefreshTokenHash1 !== null &&
      record.refreshTokenHash2 === sha256(info.parentRefreshTokenHash1);
    if (promote || record.refreshTokenHash2 === sha256(info.refreshTokenHash1) || payloadNeedsUpdating) {
      if (promote) {
        record.refreshTokenHash2 = sha256(info.refreshTokenHash1);
        record.expiry = Date.now() + this.#refreshTokenValidityMs;
      }
      const accessToken = await this.#mintAccessToken(
        record,
        info.refreshTokenHash1,
        null,
        info.antiCsrfToken,
        undefined,
        info.recipeUserId,
        info.userId,
      );
      return {
        status: "OK",
        session: { ...summary, userDataInJWT: structuredClone(record.userDataInJWT) },
        accessToken,
      };
    }
    return { status: "OK", session: summary };
  }

  async refreshSession(input: {
    refreshToken: string;
    antiCsrfToken?: string;
    enableAntiCsrf: boolean;
    useStaticKey?: boolean;
  }): Promise<RefreshResult> {
    const info = this.#openRefreshToken(input.refreshToken);
    if (info === undefined) return { status: "UNAUTHORISED", message: "Refresh token is invalid" };
    if (input.enableAntiCsrf && info.antiCsrfToken !== null && info.antiCsrfToken !== input.antiCsrfToken) {
      return { status: "UNAUTHORISED", message: "Anti CSRF token missing, or not matching" };
    }
    const record = this.#live(info.sessionHandle);
    if (record === undefined)
      return { status: "UNAUTHORISED", message: "Session missing in db or has expired" };
    const useStaticKey = input.useStaticKey ?? record.useStaticKey;
    const hash1 = sha256(input.refreshToken);
    const isCurrent = record.refreshTokenHash2 === sha256(hash1);
    const isChildOfCurrent =
      info.parentRefreshTokenHash1 !== null &&
      record.refreshTokenHash2 === sha256(info.parentRefreshTokenHash1);
    if (!isCurrent && !isChildOfCurrent) {
      this.#end(record.handle, "token-theft");
      return {
        status: "TOKEN_THEFT_DETECTED",
        session: { handle: record.handle, userId: record.userId, recipeUserId: record.recipeUserId },
      };
    }
    const now = Date.now();
    if (isChildOfCurrent) {
      record.refreshTokenHash2 = sha256(hash1);
      record.expiry = now + this.#refreshTokenValidityMs;
    }
    record.useStaticKey = useStaticKey;
    const antiCsrfToken = input.enableAntiCsrf ? randomUUID() : null;
    const refreshToken = this.#sealRefreshToken({
      sessionHandle: record.handle,
      parentRefreshTokenHash1: hash1,
      antiCsrfToken,
    });
    const accessToken = await this.#mintAccessToken(record, sha256(refreshToken), hash1, antiCsrfToken);
    return {
      status: "OK",
      session: this.#summary(record),
      accessToken,
      refreshToken: { token: refreshToken, expiry: record.expiry, createdTime: now },
      ...(antiCsrfToken === null ? {} : { antiCsrfToken }),
    };
  }

  /** POST /recipe/session/regenerate: new access token with the same lifetime and (optionally) new payload. */
  async regenerateSession(input: {
    accessToken: string;
    userDataInJWT?: JsonObject;
  }): Promise<
    | { status: "OK"; session: SessionSummary; accessToken?: TokenInfo }
    | { status: "UNAUTHORISED"; message: string }
  > {
    const info = await this.#readAccessToken(input.accessToken, false);
    if ("error" in info) return { status: "UNAUTHORISED", message: info.error };
    const record = this.#live(info.sessionHandle);
    if (record === undefined) return { status: "UNAUTHORISED", message: "Session does not exist." };
    if (input.userDataInJWT !== undefined) {
      assertNoProtectedProps(input.userDataInJWT);
      record.userDataInJWT = structuredClone(input.userDataInJWT);
    }
    const session: SessionSummary = {
      handle: record.handle,
      userId: info.userId,
      recipeUserId: info.recipeUserId,
      userDataInJWT: structuredClone(record.userDataInJWT),
      tenantId: record.tenantId,
    };
    if (info.expiryTime < Date.now()) return { status: "OK", session };
    const accessToken = await this.#mintAccessToken(
      record,
      info.refreshTokenHash1,
      info.parentRefreshTokenHash1,
      info.antiCsrfToken,
      info.expiryTime,
      info.recipeUserId,
      info.userId,
    );
    return { status: "OK", session, accessToken };
  }

  getSessionInformation(handle: string): JsonObject {
    const record = this.#live(handle);
    if (record === undefined) return { status: "UNAUTHORISED", message: "Session does not exist." };
    return {
      status: "OK",
      sessionHandle: record.handle,
      userId: record.userId,
      recipeUserId: record.recipeUserId,
      userDataInDatabase: structuredClone(record.userDataInDatabase),
      userDataInJWT: structuredClone(record.userDataInJWT),
      expiry: record.expiry,
      timeCreated: record.createdTime,
      tenantId: record.tenantId,
    };
  }

  updateSessionData(
    handle: string,
    data: { userDataInDatabase?: JsonObject; userDataInJWT?: JsonObject },
  ): JsonObject {
    const record = this.#live(handle);
    if (record === undefined) return { status: "UNAUTHORISED", message: "Session does not exist." };
    if (data.userDataInJWT !== undefined) {
      assertNoProtectedProps(data.userDataInJWT);
      record.userDataInJWT = structuredClone(data.userDataInJWT);
    }
    if (data.userDataInDatabase !== undefined)
      record.userDataInDatabase = structuredClone(data.userDataInDatabase);
    return { status: "OK" };
  }

  /** Handles of the user's live sessions; `tenantId` undefined means across all tenants. */
  sessionHandlesForUser(userId: string, tenantId: string | undefined): string[] {
    return this.#liveRecords()
      .filter(
        (s) =>
          (s.userId === userId || s.recipeUserId === userId) &&
          (tenantId === undefined || s.tenantId === tenantId),
      )
      .map((s) => s.handle);
  }

  revokeSessions(handles: string[]): string[] {
    const revoked: string[] = [];
    for (const handle of new Set(handles)) {
      if (this.#live(handle) !== undefined) {
        this.#end(handle, "revoked");
        revoked.push(handle);
      }
    }
    return revoked;
  }

  /** All sessions this core knows: live ones, then (most recent last) up to 1000 ended ones flagged `revoked`. */
  sessions(filter?: { userId?: string }): SessionView[] {
    const live = this.#liveRecords().map((record) => this.#view(record));
    const ended = [...this.#ended.values()].map(({ record, reason }) => ({
      ...this.#view(record),
      revoked: true,
      revokedReason: reason,
    }));
    const all = [...live, ...ended];
    const userId = filter?.userId;
    return userId === undefined ? all : all.filter((s) => s.userId === userId || s.recipeUserId === userId);
  }

  // ---------------------------------------------------------------- users and user-id mapping

  createUser(input: { email?: string }): JsonObject {
    const user: UserRecord = { id: randomUUID(), timeJoined: Date.now() };
    if (input.email !== undefined) user.email = input.email;
    this.#users.set(user.id, user);
    return this.#userJson(user);
  }

  getUserById(userId: string): JsonObject {
    const mapping = this.#findMapping(userId, "ANY");
    const user = this.#users.get(mapping?.superTokensUserId ?? userId);
    if (user === undefined) return { status: "UNKNOWN_USER_ID_ERROR" };
    return { status: "OK", user: this.#userJson(user) };
  }

  createUserIdMapping(input: {
    superTokensUserId: string;
    externalUserId: string;
    externalUserIdInfo?: string;
    force: boolean;
  }): JsonObject {
    const { superTokensUserId, externalUserId } = input;
    const byExternal = this.#mappingsByExternalId.get(externalUserId);
    if (byExternal !== undefined) {
      return {
        status: "USER_ID_MAPPING_ALREADY_EXISTS_ERROR",
        doesSuperTokensUserIdExist: byExternal.superTokensUserId === superTokensUserId,
        doesExternalUserIdExist: true,
      };
    }
    if (!this.#users.has(superTokensUserId)) return { status: "UNKNOWN_SUPERTOKENS_USER_ID_ERROR" };
    if (!input.force) {
      if (this.#users.has(externalUserId)) {
        throw badRequest("Cannot create a userId mapping where the externalId is also a SuperTokens userID");
      }
      if (this.#hasSessions(superTokensUserId))
        throw badRequest("UserId is already in use in Session recipe");
    }
    if (this.#mappingsBySuperTokensId.has(superTokensUserId)) {
      return {
        status: "USER_ID_MAPPING_ALREADY_EXISTS_ERROR",
        doesSuperTokensUserIdExist: true,
        doesExternalUserIdExist: false,
      };
    }
    const mapping: Mapping = { superTokensUserId, externalUserId };
    if (input.externalUserIdInfo !== undefined) mapping.externalUserIdInfo = input.externalUserIdInfo;
    this.#mappingsBySuperTokensId.set(superTokensUserId, mapping);
    this.#mappingsByExternalId.set(externalUserId, mapping);
    return { status: "OK" };
  }

  getUserIdMapping(userId: string, userIdType: UserIdType): JsonObject {
    const mapping = this.#findMapping(userId, userIdType);
    if (mapping === undefined) return { status: "UNKNOWN_MAPPING_ERROR" };
    return { status: "OK", ...mapping };
  }

  deleteUserIdMapping(userId: string, userIdType: UserIdType, force: boolean): JsonObject {
    const mapping = this.#findMapping(userId, "ANY");
    if (mapping === undefined) return { status: "OK", didMappingExist: false };
    if (!this.#users.has(mapping.externalUserId)) {
      if (!force && this.#hasSessions(mapping.externalUserId)) {
        throw badRequest("UserId is already in use in Session recipe");
      }
      const bySuperTokensId =
        userIdType === "SUPERTOKENS" || (userIdType === "ANY" && this.#users.has(userId));
      const target = bySuperTokensId
        ? this.#mappingsBySuperTokensId.get(userId)
        : this.#mappingsByExternalId.get(userId);
      if (target === undefined) return { status: "OK", didMappingExist: false };
      this.#removeMapping(target);
      return { status: "OK", didMappingExist: true };
    }
    this.#removeMapping(mapping);
    return { status: "OK", didMappingExist: true };
  }

  updateExternalUserIdInfo(userId: string, userIdType: UserIdType, info: string | null): JsonObject {
    const bySuperTokensId = userIdType === "SUPERTOKENS" || (userIdType === "ANY" && this.#users.has(userId));
    const mapping = bySuperTokensId
      ? this.#mappingsBySuperTokensId.get(userId)
      : this.#mappingsByExternalId.get(userId);
    if (mapping === undefined) return { status: "UNKNOWN_MAPPING_ERROR" };
    if (info === null) delete mapping.externalUserIdInfo;
    else mapping.externalUserIdInfo = info;
    return { status: "OK" };
  }

  // ---------------------------------------------------------------- internals

  /** The ids a real core gives a session created for `userId` (no account linking in this core). */
  #resolveSessionUser(input: string): { userId: string; recipeUserId: string } {
    let recipeUserId = input;
    const byExternal = this.#mappingsByExternalId.get(recipeUserId);
    if (byExternal !== undefined) recipeUserId = byExternal.superTokensUserId;
    const bySuperTokensId = this.#mappingsBySuperTokensId.get(recipeUserId);
    if (bySuperTokensId !== undefined) recipeUserId = bySuperTokensId.externalUserId;
    return { userId: recipeUserId, recipeUserId };
  }

  #findMapping(userId: string, type: UserIdType): Mapping | undefined {
    if (type === "SUPERTOKENS") return this.#mappingsBySuperTokensId.get(userId);
    if (type === "EXTERNAL") return this.#mappingsByExternalId.get(userId);
    return this.#mappingsBySuperTokensId.get(userId) ?? this.#mappingsByExternalId.get(userId);
  }

  #removeMapping(mapping: Mapping): void {
    this.#mappingsBySuperTokensId.delete(mapping.superTokensUserId);
    this.#mappingsByExternalId.delete(mapping.externalUserId);
  }

  #hasSessions(userId: string): boolean {
    return this.#liveRecords().some((s) => s.userId === userId || s.recipeUserId === userId);
  }

  #userJson(user: UserRecord): JsonObject {
    const id = this.#mappingsBySuperTokensId.get(user.id)?.externalUserId ?? user.id;
    const tenantIds = [DEFAULT_TENANT];
    const loginMethod: JsonObject = {
      recipeId: "emailpassword",
      recipeUserId: id,
      tenantIds,
      timeJoined: user.timeJoined,
      verified: false,
    };
    if (user.email !== undefined) loginMethod.email = user.email;
    return {
      id,
      isPrimaryUser: false,
      tenantIds,
      emails: user.email === undefined ? [] : [user.email],
      phoneNumbers: [],
      thirdParty: [],
      webauthn: { credentialIds: [] },
      timeJoined: user.timeJoined,
      loginMethods: [loginMethod],
    };
  }

  #live(handle: string): SessionRecord | undefined {
    const record = this.#sessions.get(handle);
    if (record !== undefined && record.expiry < Date.now()) {
      this.#end(handle, "expired");
      return undefined;
    }
    return record;
  }

  #liveRecords(): SessionRecord[] {
    return [...this.#sessions.keys()].flatMap((handle) => this.#live(handle) ?? []);
  }

  #end(handle: string, reason: string): void {
    const record = this.#sessions.get(handle);
    if (record === undefined) return;
    this.#sessions.delete(handle);
    this.#ended.set(handle, { record, reason });
    if (this.#ended.size > MAX_ENDED_SESSIONS) {
      const oldest = this.#ended.keys().next().value;
      if (oldest !== undefined) this.#ended.delete(oldest);
    }
  }

  #summary(record: SessionRecord): SessionSummary {
    return {
      handle: record.handle,
      userId: record.userId,
      recipeUserId: record.recipeUserId,
      userDataInJWT: structuredClone(record.userDataInJWT),
      tenantId: record.tenantId,
    };
  }

  #view(record: SessionRecord): SessionView {
    return {
      handle: record.handle,
      userId: record.userId,
      recipeUserId: record.recipeUserId,
      tenantId: record.tenantId,
      userDataInJWT: structuredClone(record.userDataInJWT),
      userDataInDatabase: structuredClone(record.userDataInDatabase),
      createdTime: record.createdTime,
      expiry: record.expiry,
    };
  }

  async #mintAccessToken(
    record: SessionRecord,
    refreshTokenHash1: string,
    parentRefreshTokenHash1: string | null,
    antiCsrfToken: string | null,
    expiryOverride?: number,
    recipeUserId = record.recipeUserId,
    userId = record.userId,
  ): Promise<TokenInfo> {
    const now = Date.now();
    const expiry = expiryOverride ?? now + this.#accessTokenValidityMs;
    const payload: Record<string, unknown> = {
      sub: userId,
      exp: Math.floor(expiry / 1000),
      iat: Math.floor(now / 1000),
      tId: record.tenantId,
      rsub: recipeUserId,
      sessionHandle: record.handle,
      refreshTokenHash1,
      parentRefreshTokenHash1,
      antiCsrfToken,
      ...record.userDataInJWT,
    };
    const token = await this.#keys.sign(payload, record.useStaticKey);
    return { token, expiry, createdTime: now };
  }

  async #readAccessToken(
    token: string,
    checkExpiry: boolean,
  ): Promise<
    | { error: string }
    | {
        sessionHandle: string;
        userId: string;
        recipeUserId: string;
        tenantId: string;
        refreshTokenHash1: string;
        parentRefreshTokenHash1: string | null;
        antiCsrfToken: string | null;
        expiryTime: number;
        userData: JsonObject;
      }
  > {
    const verified = await this.#keys.verify(token);
    if (verified === undefined) return { error: "Access token is not a valid token signed by this core" };
    const p = verified.payload;
    if (
      verified.header.version !== "5" ||
      typeof p.sub !== "string" ||
      typeof p.rsub !== "string" ||
      typeof p.exp !== "number" ||
      typeof p.iat !== "number" ||
      typeof p.sessionHandle !== "string" ||
      typeof p.refreshTokenHash1 !== "string" ||
      typeof p.tId !== "string"
    ) {
      return { error: "Access token does not have the v5 structure" };
    }
    const expiryTime = p.exp * 1000;
    if (checkExpiry && expiryTime < Date.now()) return { error: "Access token expired" };
    return {
      sessionHandle: p.sessionHandle,
      userId: p.sub,
      recipeUserId: p.rsub,
      tenantId: p.tId,
      refreshTokenHash1: p.refreshTokenHash1,
      parentRefreshTokenHash1:
        typeof p.parentRefreshTokenHash1 === "string" ? p.parentRefreshTokenHash1 : null,
      antiCsrfToken: typeof p.antiCsrfToken === "string" ? p.antiCsrfToken : null,
      expiryTime,
      userData: userData(p),
    };
  }

  // Refresh tokens are opaque to the SDK; like the real core's, they carry their own data, sealed with
  // AES-256-GCM under a per-process key, so nothing but the session's current hash is stored.
  #sealRefreshToken(info: RefreshTokenInfo): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#refreshTokenKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(info), "utf8"), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
  }

  #openRefreshToken(token: string): RefreshTokenInfo | undefined {
    if (token.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
    const raw = Buffer.from(token, "base64url");
    if (raw.length < 12 + 16 + 2) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#refreshTokenKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      const text = Buffer.concat([
        decipher.update(raw.subarray(12, raw.length - 16)),
        decipher.final(),
      ]).toString("utf8");
      const info = JSON.parse(text) as RefreshTokenInfo;
      return typeof info.sessionHandle === "string" ? info : undefined;
    } catch {
      return undefined;
    }
  }
}
