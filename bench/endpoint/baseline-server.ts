// The insecure baseline: the session-migration sample SuperTokens' docs used to show. It trusts
// jsonwebtoken.decode(), which checks nothing, so anyone can mint a session for anyone. Measured only to show what
// verification costs; never copy it.
import cors from "cors";
import express from "express";
import jwt from "jsonwebtoken";
import supertokens from "supertokens-node";
import { errorHandler, middleware } from "supertokens-node/framework/express";
import Session from "supertokens-node/recipe/session";

const website = process.env.WEBSITE_DOMAIN ?? "http://127.0.0.1:5173";
supertokens.init({
  framework: "express",
  supertokens: { connectionURI: process.env.SUPERTOKENS_CONNECTION_URI ?? "" },
  appInfo: {
    appName: "baseline",
    apiDomain: "http://127.0.0.1:3001",
    apiBasePath: "/auth",
    websiteDomain: website,
  },
  recipeList: [Session.init()],
});

const app = express();
app.use(
  cors({
    origin: website,
    allowedHeaders: ["content-type", ...supertokens.getAllCORSHeaders()],
    credentials: true,
  }),
);
app.use(middleware());
app.post("/migrate-session", express.json(), async (req, res) => {
  const decoded = jwt.decode(req.body.access_token) as { sub: string };
  const session = await Session.createNewSession(
    req,
    res,
    "public",
    supertokens.convertToRecipeUserId(decoded.sub),
  );
  res.json({ status: "OK", userId: session.getUserId() });
});
app.use(errorHandler());
const listener = app.listen(0, "127.0.0.1", () => {
  const { port } = listener.address() as { port: number };
  console.log(`Listening on http://127.0.0.1:${port}/migrate-session`);
});
