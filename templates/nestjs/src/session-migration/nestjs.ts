// NestJS module for the session migration (Express platform): a controller that translates the request and the
// reply, nothing else. Needs supertokens-node's Express `middleware()` on the app and Nest's global body parser off
// (`NestFactory.create(…, { bodyParser: false })`): the route parses its own JSON body, 16 KB at most.
import { Controller, type DynamicModule, Inject, Module, Post, Req, Res } from "@nestjs/common";
import express, { type Request, type Response } from "express";
import { BODY_LIMIT_BYTES, type SessionMigration } from "./migrate-session.js";

/** Injection token of the SessionMigration instance the controller uses. */
export const SESSION_MIGRATION = Symbol("SessionMigration");

// `type` matches application/json only, so a text/plain or form body (which a cross-site form may send without a CORS
// preflight) is never parsed as JSON; the migration answers 415 for it.
const parseJson = express.json({ limit: BODY_LIMIT_BYTES, type: "application/json" });

@Controller()
export class SessionMigrationController {
  readonly #migration: SessionMigration;

  constructor(@Inject(SESSION_MIGRATION) migration: SessionMigration) {
    this.#migration = migration;
  }

  /** POST {{route}} with { "access_token": "<Auth0 access token>" }. `@Res()`: the controller writes the reply. */
  @Post("{{route}}")
  async migrate(@Req() req: Request, @Res() res: Response): Promise<void> {
    const reply = await this.#migration.handle({
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
  }
}

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a class; register() makes it configurable
export class SessionMigrationModule {
  /** `imports: [SessionMigrationModule.register(createSessionMigration(readMigrationConfig(process.env)))]` */
  static register(migration: SessionMigration): DynamicModule {
    return {
      module: SessionMigrationModule,
      controllers: [SessionMigrationController],
      providers: [{ provide: SESSION_MIGRATION, useValue: migration }],
    };
  }
}
