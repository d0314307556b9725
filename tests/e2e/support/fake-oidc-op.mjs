// A provider that lies, to check that Maillage refuses what a real one would never send: its
// authorization endpoint hands out a code at once, and its token endpoint answers with an ID
// token signed by another key than the one it publishes (MODE=forged) or one that has expired
// (MODE=expired). ESM on purpose (jose); run as a child process.
//   FAKE_OP_PORT=… MODE=forged|expired node fake-oidc-op.mjs     (GET /mode?m=… switches)
import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

const port = Number(process.env.FAKE_OP_PORT);
const issuer = `http://127.0.0.1:${port}`;
const published = await generateKeyPair("RS256");
const other = await generateKeyPair("RS256");
const jwk = {
  ...(await exportJWK(published.publicKey)),
  kid: "published",
  alg: "RS256",
  use: "sig",
};
const codes = new Map(); // code → nonce

let mode = process.env.MODE ?? "forged";

async function idToken(nonce) {
  const now = Math.floor(Date.now() / 1000);
  const expired = mode === "expired";
  const key = mode === "forged" ? other.privateKey : published.privateKey;
  return new SignJWT({ nonce, email: "direction@ccas.maillage.test" })
    .setProtectedHeader({ alg: "RS256", kid: "published" })
    .setIssuer(issuer)
    .setAudience("maillage")
    .setSubject("agent-1")
    .setIssuedAt(expired ? now - 7200 : now)
    .setExpirationTime(expired ? now - 3600 : now + 300)
    .sign(key);
}

const json = (res, body) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

http
  .createServer(async (req, res) => {
    const url = new URL(req.url, issuer);
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(res, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (url.pathname === "/jwks") return json(res, { keys: [jwk] });
    if (url.pathname === "/mode") {
      mode = url.searchParams.get("m") ?? mode;
      return json(res, { mode });
    }
    if (url.pathname === "/authorize") {
      const code = `code-${codes.size + 1}`;
      codes.set(code, url.searchParams.get("nonce"));
      const back = new URL(url.searchParams.get("redirect_uri"));
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state"));
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === "/token") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const code = new URLSearchParams(body).get("code");
      return json(res, {
        access_token: "access",
        token_type: "Bearer",
        expires_in: 300,
        id_token: await idToken(codes.get(code)),
      });
    }
    if (url.pathname === "/userinfo")
      return json(res, {
        sub: "agent-1",
        email: "direction@ccas.maillage.test",
        email_verified: true,
      });
    res.writeHead(404).end();
  })
  .listen(port, "127.0.0.1", () => process.stdout.write(`fake provider ready on ${issuer}\n`));
