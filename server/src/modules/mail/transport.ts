import nodemailer from "nodemailer";
import type { AppLogger } from "../../logger";
import type { MailConfig } from "./mail.config";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** How e-mails leave Maillage. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A failure the SMTP server meant as final (5xx: unknown recipient, refused content…). */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** A short, single-line reason kept on the message for admins (never a stack). */
export function mailErrorReason(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const text = e.response ?? e.message ?? String(error);
  return [e.responseCode ?? e.code, text.replace(/\s+/g, " ").slice(0, 300)]
    .filter(Boolean)
    .join(" ");
}

/** nodemailer over one pooled SMTP connection, with timeouts so an unresponsive server cannot hold a batch. */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail({ from, ...mail });
    },
    close: () => transporter.close(),
  };
}

/**
 * Writes each message to the log instead of sending it (development). The log then holds the
 * links of invitations and password resets: acceptable on a development machine only.
 */
export function logTransport(logger: AppLogger): MailTransport {
  return {
    async send(mail) {
      logger.info(
        { mail: { to: mail.to, subject: mail.subject, text: mail.text } },
        "e-mail (log transport)",
      );
    },
    close: () => undefined,
  };
}

export function transportFor(config: MailConfig, logger: AppLogger): MailTransport {
  return config.transport.kind === "smtp"
    ? smtpTransport(config.transport.url, config.from)
    : logTransport(logger);
}
