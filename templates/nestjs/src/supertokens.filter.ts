// Hands SuperTokens' own errors (no session, expired access token, …) to its Express error handler, which answers
// 401 / 403 with what the frontend SDK expects.
import { type ArgumentsHost, Catch, type ExceptionFilter } from "@nestjs/common";
import type { Request, Response } from "express";
import { Error as STError } from "supertokens-node";
import { errorHandler } from "supertokens-node/framework/express";

@Catch(STError)
export class SupertokensExceptionFilter implements ExceptionFilter {
  readonly #handle = errorHandler();

  catch(exception: Error, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    void this.#handle(exception, http.getRequest<Request>(), res, (error?: unknown) => {
      // Never a stack trace to the browser: log it, answer a plain 500.
      console.error(error);
      if (!res.headersSent)
        res.status(500).json({ status: "INTERNAL_ERROR", message: "Something went wrong." });
    });
  }
}
