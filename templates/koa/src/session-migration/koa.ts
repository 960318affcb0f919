// Koa adapter for the session migration: a router that translates the request and the reply, nothing else. Use it
// after `cors(...)` and supertokens-node's `middleware()`.
import { bodyParser } from "@koa/bodyparser";
import Router from "@koa/router";
import { BODY_LIMIT_BYTES, type SessionMigration } from "./migrate-session.js";

export function sessionMigrationRouter(migration: SessionMigration, path: string): Router {
  // JSON only, so a text/plain or form body (which a cross-site form may send without a CORS preflight) is never
  // parsed; the migration answers 415 for it before the body is read.
  const parseJson = bodyParser({ enableTypes: ["json"], jsonLimit: BODY_LIMIT_BYTES });
  const router = new Router();

  router.post(path, async (ctx) => {
    const reply = await migration.handle({
      origin: ctx.get("origin") || undefined,
      contentType: ctx.get("content-type") || undefined,
      readBody: async () => {
        // Parses once, unless a body parser earlier in your app already did.
        await parseJson(ctx, async () => {});
        return ctx.request.body;
      },
      req: ctx,
      res: ctx,
    });
    ctx.status = reply.statusCode;
    ctx.set(reply.headers);
    ctx.body = reply.body;
  });

  return router;
}
