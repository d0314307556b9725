/**
 * Sign-in with ProConnect (any OpenID Connect provider): authorization code flow with PKCE,
 * `state` and `nonce`, the ID token checked against the provider's keys by openid-client.
 * A person is matched by the provider's verified e-mail to an existing account or to a pending
 * invitation; nobody else gets in (no account is created without an invitation).
 */
import type { DataSource } from "typeorm";
import type { AppLogger } from "../../logger";
import { audit } from "../audit/audit.service";
import { emailKey } from "./auth.service";
import { Invitation } from "./invitation.entity";
import { spendInvitation } from "./invitation.service";
import type { OidcConfig } from "./oidc.config";
import { DUMMY_PASSWORD_HASH } from "./secrets";
import { type SessionOrigin, startSession } from "./session.service";
import { User } from "./user.entity";

type OpenIdClient = typeof import("openid-client", { with: { "resolution-mode": "import" } });
type ProviderConfiguration = import("openid-client", {
  with: { "resolution-mode": "import" },
}).Configuration;

/** A login attempt lives 10 minutes, once. */
const ATTEMPT_MINUTES = 10;

/** openid-client is ESM-only: loaded on first use, with the provider's metadata (cached). */
export class OidcProvider {
  private configuration: Promise<{ lib: OpenIdClient; config: ProviderConfiguration }> | null =
    null;

  constructor(
    readonly settings: OidcConfig,
    private readonly logger: AppLogger,
  ) {}

  private discover() {
    this.configuration ??= (async () => {
      const lib = await import("openid-client");
      const insecure = new URL(this.settings.issuer).protocol === "http:";
      const config = await lib.discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        undefined,
        { execute: insecure ? [lib.allowInsecureRequests] : [], timeout: 10 },
      );
      // By default an ID token from the token endpoint is trusted on TLS alone (OIDC Core
      // 3.1.3.7); its signature is checked against the provider's JWKS as well.
      lib.enableNonRepudiationChecks(config);
      return { lib, config };
    })().catch((error: unknown) => {
      // Not cached: the next sign-in asks the provider again.
      this.configuration = null;
      throw error;
    });
    return this.configuration;
  }

  /** The provider's authorization URL for a new attempt, recorded for the callback. */
  async begin(dataSource: DataSource, returnTo: string): Promise<string> {
    const { lib, config } = await this.discover();
    const verifier = lib.randomPKCECodeVerifier();
    const state = lib.randomState();
    const nonce = lib.randomNonce();
    await dataSource.query(
      `DELETE FROM oidc_login WHERE created_at < now() - make_interval(mins => $1)`,
      [ATTEMPT_MINUTES],
    );
    await dataSource.query(
      `INSERT INTO oidc_login (state, code_verifier, nonce, return_to) VALUES ($1, $2, $3, $4)`,
      [state, verifier, nonce, returnTo],
    );
    return lib
      .buildAuthorizationUrl(config, {
        redirect_uri: this.settings.redirectUri,
        scope: this.settings.scopes,
        code_challenge: await lib.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
        nonce,
      })
      .toString();
  }

  /**
   * Checks the provider's answer and opens a session. The attempt is spent first, so a replayed
   * callback (same code and state) is refused.
   */
  async complete(
    dataSource: DataSource,
    callbackUrl: URL,
    origin: Omit<SessionOrigin, "method">,
  ): Promise<CallbackOutcome> {
    const state = callbackUrl.searchParams.get("state") ?? "";
    const [attempt] = (await dataSource.query(
      `WITH spent AS (
         DELETE FROM oidc_login WHERE state = $1 AND created_at > now() - make_interval(mins => $2)
         RETURNING code_verifier, nonce, return_to)
       SELECT * FROM spent`,
      [state.slice(0, 200), ATTEMPT_MINUTES],
    )) as { code_verifier: string; nonce: string; return_to: string }[];
    if (!attempt) return { kind: "unknown-attempt" };
    const { lib, config } = await this.discover();
    let claims: Record<string, unknown>;
    let idToken: string | undefined;
    try {
      const tokens = await lib.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: attempt.code_verifier,
        expectedState: state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      idToken = tokens.id_token;
      // ProConnect gives the person's identity from userinfo; the ID token's sub must match it.
      const info = await lib.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...idClaims, ...info };
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, "OpenID Connect sign-in refused");
      return { kind: "not-verified" };
    }
    const email = typeof claims.email === "string" ? claims.email : "";
    if (!email || claims.email_verified === false) return { kind: "no-verified-email" };
    const opened = await dataSource.transaction(async (em) => {
      const key = emailKey(email);
      let user = await em
        .getRepository(User)
        .createQueryBuilder("u")
        .where("lower(u.email) = :key", { key })
        .getOne();
      if (!user) {
        const invitation = await em
          .getRepository(Invitation)
          .createQueryBuilder("i")
          .where(
            "lower(i.email) = :key AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()",
            {
              key,
            },
          )
          .orderBy("i.created_at", "DESC")
          .getOne();
        if (!invitation) return null;
        const displayName = [claims.given_name, claims.usual_name]
          .filter((p) => typeof p === "string" && p)
          .join(" ")
          .slice(0, 120);
        user = await spendInvitation(em, invitation, origin.ip, () =>
          em.getRepository(User).save({
            email: invitation.email,
            displayName: displayName || invitation.email,
            // No password: this account signs in with ProConnect (or asks for a reset link).
            passwordHash: DUMMY_PASSWORD_HASH,
            globalRole: null,
          }),
        );
        if (!user) return null;
      }
      const siret = typeof claims.siret === "string" ? claims.siret.slice(0, 14) : null;
      await em.query(`UPDATE app_user SET siret = coalesce($2, siret) WHERE id = $1`, [
        user.id,
        siret,
      ]);
      const sessionId = await startSession(em, user.id, {
        ...origin,
        method: "oidc",
        acr: typeof claims.acr === "string" ? claims.acr : null,
        amr: Array.isArray(claims.amr) ? claims.amr.map(String) : null,
        idToken,
      });
      await audit(em, { kind: "user", user, sessionId, memberships: [] }, origin.ip, {
        action: "login.succeeded",
        subjectType: "user",
        subjectId: user.id,
        details: { method: "oidc", acr: claims.acr ?? null },
      });
      return user;
    });
    if (!opened) return { kind: "no-account", email };
    return { kind: "signed-in", returnTo: attempt.return_to };
  }

  /** The provider's logout URL for an ID token (RP-initiated logout). */
  async endSessionUrl(idToken: string): Promise<string> {
    const { lib, config } = await this.discover();
    return lib
      .buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: this.settings.postLogoutRedirectUri,
      })
      .toString();
  }
}

export type CallbackOutcome =
  | { kind: "signed-in"; returnTo: string }
  | { kind: "unknown-attempt" }
  | { kind: "not-verified" }
  | { kind: "no-verified-email" }
  | { kind: "no-account"; email: string };
