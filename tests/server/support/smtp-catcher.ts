/**
 * A real SMTP server in the test process (the `smtp-server` package): it receives what Maillage
 * sends and parses it (mailparser). It can refuse an address (550), refuse everything (554),
 * turn every connection away (421, keeping its port), or be stopped and started again on the
 * same port, to test the outbox's faults.
 */
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export interface SmtpCatcher {
  url: string;
  mails: CaughtMail[];
  /** Addresses answered `550 mailbox unavailable`. */
  refused: Set<string>;
  /** When set, every message is answered with this 5xx code. */
  rejectAll: number | null;
  /** When true, every connection is turned away at once with `421 service not available`. */
  unavailable: boolean;
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  let server: SMTPServer | null = null;
  let port = 0;
  const catcher: SmtpCatcher = {
    url: "",
    mails: [],
    refused: new Set(),
    rejectAll: null,
    unavailable: false,
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS"],
        logger: false,
        // Open connections (the app keeps a pooled one) are cut at once when stopped.
        closeTimeout: 200,
        onConnect(_session, callback) {
          if (catcher.unavailable) return callback(smtpError(421, "4.3.2 service not available"));
          callback();
        },
        onRcptTo(address, _session, callback) {
          if (catcher.refused.has(address.address.toLowerCase()))
            return callback(smtpError(550, "5.1.1 mailbox unavailable"));
          callback();
        },
        onData(stream, _session, callback) {
          simpleParser(stream).then(
            (parsed) => {
              if (catcher.rejectAll) {
                callback(smtpError(catcher.rejectAll, "5.7.1 message refused"));
                return;
              }
              const to = Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : [];
              catcher.mails.push({
                to: to.flatMap((a) => a.value.map((v) => v.address ?? "")),
                from: parsed.from?.text ?? "",
                subject: parsed.subject ?? "",
                text: parsed.text ?? "",
                html: typeof parsed.html === "string" ? parsed.html : "",
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        },
      });
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", () => resolve()));
      port = (server.server.address() as AddressInfo).port;
      catcher.url = `smtp://127.0.0.1:${port}`;
    },
    async stop() {
      const s = server;
      server = null;
      await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
    },
  };
  await catcher.start();
  return catcher;
}
