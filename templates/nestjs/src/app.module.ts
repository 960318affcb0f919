import { Controller, type DynamicModule, Get, Module, Req, Res } from "@nestjs/common";
import type { Request, Response } from "express";
import Session from "supertokens-node/recipe/session";
import type { SessionMigration } from "./session-migration/migrate-session.js";
import { SessionMigrationModule } from "./session-migration/nestjs.js";

/** Who am I? Answers 401 without a valid SuperTokens session; handy to check a migration worked. */
@Controller()
export class SessionController {
  @Get("session")
  async me(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ userId: string; accessTokenPayload: unknown }> {
    // Throws without a session; SupertokensExceptionFilter turns that into SuperTokens' 401.
    const session = await Session.getSession(req, res);
    return { userId: session.getUserId(), accessTokenPayload: session.getAccessTokenPayload() };
  }
}

@Module({})
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
