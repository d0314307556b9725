import { type Request, type Response, Router } from "express";
import type { DataSource } from "typeorm";
import type { Config } from "../../config";
import { sessionCookie } from "../../http/session-cookie";
import type { AppLogger } from "../../logger";
import { credentialsFrom } from "./credentials";
import type { CallbackOutcome, OidcProvider } from "./oidc.service";
import { hashSecret } from "./secrets";
import type { ViewerCache } from "./viewer-cache";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page of our own for what the browser lands on when sign-in cannot go on. */
function page(res: Response, status: number, title: string, text: string) {
  res
    .status(status)
    .type("html")
    .setHeader("cache-control", "no-store")
    .send(
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} — Maillage</title></head>` +
        `<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5"><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/connexion">Revenir à la connexion</a></p></main></body></html>`,
    );
}

const REFUSALS: Record<Exclude<CallbackOutcome["kind"], "signed-in">, [number, string, string]> = {
  "unknown-attempt": [
    400,
    "Connexion interrompue",
    "Cette tentative de connexion est inconnue, déjà utilisée ou expirée. Recommencez depuis la page de connexion.",
  ],
  "not-verified": [
    401,
    "Connexion refusée",
    "La réponse du fournisseur d'identité n'a pas pu être vérifiée. Recommencez ; si cela se reproduit, prévenez la coordination.",
  ],
  "no-verified-email": [
    403,
    "Adresse e-mail non vérifiée",
    "Le fournisseur d'identité n'a pas transmis d'adresse e-mail vérifiée : Maillage ne peut pas vous reconnaître.",
  ],
  "no-account": [
    403,
    "Aucun compte Maillage pour cette adresse",
    "Votre identité est vérifiée, mais aucun compte ni aucune invitation Maillage ne correspond à votre adresse e-mail. Demandez une invitation à la coordination ou au responsable de votre structure.",
  ],
};

/** Only a path of this site: never another origin (`//host`, `https:`). */
function safeReturnTo(raw: unknown): string {
  return typeof raw === "string" && /^\/(?![/\\])/.test(raw) && raw.length < 500 ? raw : "/";
}

export function oidcRoutes(deps: {
  config: Config;
  dataSource: DataSource;
  viewers: ViewerCache;
  provider: OidcProvider | null;
  logger: AppLogger;
  clientAddress: (req: Request) => string | null;
}): Router {
  const router = Router();
  const { provider, dataSource, logger } = deps;
  const production = deps.config.nodeEnv === "production";
  const unavailable = (res: Response, error: unknown) => {
    logger.warn({ reason: (error as Error).message }, "identity provider unavailable");
    page(
      res,
      503,
      "ProConnect ne répond pas",
      "Le fournisseur d'identité ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre mot de passe.",
    );
  };

  router.get("/auth/oidc/login", async (req, res) => {
    if (!provider) return page(res, 404, "Page introuvable", "ProConnect n'est pas configuré.");
    try {
      res.redirect(302, await provider.begin(dataSource, safeReturnTo(req.query.returnTo)));
    } catch (error) {
      unavailable(res, error);
    }
  });

  router.get("/auth/oidc/callback", async (req, res) => {
    if (!provider) return page(res, 404, "Page introuvable", "ProConnect n'est pas configuré.");
    if (typeof req.query.error === "string") {
      return page(res, 401, "Connexion annulée", "La connexion avec ProConnect n'a pas abouti.");
    }
    try {
      const outcome = await provider.complete(
        dataSource,
        new URL(req.originalUrl, deps.config.publicUrl),
        { ip: deps.clientAddress(req), cookie: sessionCookie(res, production) },
      );
      if (outcome.kind === "signed-in") return res.redirect(302, outcome.returnTo);
      const [status, title, text] = REFUSALS[outcome.kind];
      page(res, status, title, text);
    } catch (error) {
      unavailable(res, error);
    }
  });

  // A form POST (SameSite=Lax keeps other sites from signing people out): ends the session here,
  // then at the provider when it was a ProConnect one.
  router.post("/auth/oidc/logout", async (req, res) => {
    const { sessionToken } = credentialsFrom(req.headers);
    let idToken: string | null = null;
    if (sessionToken) {
      const [rows] = (await dataSource.query(
        `UPDATE user_session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL
         RETURNING id_token, user_id`,
        [hashSecret(sessionToken)],
      )) as [{ id_token: string | null; user_id: string }[], number];
      if (rows[0]) deps.viewers.forget(rows[0].user_id);
      idToken = rows[0]?.id_token ?? null;
    }
    sessionCookie(res, production).clear();
    if (!idToken || !provider) return res.redirect(303, "/");
    try {
      res.redirect(303, await provider.endSessionUrl(idToken));
    } catch {
      res.redirect(303, "/"); // signed out here; the provider's session ends on its own
    }
  });

  return router;
}
