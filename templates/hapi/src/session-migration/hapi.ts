// hapi adapter for the session migration: a plugin whose route translates the request and the reply, nothing else.
// Register it after supertokens-node's hapi plugin; CORS comes from the server's route defaults.
import type { Lifecycle, Plugin, Request, ResponseToolkit } from "@hapi/hapi";
import { BODY_LIMIT_BYTES, type SessionMigration } from "./migrate-session.js";

export interface SessionMigrationPluginOptions {
  migration: SessionMigration;
  /** The route, e.g. "/migrate-session". */
  path: string;
}

export const sessionMigrationPlugin: Plugin<SessionMigrationPluginOptions> = {
  name: "session-migration",
  register(server, { migration, path }) {
    async function answer(request: Request, h: ResponseToolkit, readBody: () => Promise<unknown>) {
      const reply = await migration.handle({
        origin: header(request, "origin"),
        contentType: header(request, "content-type"),
        readBody,
        req: request,
        res: h,
      });
      const response = h.response(reply.body).code(reply.statusCode);
      for (const [name, value] of Object.entries(reply.headers)) response.header(name, value);
      return response;
    }

    // hapi refuses a bad body before the handler runs: a type other than JSON (415), too large (413) or malformed
    // JSON (400). The migration still checks the Origin and Content-Type first, then reports it.
    const payloadFailed: Lifecycle.FailAction = async (request, h, error) =>
      (await answer(request, h, () => Promise.reject(error))).takeover();

    server.route({
      method: "POST",
      path,
      options: {
        // A chunked body (no Content-Length) over maxBytes: hapi's reader (@hapi/wreck) then destroys the
        // stream it reads, and when that is the connection itself the client gets a reset instead of our 413. With a
        // "peek" listener hapi reads the body through its own pass-through stream, so only that stream is destroyed,
        // hapi drains the rest and failAction answers 413 like for any other refused body.
        ext: { onPreAuth: { method: readThroughPeek } },
        // JSON only, so a text/plain or form body (which a cross-site form may send without a CORS preflight) is
        // never parsed.
        payload: {
          allow: "application/json",
          maxBytes: BODY_LIMIT_BYTES,
          output: "data",
          parse: true,
          failAction: payloadFailed,
        },
      },
      handler: (request, h) => answer(request, h, () => Promise.resolve(request.payload)),
    });
  },
};

function readThroughPeek(request: Request, h: ResponseToolkit): Lifecycle.ReturnValue {
  request.events.on("peek", () => {});
  return h.continue;
}

function header(request: Request, name: string): string | undefined {
  const value: unknown = request.headers[name];
  return typeof value === "string" ? value : undefined;
}
