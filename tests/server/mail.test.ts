/**
 * E-mail through a real SMTP server (smtp-server in this process): what the outbox sends, to
 * whom, and what it does when the server is down, refuses everything, or refuses one address.
 */
import { loadConfig } from "../../server/src/config";
import { composeDigests } from "../../server/src/modules/mail/digest";
import { sendDueMail } from "../../server/src/modules/mail/outbox-sender";
import { smtpTransport } from "../../server/src/modules/mail/transport";
import { expireReferrals, flagReminders } from "../../server/src/modules/referral/referral.jobs";
import { demoStructureId, loginAs } from "./support/identity";
import { settle, waitFor } from "./support/live";
import { act, CREATE, referralInput } from "./support/referrals";
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher } from "./support/smtp-catcher";
import { startTestApp, type TestApp } from "./support/test-app";

const FROM = "Maillage <no-reply@maillage.test>";
const RECEIVER_MEMBERS = ["direction@ccas.maillage.test", "mediation@ccas.maillage.test"];
const RESIDENT_DATA = ["Amina", "06 12 34 56 78", "dossier en ligne", "B."];

let smtp: SmtpCatcher;
let t: TestApp;
let as: Record<string, string>;
let sender: string;
let receiver: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({
    env: { MAIL_POLL_SECONDS: "1" },
    app: { mailTransport: smtpTransport(smtp.url, FROM) },
  });
  as = {
    benevole: await loginAs(t, "benevole@recup-ordi.maillage.test"),
    direction: await loginAs(t, "direction@ccas.maillage.test"),
    mediation: await loginAs(t, "mediation@ccas.maillage.test"),
    admin: await loginAs(t, "admin@maillage.test"),
  };
  sender = await demoStructureId(t, "recup-ordi-44");
  receiver = await demoStructureId(t, "ccas-espace-public-numerique");
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

const ds = () => t.database.db.dataSource;
const transport = () => smtpTransport(smtp.url, FROM);
const inAnHour = () => new Date(Date.now() + 3600_000);

async function refer(overrides: Record<string, unknown> = {}) {
  const res = await t.gql(
    CREATE,
    { input: referralInput(sender, receiver, "ADMINISTRATIVE_PROCEDURES", overrides) },
    { cookie: as.benevole },
  );
  const referral = res.data!.createReferral;
  expect(referral.__typename).toBe("Referral");
  return referral as { id: string; version: number };
}

/** The mails that arrived after `from`, once `count` have (and a moment more for extras). */
async function arrivals(from: number, count: number, what = "e-mails"): Promise<CaughtMail[]> {
  await waitFor(() => smtp.mails.length >= from + count, 10_000, what);
  await settle(700);
  return smtp.mails.slice(from);
}

const recipients = (mails: CaughtMail[]) => mails.flatMap((m) => m.to).sort();

async function outboxRows(referralId: string) {
  return ds().query(
    `SELECT recipient, state, attempts, last_error FROM outbox
      WHERE payload->>'referralId' = $1 ORDER BY recipient`,
    [referralId],
  );
}

describe("a new referral", () => {
  it("e-mails each member of the receiving structure once, nobody else, with no resident data", async () => {
    const before = smtp.mails.length;
    await refer();
    const mails = await arrivals(before, 2, "the new-referral e-mails");
    expect(recipients(mails)).toEqual(RECEIVER_MEMBERS);
    for (const mail of mails) {
      expect(mail.from).toBe('"Maillage" <no-reply@maillage.test>');
      expect(mail.subject).toBe(
        "[Maillage] Nouvelle orientation : Aide aux démarches administratives",
      );
      expect(mail.text).toContain(
        `http://localhost:4000/tableau?structure=${receiver}&tab=received`,
      );
      expect(mail.html).toContain(
        `href="http://localhost:4000/tableau?structure=${receiver}&amp;tab=received"`,
      );
      expect(mail.text).toMatch(/en tant que membre de .*\/parametres/s);
      for (const secret of RESIDENT_DATA) {
        expect(mail.subject + mail.text + mail.html).not.toContain(secret);
      }
    }
  });
});

describe("answers and outcomes", () => {
  it("e-mails the referrer when the referral is accepted, declined (with the reason), completed", async () => {
    const accepted = await refer();
    const declined = await refer();
    await settle(1500);
    const before = smtp.mails.length;
    const a = await act(t, "accept", accepted.id, accepted.version, { cookie: as.mediation });
    expect(a.value?.__typename).toBe("Referral");
    await act(
      t,
      "decline",
      declined.id,
      declined.version,
      { cookie: as.mediation },
      {
        reason: "NO_CAPACITY",
        comment: "Amina rappellera lundi",
      },
    );
    await act(
      t,
      "complete",
      accepted.id,
      a.value!.version,
      { cookie: as.mediation },
      {
        outcome: "NEED_MET",
      },
    );
    const mails = await arrivals(before, 3, "the referrer's e-mails");
    expect(recipients(mails)).toEqual(Array(3).fill("benevole@recup-ordi.maillage.test"));
    const subjects = mails.map((m) => m.subject).sort();
    expect(subjects).toEqual([
      "[Maillage] Accompagnement terminé : Aide aux démarches administratives",
      "[Maillage] Orientation acceptée : Aide aux démarches administratives",
      "[Maillage] Orientation refusée : Aide aux démarches administratives",
    ]);
    const decline = mails.find((m) => m.subject.includes("refusée"))!;
    expect(decline.text).toContain("plus de place pour le moment");
    // The free-text comment may name the resident: it never leaves in an e-mail.
    expect(decline.text + decline.html).not.toContain("Amina");
    expect(decline.text).toContain(`tableau?structure=${sender}&tab=sent`);
  });
});

describe("no-show and expiry", () => {
  it("tell the referrer that the resident did not come, and that a referral expired unanswered", async () => {
    const missed = await refer();
    await settle(1500);
    const accepted = await act(t, "accept", missed.id, missed.version, { cookie: as.mediation });
    await settle(1500);
    const before = smtp.mails.length;
    await act(t, "noShow", missed.id, accepted.value!.version, { cookie: as.mediation });
    const [noShow] = await arrivals(before, 1, "the no-show e-mail");
    expect(noShow.to).toEqual(["benevole@recup-ordi.maillage.test"]);
    expect(noShow.subject).toBe(
      "[Maillage] Rendez-vous manqué : Aide aux démarches administratives",
    );

    const next = smtp.mails.length;
    const expired = await expireReferrals(ds(), new Date(Date.now() + 16 * 24 * 3600_000));
    expect(expired).toBeGreaterThanOrEqual(1);
    const mails = await arrivals(next, expired, "the expiry e-mails");
    expect(mails.every((m) => m.subject.startsWith("[Maillage] Orientation expirée"))).toBe(true);
    expect(recipients(mails)).toEqual(Array(expired).fill("benevole@recup-ordi.maillage.test"));
  });
});

describe("reminders", () => {
  it("sends one reminder per member, never two when the job runs twice or on two instances at once", async () => {
    const pending = await refer();
    await settle(1500);
    const before = smtp.mails.length;
    const in8days = new Date(Date.now() + 8 * 24 * 3600_000);
    const runs = await Promise.all([flagReminders(ds(), in8days), flagReminders(ds(), in8days)]);
    expect(await flagReminders(ds(), in8days)).toBe(0);
    // Every referral still pending is due (those of the tests above too): one reminder each.
    const flagged = runs[0] + runs[1];
    expect(flagged).toBeGreaterThanOrEqual(1);
    const mails = await arrivals(before, 2 * flagged, "the reminders");
    const reminders = mails.filter((m) => m.subject.includes("attend votre réponse"));
    expect(reminders).toHaveLength(mails.length);
    expect(recipients(reminders)).toEqual(
      RECEIVER_MEMBERS.flatMap((member) => Array(flagged).fill(member)),
    );
    const rows = await ds().query(
      `SELECT count(*)::int AS n FROM outbox WHERE kind = 'referral.REMINDER_DUE' AND payload->>'referralId' = $1`,
      [pending.id],
    );
    expect(rows[0].n).toBe(2);
  });
});

describe("faults", () => {
  it("an SMTP server down: the referral succeeds, the e-mails arrive once it is back, exactly once", async () => {
    await smtp.stop();
    const referral = await refer();
    await settle(2000);
    const waiting = await outboxRows(referral.id);
    expect(waiting.map((r: { state: string }) => r.state)).toEqual(["PENDING", "PENDING"]);
    expect(waiting.some((r: { attempts: number }) => r.attempts >= 1)).toBe(true);
    expect(waiting.find((r: { last_error: string | null }) => r.last_error)?.last_error).toMatch(
      /ECONNREFUSED|ESOCKET|ECONNECTION/,
    );
    await smtp.start();
    const before = smtp.mails.length;
    // The back-off is 30 s: look as if it had passed, and run two senders at once.
    await Promise.all([
      sendDueMail(ds(), transport(), t.config.mail, t.config.publicUrl, inAnHour),
      sendDueMail(ds(), transport(), t.config.mail, t.config.publicUrl, inAnHour),
    ]);
    const mails = await arrivals(before, 2, "the delayed e-mails");
    expect(recipients(mails)).toEqual(RECEIVER_MEMBERS);
    expect((await outboxRows(referral.id)).map((r: { state: string }) => r.state)).toEqual([
      "SENT",
      "SENT",
    ]);
  });

  it("a server that refuses everything (5xx): the rows end FAILED with the reason, shown to admins, retryable", async () => {
    smtp.rejectAll = 554;
    const referral = await refer();
    let rows: { state: string; last_error: string }[] = [];
    for (
      let i = 0;
      i < 50 && !(rows.length === 2 && rows.every((r) => r.state === "FAILED"));
      i++
    ) {
      await settle(100);
      rows = await outboxRows(referral.id);
    }
    expect(rows.map((r) => r.state)).toEqual(["FAILED", "FAILED"]);
    expect(rows[0].last_error).toMatch(/^554 .*refused/);
    smtp.rejectAll = null;

    const OUTBOX = `{ outbox { counts { state count } failed { id recipient subject state attempts lastError } } }`;
    const seen = await t.gql(OUTBOX, {}, { cookie: as.admin });
    const failed = seen.data!.outbox.failed.filter((m: { recipient: string }) =>
      RECEIVER_MEMBERS.includes(m.recipient),
    );
    expect(failed[0]).toMatchObject({ state: "FAILED", attempts: 1 });
    expect(failed[0].lastError).toMatch(/^554/);
    expect(seen.data!.outbox.counts).toEqual(
      expect.arrayContaining([expect.objectContaining({ state: "FAILED" })]),
    );
    expect((await t.gql(OUTBOX, {}, { cookie: as.direction })).errors?.[0].extensions?.code).toBe(
      "FORBIDDEN",
    );
    expect((await t.gql(OUTBOX, {})).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");

    const before = smtp.mails.length;
    const RETRY = `mutation($id: ID!) { retryOutboxMessage(id: $id) { __typename ... on OutboxMessage { state } ... on ErrorResult { errorCode } } }`;
    const retried = await t.gql(RETRY, { id: failed[0].id }, { cookie: as.admin });
    expect(retried.data!.retryOutboxMessage).toEqual({
      __typename: "OutboxMessage",
      state: "PENDING",
    });
    expect(
      (await t.gql(RETRY, { id: failed[0].id }, { cookie: as.direction })).errors?.[0].extensions
        ?.code,
    ).toBe("FORBIDDEN");
    const mails = await arrivals(before, 1, "the retried e-mail");
    expect(recipients(mails)).toEqual([failed[0].recipient]);
    const again = await t.gql(RETRY, { id: failed[0].id }, { cookie: as.admin });
    expect(again.data!.retryOutboxMessage.errorCode).toBe("NOT_FOUND");
  });

  it("an address the server refuses fails alone and never blocks the others", async () => {
    smtp.refused.add("direction@ccas.maillage.test");
    const before = smtp.mails.length;
    const referral = await refer();
    const mails = await arrivals(before, 1, "the e-mail to the other member");
    smtp.refused.clear();
    expect(recipients(mails)).toEqual(["mediation@ccas.maillage.test"]);
    let rows: { recipient: string; state: string; last_error: string | null }[] = [];
    for (let i = 0; i < 50; i++) {
      rows = await outboxRows(referral.id);
      if (rows.every((r) => r.state !== "PENDING")) break;
      await settle(100);
    }
    expect(rows.map((r) => [r.recipient, r.state])).toEqual([
      ["direction@ccas.maillage.test", "FAILED"],
      ["mediation@ccas.maillage.test", "SENT"],
    ]);
    expect(rows[0].last_error).toMatch(/^550 /);
  });
});

describe("each person's choice", () => {
  const SETTINGS = `mutation($mode: NotificationMode!, $locale: MailLocale) {
    updateNotificationSettings(mode: $mode, locale: $locale) { mode locale } }`;

  afterAll(async () => {
    await t.gql(SETTINGS, { mode: "EACH_EVENT", locale: "FR" }, { cookie: as.direction });
    await t.gql(SETTINGS, { mode: "EACH_EVENT", locale: "FR" }, { cookie: as.mediation });
  });

  it("none, a daily digest (once a day), or each event in English", async () => {
    const none = await t.gql(SETTINGS, { mode: "NONE" }, { cookie: as.direction });
    expect(none.data!.updateNotificationSettings).toEqual({ mode: "NONE", locale: "FR" });
    await t.gql(SETTINGS, { mode: "DAILY_DIGEST", locale: "EN" }, { cookie: as.mediation });
    const before = smtp.mails.length;
    await refer();
    await refer();
    await settle(1500);
    expect(smtp.mails.length).toBe(before);

    // 07:00 in Paris: too early; 09:00: one digest with both, then nothing more that day.
    const seven = new Date("2026-12-08T06:00:00Z");
    const nine = new Date("2026-12-08T08:00:00Z");
    expect(await composeDigests(ds(), t.config.publicUrl, seven)).toBe(0);
    expect(await composeDigests(ds(), t.config.publicUrl, nine)).toBe(1);
    await refer();
    await settle(500);
    expect(await composeDigests(ds(), t.config.publicUrl, nine)).toBe(0);
    const [digest] = await arrivals(before, 1, "the digest");
    expect(digest.to).toEqual(["mediation@ccas.maillage.test"]);
    expect(digest.subject).toBe("[Maillage] Your daily summary: 2 notification(s)");
    expect(digest.text.match(/• New referral: Help with administrative procedures/g)).toHaveLength(
      2,
    );

    await t.gql(SETTINGS, { mode: "EACH_EVENT" }, { cookie: as.mediation });
    const next = smtp.mails.length;
    await refer();
    const [english] = await arrivals(next, 1, "the English e-mail");
    expect(english.subject).toBe("[Maillage] New referral: Help with administrative procedures");
    expect(english.text).toContain("To choose which e-mails you receive");
  });

  it("refuses the settings to a caller who is not signed in", async () => {
    const res = await t.gql(SETTINGS, { mode: "NONE" });
    expect(res.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("a structure's notification address", () => {
  const SET = `mutation($s: ID!, $e: String) { setStructureNotificationEmail(structureId: $s, email: $e) {
    __typename ... on Structure { notificationEmail } ... on ValidationError { fields { path code } } } }`;
  const READ = `query($id: ID!) { structure(id: $id) { notificationEmail } }`;

  afterAll(() => t.gql(SET, { s: receiver, e: null }, { cookie: as.direction }));

  it("is set by a manager, refused to staff, seen by members only, and receives the structure's e-mails", async () => {
    const staff = await t.gql(
      SET,
      { s: receiver, e: "accueil@ccas.test" },
      { cookie: as.mediation },
    );
    expect(staff.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const bad = await t.gql(SET, { s: receiver, e: "pas une adresse" }, { cookie: as.direction });
    expect(bad.data!.setStructureNotificationEmail.__typename).toBe("ValidationError");
    const set = await t.gql(SET, { s: receiver, e: "accueil@ccas.test" }, { cookie: as.direction });
    expect(set.data!.setStructureNotificationEmail.notificationEmail).toBe("accueil@ccas.test");
    expect(
      (await t.gql(READ, { id: receiver }, { cookie: as.mediation })).data!.structure
        .notificationEmail,
    ).toBe("accueil@ccas.test");
    expect(
      (await t.gql(READ, { id: receiver }, { cookie: as.benevole })).data!.structure
        .notificationEmail,
    ).toBeNull();
    expect((await t.gql(READ, { id: receiver })).data!.structure.notificationEmail).toBeNull();

    const before = smtp.mails.length;
    await refer();
    const mails = await arrivals(before, 3, "the e-mails with the shared address");
    expect(recipients(mails)).toEqual(["accueil@ccas.test", ...RECEIVER_MEMBERS]);
    const shared = mails.find((m) => m.to[0] === "accueil@ccas.test")!;
    expect(shared.text).toContain("adresse de notification");
  });
});

describe("invitations and password resets", () => {
  it("e-mails the invitation link, and keeps no link in the outbox once sent", async () => {
    const before = smtp.mails.length;
    const res = await t.gql(
      `mutation($input: InviteUserInput!) { inviteUser(input: $input) { __typename ... on InvitationCreated { link } } }`,
      { input: { email: "nouvelle.mediatrice@example.org", structureId: receiver, role: "STAFF" } },
      { cookie: as.direction },
    );
    const link = res.data!.inviteUser.link as string;
    const [mail] = await arrivals(before, 1, "the invitation");
    expect(mail.to).toEqual(["nouvelle.mediatrice@example.org"]);
    expect(mail.text).toContain(link);
    const [row] = await ds().query(
      `SELECT state, payload FROM outbox WHERE kind = 'invitation' AND recipient = $1`,
      ["nouvelle.mediatrice@example.org"],
    );
    expect(row.state).toBe("SENT");
    expect(JSON.stringify(row.payload)).not.toContain(link.split("/").at(-1));
  });

  const REQUEST = `mutation($e: String!) { requestPasswordReset(email: $e) { __typename
    ... on PasswordResetRequested { message } ... on TooManyAttemptsError { retryAfterSeconds } } }`;
  const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) { __typename
    ... on ErrorResult { errorCode } ... on ValidationError { fields { path code } } } }`;

  it("answers the same for a known and an unknown address, and e-mails only the known one", async () => {
    const before = smtp.mails.length;
    const known = await t.gql(REQUEST, { e: "Benevole@recup-ordi.maillage.test" });
    const unknown = await t.gql(REQUEST, { e: "personne@example.org" });
    expect(known.data).toEqual(unknown.data);
    const [mail] = await arrivals(before, 1, "the reset e-mail");
    expect(mail.to).toEqual(["benevole@recup-ordi.maillage.test"]);
    const token = /\/mot-de-passe\/([\w-]+)/.exec(mail.text)![1];

    const short = await t.gql(RESET, { t: token, p: "court" });
    expect(short.data!.resetPassword.__typename).toBe("ValidationError");
    const done = await t.gql(RESET, { t: token, p: "un nouveau mot de passe solide" });
    expect(done.data!.resetPassword.__typename).toBe("PasswordResetDone");
    // Signed out everywhere: the old session no longer works.
    const me = await t.gql(`{ viewer { kind } }`, {}, { cookie: as.benevole });
    expect(me.data!.viewer).toBeNull();
    as.benevole = await loginAs(
      t,
      "benevole@recup-ordi.maillage.test",
      "un nouveau mot de passe solide",
    );
    const replay = await t.gql(RESET, { t: token, p: "encore un autre mot de passe" });
    expect(replay.data!.resetPassword.errorCode).toBe("INVALID_RESET_LINK");
  });

  it("limits requests per address, known or not, the same way", async () => {
    for (const address of ["mediation@ccas.maillage.test", "inconnue@example.org"]) {
      const answers = [];
      for (let i = 0; i < 4; i++)
        answers.push((await t.gql(REQUEST, { e: address })).data!.requestPasswordReset.__typename);
      expect(answers).toEqual([
        "PasswordResetRequested",
        "PasswordResetRequested",
        "PasswordResetRequested",
        "TooManyAttemptsError",
      ]);
    }
  });
});

describe("configuration", () => {
  it("refuses an invalid SMTP_URL or none in production, with one line", () => {
    expect(() => loadConfig({ SMTP_URL: "http://mail.example.org" })).toThrow(
      "SMTP_URL is invalid: expected smtp:// or smtps://, got http://",
    );
    expect(() => loadConfig({ SMTP_URL: "pas une url" })).toThrow(/^SMTP_URL is invalid/);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(
      /^SMTP_URL is required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ MAIL_FROM: "a@b\r\nBcc: x@y" })).toThrow(/^MAIL_FROM=/);
    expect(
      loadConfig({ NODE_ENV: "production", SMTP_URL: "smtps://u:p@smtp.example.org:465" }).mail
        .transport,
    ).toEqual({
      kind: "smtp",
      url: "smtps://u:p@smtp.example.org:465",
    });
  });
});
