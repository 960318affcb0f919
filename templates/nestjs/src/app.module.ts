import { Controller, type DynamicModule, Get, Module, Req, Res } from "@nestjs/common";
import type { Request, Response } from "express";
import Session from "supertokens-node/recipe/session";
import type { SessionMigration } from "./session-migration/migrate-session.js";
import { SessionMigrationModule } from "./session-migration/nestjs.js";

// Nest's decorators are applied as plain calls below each class (see session-migration/nestjs).

/** Who am I? Answers 401 without a valid SuperTokens session; handy to check a migration worked. */
export class SessionController {
  async me(req: Request, res: Response): Promise<{ userId: string; accessTokenPayload: unknown }> {
    // Throws without a session; SupertokensExceptionFilter turns that into SuperTokens' 401.
    const session = await Session.getSession(req, res);
    return { userId: session.getUserId(), accessTokenPayload: session.getAccessTokenPayload() };
  }
}
Controller()(SessionController);
Get("session")(
  SessionController.prototype,
  "me",
  Object.getOwnPropertyDescriptor(SessionController.prototype, "me") as PropertyDescriptor,
);
Req()(SessionController.prototype, "me", 0);
Res({ passthrough: true })(SessionController.prototype, "me", 1);

// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a class
export class AppModule {
  static register(migration: SessionMigration): DynamicModule {
    return {
      module: AppModule,
      imports: [SessionMigrationModule.register(migration)],
      controllers: [SessionController],
    };
  }
}
Module({})(AppModule);
