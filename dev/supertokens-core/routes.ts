// The HTTP surface: CDI 5.4 routes (the subset supertokens-node 24 uses for sessions, users and user-id mapping)
// plus the namespaced /dev-only/* endpoints. Handlers validate their input and return the JSON body of a 200;
// client mistakes are thrown as HttpError (4xx).
import {
  badRequest,
  booleanField,
  type JsonObject,
  nonEmptyStringField,
  objectField,
  parseUserIdType,
  queryParam,
  stringArrayField,
  stringField,
} from "./input.js";
import type { SigningKeys } from "./keys.js";
import { type CoreState, DEFAULT_TENANT } from "./state.js";

export const CDI_VERSIONS = ["5.4"];

export interface RouteContext {
  /** Tenant from the path (`/<tenantId>/recipe/...`), "public" when absent. */
  tenantId: string;
  /** True when the path carried a tenant prefix. */
  tenantInPath: boolean;
  query: URLSearchParams;
  body: JsonObject;
}

export interface Route {
  method: "GET" | "POST" | "PUT";
  path: string;
  /** No api-key needed (as on the real core: /hello and the public JWKS). */
  open?: boolean;
  /** Dev-only routes live at the root only: no /appid-... or tenant prefix. */
  devOnly?: boolean;
  /** Answered as text/plain instead of JSON. */
  text?: boolean;
  handle(ctx: RouteContext): unknown;
}

function maxLength(value: string, field: string, max: number): string {
  if (value.length > max) throw badRequest(`Field name '${field}' is longer than ${max} characters`);
  return value;
}

function booleanQuery(query: URLSearchParams, name: string): boolean | undefined {
  const value = queryParam(query, name, true);
  return value === undefined ? undefined : value.toLowerCase() === "true";
}

export function buildRoutes(state: CoreState, keys: SigningKeys): Route[] {
  return [
    { method: "GET", path: "/", open: true, text: true, handle: () => "Hello" },
    { method: "GET", path: "/hello", open: true, text: true, handle: () => "Hello" },
    { method: "GET", path: "/apiversion", handle: () => ({ versions: CDI_VERSIONS }) },
    { method: "GET", path: "/.well-known/jwks.json", open: true, handle: () => keys.jwks() },
    {
      method: "GET",
      path: "/user/id",
      handle: ({ query }) => state.getUserById(queryParam(query, "userId")),
    },
    {
      method: "POST",
      path: "/recipe/session",
      handle: ({ body, tenantId }) =>
        state.createSession({
          tenantId,
          userId: maxLength(nonEmptyStringField(body, "userId"), "userId", 256),
          userDataInJWT: objectField(body, "userDataInJWT"),
          userDataInDatabase: objectField(body, "userDataInDatabase"),
          enableAntiCsrf: booleanField(body, "enableAntiCsrf"),
          // useDynamicSigningKey defaults to true
          useStaticKey: booleanField(body, "useDynamicSigningKey", true) === false,
        }),
    },
    {
      method: "GET",
      path: "/recipe/session",
      handle: ({ query }) => state.getSessionInformation(queryParam(query, "sessionHandle")),
    },
    {
      method: "POST",
      path: "/recipe/session/verify",
      handle: ({ body }) =>
        state.verifySession({
          accessToken: stringField(body, "accessToken"),
          antiCsrfToken: stringField(body, "antiCsrfToken", true),
          doAntiCsrfCheck: booleanField(body, "doAntiCsrfCheck"),
          enableAntiCsrf: booleanField(body, "enableAntiCsrf"),
          checkDatabase: booleanField(body, "checkDatabase", true) ?? false,
        }),
    },
    {
      method: "POST",
      path: "/recipe/session/refresh",
      handle: ({ body }) => {
        const useDynamicSigningKey = booleanField(body, "useDynamicSigningKey", true);
        return state.refreshSession({
          refreshToken: stringField(body, "refreshToken"),
          antiCsrfToken: stringField(body, "antiCsrfToken", true),
          enableAntiCsrf: booleanField(body, "enableAntiCsrf"),
          useStaticKey: useDynamicSigningKey === undefined ? undefined : !useDynamicSigningKey,
        });
      },
    },
    {
      method: "POST",
      path: "/recipe/session/regenerate",
      handle: ({ body }) =>
        state.regenerateSession({
          accessToken: stringField(body, "accessToken"),
          userDataInJWT: objectField(body, "userDataInJWT", true),
        }),
    },
    {
      method: "POST",
      path: "/recipe/session/remove",
      handle: ({ body, tenantId }) => {
        const userId = stringField(body, "userId", true);
        const sessionHandles = stringArrayField(body, "sessionHandles", true);
        if ((userId === undefined) === (sessionHandles === undefined)) {
          throw badRequest("Invalid JSON input - use one of userId or sessionHandles array");
        }
        const acrossAllTenants = booleanField(body, "revokeAcrossAllTenants", true);
        if (userId === undefined) {
          if (acrossAllTenants !== undefined || body.revokeSessionsForLinkedAccounts !== undefined) {
            throw badRequest(
              "Invalid JSON input - revokeAcrossAllTenants and revokeSessionsForLinkedAccounts can only be set if userId is set",
            );
          }
          return { status: "OK", sessionHandlesRevoked: state.revokeSessions(sessionHandles ?? []) };
        }
        booleanField(body, "revokeSessionsForLinkedAccounts", true); // validated; no account linking here
        const handles = state.sessionHandlesForUser(
          userId,
          acrossAllTenants === false ? tenantId : undefined,
        );
        return { status: "OK", sessionHandlesRevoked: state.revokeSessions(handles) };
      },
    },
    {
      method: "GET",
      path: "/recipe/session/user",
      handle: ({ query, tenantId }) => {
        const userId = queryParam(query, "userId");
        const acrossAllTenants = booleanQuery(query, "fetchAcrossAllTenants") ?? true;
        return {
          status: "OK",
          sessionHandles: state.sessionHandlesForUser(userId, acrossAllTenants ? undefined : tenantId),
        };
      },
    },
    {
      method: "PUT",
      path: "/recipe/session/data",
      handle: ({ body }) =>
        state.updateSessionData(stringField(body, "sessionHandle"), {
          userDataInDatabase: objectField(body, "userDataInDatabase"),
        }),
    },
    {
      method: "PUT",
      path: "/recipe/jwt/data",
      handle: ({ body }) =>
        state.updateSessionData(stringField(body, "sessionHandle"), {
          userDataInJWT: objectField(body, "userDataInJWT"),
        }),
    },
    {
      method: "POST",
      path: "/recipe/userid/map",
      handle: ({ body }) => {
        const externalUserIdInfo = stringField(body, "externalUserIdInfo", true);
        return state.createUserIdMapping({
          superTokensUserId: nonEmptyStringField(body, "superTokensUserId"),
          externalUserId: maxLength(nonEmptyStringField(body, "externalUserId"), "externalUserId", 128),
          ...(externalUserIdInfo === undefined ? {} : { externalUserIdInfo }),
          force: booleanField(body, "force", true) ?? false,
        });
      },
    },
    {
      method: "GET",
      path: "/recipe/userid/map",
      handle: ({ query }) =>
        state.getUserIdMapping(
          queryParam(query, "userId"),
          parseUserIdType(query.get("userIdType") ?? undefined, "Query parameter"),
        ),
    },
    {
      method: "POST",
      path: "/recipe/userid/map/remove",
      handle: ({ body }) =>
        state.deleteUserIdMapping(
          nonEmptyStringField(body, "userId"),
          parseUserIdType(body.userIdType, "Field"),
          booleanField(body, "force", true) ?? false,
        ),
    },
    {
      method: "PUT",
      path: "/recipe/userid/external-user-id-info",
      handle: ({ body }) => {
        if (!Object.hasOwn(body, "externalUserIdInfo")) {
          throw badRequest("Field name 'externalUserIdInfo' is missing in JSON input");
        }
        return state.updateExternalUserIdInfo(
          nonEmptyStringField(body, "userId"),
          parseUserIdType(body.userIdType, "Field"),
          stringField(body, "externalUserIdInfo", true) ?? null,
        );
      },
    },
    // ---- dev-only (not part of the CDI; a real core has no such endpoints)
    {
      method: "GET",
      path: "/dev-only/sessions",
      devOnly: true,
      handle: ({ query }) => {
        const userId = queryParam(query, "userId", true);
        return { status: "OK", sessions: state.sessions(userId === undefined ? undefined : { userId }) };
      },
    },
    {
      method: "POST",
      path: "/dev-only/users",
      devOnly: true,
      handle: ({ body }) => {
        const email = stringField(body, "email", true);
        return { status: "OK", user: state.createUser(email === undefined ? {} : { email }) };
      },
    },
  ];
}

export { DEFAULT_TENANT };
