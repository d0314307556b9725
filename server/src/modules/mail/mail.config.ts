import { ConfigError } from "../../config-error";

export interface MailConfig {
  /** `smtp://` or `smtps://` URL (credentials included), or "log" for the log transport. */
  transport: { kind: "smtp"; url: string } | { kind: "log" };
  /** The From header, e.g. `Maillage <no-reply@maillage.nantes.fr>`. */
  from: string;
  /** How often each instance looks for due messages besides being woken by a commit. */
  pollSeconds: number;
  /** Sending attempts before a message is marked failed. */
  maxAttempts: number;
}

type Env = Record<string, string | undefined>;

function transport(env: Env, nodeEnv: string): MailConfig["transport"] {
  const raw = env.SMTP_URL?.trim();
  if (!raw) {
    if (nodeEnv === "production") {
      throw new ConfigError(
        "SMTP_URL is required when NODE_ENV=production: smtp://user:password@host:587 or smtps://…:465 (SMTP_URL=log: writes e-mails to the log instead)",
      );
    }
    return { kind: "log" };
  }
  if (raw === "log:") return { kind: "log" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      "SMTP_URL is invalid: expected a URL such as smtp://user:password@host:587",
    );
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new ConfigError(
      `SMTP_URL is invalid: expected smtp:// or smtps://, got ${url.protocol}//`,
    );
  }
  if (!url.hostname) throw new ConfigError("SMTP_URL is invalid: it names no host");
  return { kind: "smtp", url: raw };
}

function from(env: Env, publicUrl: string): string {
  const raw = env.MAIL_FROM?.trim();
  if (!raw) return `Maillage <no-reply@${new URL(publicUrl).hostname}>`;
  // `address@host` or `Name <address@host>`, without line breaks (header injection).
  if (!/^([^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(raw)) {
    throw new ConfigError(
      `MAIL_FROM="${raw}" is invalid: expected an address or Name <address@host>`,
    );
  }
  return raw;
}

function seconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1) {
    throw new ConfigError(`${name}="${raw}" is invalid: expected a whole number from 1 to 99999`);
  }
  return Number(raw);
}

export function mailConfig(env: Env, nodeEnv: string, publicUrl: string): MailConfig {
  return {
    transport: transport(env, nodeEnv),
    from: from(env, publicUrl),
    pollSeconds: seconds(env, "MAIL_POLL_SECONDS", 30),
    maxAttempts: seconds(env, "MAIL_MAX_ATTEMPTS", 8),
  };
}
