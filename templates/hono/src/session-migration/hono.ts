// Hono adapter for the session migration: a sub-app whose route translates the request and the reply, nothing else.
// supertokens-node has no Hono integration; its "custom" framework helpers give createNewSession a request and a
// response it can use, and copy the session's cookies and headers onto the Response.
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { withPreParsedRequestResponse } from "supertokens-node/custom";
import { BODY_LIMIT_BYTES, type SessionMigration } from "./migrate-session.js";

export function sessionMigrationRoutes(migration: SessionMigration, path: string): Hono {
  const app = new Hono();

  const answer = (c: Context, readBody: (request: Request) => Promise<unknown>) => {
    const request = withDecodableCookies(c.req.raw);
    return withPreParsedRequestResponse(request, async (req, res) => {
      const reply = await migration.handle({
        origin: c.req.header("origin"),
        contentType: c.req.header("content-type"),
        readBody: () => readBody(request),
        req,
        res,
      });
      return c.json(reply.body, reply.statusCode as ContentfulStatusCode, reply.headers);
    });
  };

  app.post(
    path,
    // A body over the limit is refused before it is read in full; the migration still checks the Origin and
    // Content-Type first, then answers 413.
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: (c) => answer(c, () => Promise.reject(new HTTPException(413))),
    }),
    // request.json() parses the body whatever its type, so the migration calls it only once it has checked that the
    // Content-Type is application/json.
    (c) => answer(c, (request) => request.json()),
  );

  return app;
}

/**
 * supertokens-node's custom-framework helpers decode every cookie with decodeURIComponent and throw on one that is not
 * URI-encoded, such as another app's cookie on your domain: the user could no longer refresh the session. Such cookies
 * are dropped here (Express and the others ignore them too), in a copy of the request that takes over its body. Pass
 * every request through this before a SuperTokens helper sees it.
 */
export function withDecodableCookies(request: Request): Request {
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
  // Built from its parts: @hono/node-server's request objects are not Node's Request, whose constructor cannot copy
  // them. `duplex: "half"` is how Node's fetch takes a streamed body.
  const init = { method: request.method, headers, body: request.body, duplex: "half" };
  return new Request(request.url, init as RequestInit);
}
