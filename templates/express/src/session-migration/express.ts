// Express adapter for the session migration: translates the request and the reply, nothing else. Mount it after
// `cors(...)` and supertokens-node's `middleware()`.
import express, { type Router } from "express";
import { BODY_LIMIT_BYTES, type SessionMigration } from "./migrate-session.js";

export function sessionMigrationRouter(migration: SessionMigration, path: string): Router {
  // `type` matches application/json only, so a text/plain or form body (which a cross-site form may send without a
  // CORS preflight) is never parsed as JSON; the migration answers 415 for it.
  const parseJson = express.json({ limit: BODY_LIMIT_BYTES, type: "application/json" });
  const router = express.Router();

  router.post(path, async (req, res) => {
    const reply = await migration.handle({
      origin: req.get("origin"),
      contentType: req.get("content-type"),
      readBody: () =>
        new Promise((resolve, reject) => {
          parseJson(req, res, (error?: unknown) => (error ? reject(error) : resolve(req.body)));
        }),
      req,
      res,
    });
    res.status(reply.statusCode).set(reply.headers).json(reply.body);
  });

  return router;
}
