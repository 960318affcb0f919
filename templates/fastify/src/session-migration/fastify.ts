// Fastify adapter for the session migration: an encapsulated plugin that translates the request and the reply, nothing
// else. Register it after @fastify/cors and supertokens-node's fastify plugin.
import { Ajv } from "ajv";
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { BODY_LIMIT_BYTES, type SessionMigration } from "./migrate-session.js";

export interface SessionMigrationPluginOptions {
  migration: SessionMigration;
  /** The route, e.g. "/migrate-session". */
  path: string;
}

const bodySchema = {
  type: "object",
  required: ["access_token"],
  properties: { access_token: { type: "string", minLength: 1 } },
};

// Fastify's default Ajv coerces types (42 would become "42"): this route checks the body exactly as it was sent.
const ajv = new Ajv({ coerceTypes: false });

export const sessionMigrationPlugin: FastifyPluginAsync<SessionMigrationPluginOptions> = async (
  fastify,
  { migration, path },
) => {
  // Only JSON is ever parsed here, whatever parsers the rest of your app adds: a text/plain or form body (which a
  // cross-site form may send without a CORS preflight) is refused before it is read.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    "application/json",
    { parseAs: "string" },
    fastify.getDefaultJsonParser("error", "error"),
  );

  async function answer(request: FastifyRequest, reply: FastifyReply, readBody: () => Promise<unknown>) {
    const result = await migration.handle({
      origin: request.headers.origin,
      contentType: request.headers["content-type"],
      readBody,
      req: request,
      res: reply,
    });
    return reply.code(result.statusCode).headers(result.headers).send(result.body);
  }

  // Fastify refuses a bad body before the handler runs: an unsupported type (415), too large (413), malformed JSON or
  // a body that fails the schema (400). The migration still checks the Origin and Content-Type first, then reports it.
  fastify.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 400 || status >= 500) throw error;
    return answer(request, reply, () => Promise.reject(error));
  });

  fastify.post(
    path,
    {
      bodyLimit: BODY_LIMIT_BYTES,
      schema: { body: bodySchema },
      validatorCompiler: ({ schema }) => ajv.compile(schema),
    },
    (request, reply) => answer(request, reply, () => Promise.resolve(request.body)),
  );
};
