// Next.js App Router adapter for the session migration: translates the request and the reply, nothing else. Call it
// from a route handler after `supertokens.init({ framework: "custom", … })`.
import { NextRequest } from "next/server";
import { withPreParsedRequestResponse } from "supertokens-node/nextjs";
import { BODY_LIMIT_BYTES, type SessionMigration } from "./migrate-session";

export function migrateSession(migration: SessionMigration, incoming: NextRequest): Promise<Response> {
  const request = withDecodableCookies(incoming);
  // SuperTokens' request and response stand-ins: the session's cookies and headers land on the returned Response.
  return withPreParsedRequestResponse(request, async (req, res) => {
    const reply = await migration.handle({
      origin: request.headers.get("origin") ?? undefined,
      contentType: request.headers.get("content-type") ?? undefined,
      readBody: () => readJson(request),
      req,
      res,
    });
    return Response.json(reply.body, { status: reply.statusCode, headers: reply.headers });
  });
}

/** Reads at most BODY_LIMIT_BYTES of JSON, which the migration has checked is UTF-8: a token needs no more. */
async function readJson(request: Request): Promise<unknown> {
  if (Number(request.headers.get("content-length")) > BODY_LIMIT_BYTES)
    throw httpError(413, "body too large");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > BODY_LIMIT_BYTES) {
      await reader.cancel();
      throw httpError(413, "body too large");
    }
    chunks.push(value);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8")); // a SyntaxError is a 400
}

/**
 * supertokens-node's helpers decode every cookie with decodeURIComponent and throw on one that is not URI-encoded,
 * such as another app's cookie on your domain: the user would get a 500 from every SuperTokens route, session refresh
 * included. Such cookies are dropped here (Express and the others ignore them too), in a copy of the request that takes
 * over its body. Pass every request through this before a SuperTokens helper sees it.
 */
export function withDecodableCookies(request: NextRequest): NextRequest {
  const cookie = request.headers.get("cookie");
  if (cookie === null) return request;
  const pairs = cookie.split(";");
  const kept = pairs.filter((pair) => {
    try {
      decodeURIComponent(pair);
      return true;
    } catch {
      return false;
    }
  });
  if (kept.length === pairs.length) return request;
  const headers = new Headers(request.headers);
  headers.set("cookie", kept.join(";"));
  return new NextRequest(request, { headers });
}

function httpError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status });
}
