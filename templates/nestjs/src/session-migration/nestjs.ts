// NestJS module for the session migration (Express platform): a controller that translates the request and the
// reply, nothing else. Needs supertokens-node's Express `middleware()` on the app and Nest's global body parser off
// (`NestFactory.create(…, { bodyParser: false })`): the route parses its own JSON body, 16 KB at most.
//
// Nest's decorators are applied as plain calls below the classes (what `@Controller()` compiles to), so this file
// runs as JavaScript on Node without a compiler, and as TypeScript without `experimentalDecorators`.
import { Controller, type DynamicModule, Inject, Module, Post, Req, Res } from "@nestjs/common";
import express, { type Request, type Response } from "express";
import { BODY_LIMIT_BYTES, type SessionMigration } from "./migrate-session.js";

/** Injection token of the SessionMigration instance the controller uses. */
export const SESSION_MIGRATION = Symbol("SessionMigration");

// `type` matches application/json only, so a text/plain or form body (which a cross-site form may send without a CORS
// preflight) is never parsed as JSON; the migration answers 415 for it.
const parseJson = express.json({ limit: BODY_LIMIT_BYTES, type: "application/json" });

export class SessionMigrationController {
  readonly #migration: SessionMigration;

  constructor(migration: SessionMigration) {
    this.#migration = migration;
  }

  /** POST {{route}} with { "access_token": "<Auth0 access token>" }. */
  async migrate(req: Request, res: Response): Promise<void> {
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
Controller()(SessionMigrationController);
Inject(SESSION_MIGRATION)(SessionMigrationController, undefined, 0);
Post("{{route}}")(
  SessionMigrationController.prototype,
  "migrate",
  Object.getOwnPropertyDescriptor(SessionMigrationController.prototype, "migrate") as PropertyDescriptor,
);
Req()(SessionMigrationController.prototype, "migrate", 0);
Res()(SessionMigrationController.prototype, "migrate", 1); // the controller writes the reply itself

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
Module({})(SessionMigrationModule);
