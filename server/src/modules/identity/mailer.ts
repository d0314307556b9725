import type { AppLogger } from "../../logger";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** How e-mails leave Maillage; swapped for an SMTP transport in a real deployment. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The default transport writes the message to the log instead of sending it. It logs the
 * invitation link, a secret: acceptable on a development machine, not in production.
 */
export class LogMailer implements Mailer {
  constructor(private readonly logger: AppLogger) {}

  async send(message: MailMessage): Promise<void> {
    this.logger.info({ mail: message }, "e-mail not sent (log transport)");
  }
}
