import { ConfigError } from "../../config-error";

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** `${PUBLIC_URL}/auth/oidc/callback`: to register with the provider. */
  redirectUri: string;
  postLogoutRedirectUri: string;
}

type Env = Record<string, string | undefined>;

const LOCAL = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** ProConnect (any OpenID Connect provider) when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. */
export function oidcConfig(env: Env, publicUrl: string): OidcConfig | null {
  const names = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
  const given = names.filter((n) => env[n]?.trim());
  if (given.length === 0) return null;
  const missing = names.filter((n) => !env[n]?.trim());
  if (missing.length) {
    throw new ConfigError(
      `${names.join(", ")} go together: ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} missing`,
    );
  }
  let issuer: URL;
  try {
    issuer = new URL(env.OIDC_ISSUER!.trim());
  } catch {
    throw new ConfigError("OIDC_ISSUER is invalid: expected the provider's https:// URL");
  }
  if (
    issuer.protocol !== "https:" &&
    !(issuer.protocol === "http:" && LOCAL.has(issuer.hostname))
  ) {
    throw new ConfigError(
      "OIDC_ISSUER is invalid: expected https:// (http:// only for a provider on this machine)",
    );
  }
  const scopes = (env.OIDC_SCOPES?.trim() || "openid email given_name usual_name siret")
    .split(/\s+/)
    .join(" ");
  if (!scopes.split(" ").includes("openid")) {
    throw new ConfigError(`OIDC_SCOPES="${scopes}" is invalid: it must include openid`);
  }
  return {
    issuer: issuer.href.replace(/\/$/, ""),
    clientId: env.OIDC_CLIENT_ID!.trim(),
    clientSecret: env.OIDC_CLIENT_SECRET!.trim(),
    scopes,
    redirectUri: `${publicUrl}/auth/oidc/callback`,
    postLogoutRedirectUri: `${publicUrl}/`,
  };
}
