// `npm run mail:catcher`: a local SMTP server that prints every message Maillage sends, for trying
// e-mail on a development machine. Start it, then start Maillage with
//   SMTP_URL=smtp://127.0.0.1:1025 npm start
// Nothing is relayed anywhere. Plain JavaScript on development dependencies (smtp-server,
// mailparser): it is never part of a production install.
const { SMTPServer } = require("smtp-server");
const { simpleParser } = require("mailparser");

const port = Number(process.env.MAIL_CATCHER_PORT || 1025);
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then(
      (mail) => {
        count++;
        const to = [mail.to]
          .flat()
          .map((a) => a?.text ?? "")
          .join(", ");
        process.stdout.write(
          `\n── message ${count} ─ ${new Date().toLocaleString("fr-FR")}\n` +
            `From:    ${mail.from?.text ?? ""}\nTo:      ${to}\nSubject: ${mail.subject ?? ""}\n\n` +
            `${(mail.text ?? "").trim()}\n`,
        );
        callback();
      },
      (error) => callback(error),
    );
  },
});

server.on("error", (error) => {
  process.stderr.write(`mail catcher: ${error.message}\n`);
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(
    `mail catcher listening on smtp://127.0.0.1:${port} — start Maillage with SMTP_URL=smtp://127.0.0.1:${port}\n`,
  );
});
process.on("SIGINT", () => server.close(() => process.exit(0)));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
