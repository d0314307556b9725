/**
 * The e-mails' words, in French and English, rendered to plain text and HTML. No message ever
 * carries a resident's data: what it is about, who sent it, and a link to the page concerned.
 */
import { categoryTerms } from "../vocabulary/vocabulary.terms";
import type { ServiceCategory } from "../vocabulary/vocabulary.enums";

export type Locale = "fr" | "en";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface Content {
  subject: string;
  paragraphs: string[];
  link?: { label: string; url: string };
  /** Why the person receives it and how to change that. */
  footer: string;
}

const APP = "Maillage";

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

function render(c: Content): RenderedMail {
  const text = [
    ...c.paragraphs,
    ...(c.link ? [`${c.link.label} : ${c.link.url}`] : []),
    "--",
    c.footer,
  ].join("\n\n");
  const html = [
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#1e1e1e">`,
    `<p style="font-weight:bold">${APP}</p>`,
    ...c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(c.link
      ? [`<p><a href="${escapeHtml(c.link.url)}">${escapeHtml(c.link.label)}</a></p>`]
      : []),
    `<hr><p style="font-size:small;color:#555">${escapeHtml(c.footer)}</p>`,
    `</body></html>`,
  ].join("\n");
  return { subject: `[${APP}] ${c.subject}`, text, html };
}

const needLabel = (need: ServiceCategory, locale: Locale) => categoryTerms[need]?.[locale] ?? need;

const settingsFooter = (publicUrl: string, locale: Locale, why: string) =>
  locale === "en"
    ? `${why} To choose which e-mails you receive: ${publicUrl}/parametres`
    : `${why} Pour choisir les e-mails que vous recevez : ${publicUrl}/parametres`;

export interface ReferralMailFacts {
  publicUrl: string;
  referralId: string;
  need: ServiceCategory;
  senderName: string;
  receiverName: string;
  /** The structure whose board the link opens, and on which tab. */
  boardStructureId: string;
  tab: "received" | "sent";
}

const boardLink = (f: ReferralMailFacts, locale: Locale) => ({
  label: locale === "en" ? "Open the referral board" : "Ouvrir le tableau des orientations",
  url: `${f.publicUrl}/tableau?structure=${f.boardStructureId}&tab=${f.tab}`,
});

/** To the receiving structure: a new referral, a reminder, a cancellation. */
export function receiverMail(
  kind: "CREATED" | "REMINDER_DUE" | "CANCELLED",
  f: ReferralMailFacts,
  locale: Locale,
  viaSharedAddress: boolean,
): RenderedMail {
  const need = needLabel(f.need, locale);
  const why = viaSharedAddress
    ? locale === "en"
      ? `You receive this e-mail because it is the notification address of ${f.receiverName}.`
      : `Vous recevez cet e-mail parce qu'il s'agit de l'adresse de notification de ${f.receiverName}.`
    : locale === "en"
      ? `You receive this e-mail as a member of ${f.receiverName}.`
      : `Vous recevez cet e-mail en tant que membre de ${f.receiverName}.`;
  const en = {
    CREATED: {
      subject: `New referral: ${need}`,
      body: `${f.senderName} has referred a resident to ${f.receiverName} for: ${need}. Open the board to see the details and answer.`,
    },
    REMINDER_DUE: {
      subject: `A referral is waiting for your answer: ${need}`,
      body: `A referral from ${f.senderName} to ${f.receiverName} (${need}) has not been answered yet. Please accept or decline it on the board.`,
    },
    CANCELLED: {
      subject: `Referral cancelled: ${need}`,
      body: `${f.senderName} has cancelled its referral to ${f.receiverName} (${need}).`,
    },
  };
  const fr = {
    CREATED: {
      subject: `Nouvelle orientation : ${need}`,
      body: `${f.senderName} a orienté un·e habitant·e vers ${f.receiverName} pour : ${need}. Ouvrez le tableau pour voir le détail et répondre.`,
    },
    REMINDER_DUE: {
      subject: `Une orientation attend votre réponse : ${need}`,
      body: `Une orientation de ${f.senderName} vers ${f.receiverName} (${need}) n'a pas encore reçu de réponse. Merci de l'accepter ou de la refuser sur le tableau.`,
    },
    CANCELLED: {
      subject: `Orientation annulée : ${need}`,
      body: `${f.senderName} a annulé son orientation vers ${f.receiverName} (${need}).`,
    },
  };
  const words = (locale === "en" ? en : fr)[kind];
  return render({
    subject: words.subject,
    paragraphs: [words.body],
    link: boardLink(f, locale),
    footer: settingsFooter(f.publicUrl, locale, why),
  });
}

export type ReferrerEvent = "ACCEPTED" | "DECLINED" | "COMPLETED" | "NO_SHOW" | "EXPIRED";

const DECLINE_REASONS: Record<string, TermPair> = {
  NO_CAPACITY: { fr: "plus de place pour le moment", en: "no capacity at the moment" },
  NOT_THE_RIGHT_SERVICE: { fr: "ce n'est pas le bon service", en: "not the right service" },
  RESIDENT_UNREACHABLE: { fr: "habitant·e injoignable", en: "resident unreachable" },
  OTHER: { fr: "autre raison", en: "another reason" },
};
type TermPair = { fr: string; en: string };

/** To the person who referred (or the sending structure's address): the answer and the outcome. */
export function referrerMail(
  kind: ReferrerEvent,
  // The decline's free-text comment is never sent: it may name the resident.
  f: ReferralMailFacts & { declineReason?: string | null },
  locale: Locale,
  viaSharedAddress: boolean,
): RenderedMail {
  const need = needLabel(f.need, locale);
  const reason = f.declineReason ? DECLINE_REASONS[f.declineReason]?.[locale] : undefined;
  const why = viaSharedAddress
    ? locale === "en"
      ? `You receive this e-mail because it is the notification address of ${f.senderName}.`
      : `Vous recevez cet e-mail parce qu'il s'agit de l'adresse de notification de ${f.senderName}.`
    : locale === "en"
      ? "You receive this e-mail because you made this referral."
      : "Vous recevez cet e-mail parce que vous avez fait cette orientation.";
  const fr: Record<ReferrerEvent, [string, string]> = {
    ACCEPTED: [
      `Orientation acceptée : ${need}`,
      `${f.receiverName} a accepté votre orientation (${need}) et va contacter l'habitant·e.`,
    ],
    DECLINED: [
      `Orientation refusée : ${need}`,
      `${f.receiverName} a refusé votre orientation (${need})${reason ? ` : ${reason}` : ""}. Vous pouvez orienter l'habitant·e vers une autre structure.`,
    ],
    COMPLETED: [
      `Accompagnement terminé : ${need}`,
      `${f.receiverName} a terminé l'accompagnement de votre orientation (${need}).`,
    ],
    NO_SHOW: [
      `Rendez-vous manqué : ${need}`,
      `L'habitant·e ne s'est pas présenté·e chez ${f.receiverName} (${need}).`,
    ],
    EXPIRED: [
      `Orientation expirée : ${need}`,
      `Votre orientation vers ${f.receiverName} (${need}) a expiré sans réponse. Vous pouvez orienter l'habitant·e vers une autre structure.`,
    ],
  };
  const en: Record<ReferrerEvent, [string, string]> = {
    ACCEPTED: [
      `Referral accepted: ${need}`,
      `${f.receiverName} accepted your referral (${need}) and will contact the resident.`,
    ],
    DECLINED: [
      `Referral declined: ${need}`,
      `${f.receiverName} declined your referral (${need})${reason ? `: ${reason}` : ""}. You can refer the resident to another structure.`,
    ],
    COMPLETED: [
      `Support completed: ${need}`,
      `${f.receiverName} has completed the support of your referral (${need}).`,
    ],
    NO_SHOW: [
      `Missed appointment: ${need}`,
      `The resident did not come to ${f.receiverName} (${need}).`,
    ],
    EXPIRED: [
      `Referral expired: ${need}`,
      `Your referral to ${f.receiverName} (${need}) expired without an answer. You can refer the resident to another structure.`,
    ],
  };
  const [subject, body] = (locale === "en" ? en : fr)[kind];
  return render({
    subject,
    paragraphs: [body],
    link: boardLink(f, locale),
    footer: settingsFooter(f.publicUrl, locale, why),
  });
}

export function invitationMail(link: string, publicUrl: string, locale: Locale): RenderedMail {
  return locale === "en"
    ? render({
        subject: "Invitation to join Maillage",
        paragraphs: [
          "You are invited to join Maillage, the coordination platform of the digital-inclusion network. The link is valid for 7 days and works once.",
        ],
        link: { label: "Accept the invitation", url: link },
        footer: `You receive this e-mail because someone invited this address on ${publicUrl}. If you did not expect it, ignore it.`,
      })
    : render({
        subject: "Invitation à rejoindre Maillage",
        paragraphs: [
          "Vous êtes invité·e à rejoindre Maillage, la plateforme de coordination du réseau de l'inclusion numérique. Ce lien est valable 7 jours et ne sert qu'une fois.",
        ],
        link: { label: "Accepter l'invitation", url: link },
        footer: `Vous recevez cet e-mail parce que quelqu'un a invité cette adresse sur ${publicUrl}. Si vous ne l'attendiez pas, ignorez-le.`,
      });
}

export function passwordResetMail(link: string, publicUrl: string, locale: Locale): RenderedMail {
  return locale === "en"
    ? render({
        subject: "Choose a new password",
        paragraphs: [
          "Someone asked to reset the password of your Maillage account. The link is valid for 1 hour and works once.",
        ],
        link: { label: "Choose a new password", url: link },
        footer: `You receive this e-mail because a reset was requested for this address on ${publicUrl}. If it was not you, ignore it: your password stays as it is.`,
      })
    : render({
        subject: "Choisir un nouveau mot de passe",
        paragraphs: [
          "Une réinitialisation du mot de passe de votre compte Maillage a été demandée. Ce lien est valable 1 heure et ne sert qu'une fois.",
        ],
        link: { label: "Choisir un nouveau mot de passe", url: link },
        footer: `Vous recevez cet e-mail parce qu'une réinitialisation a été demandée pour cette adresse sur ${publicUrl}. Si ce n'était pas vous, ignorez-le : votre mot de passe ne change pas.`,
      });
}

/** One e-mail for the day's notifications of an account that chose the daily digest. */
export function digestMail(subjects: string[], publicUrl: string, locale: Locale): RenderedMail {
  const items = subjects.map((s) => `• ${s.replace(/^\[Maillage\] /, "")}`);
  return render({
    subject:
      locale === "en"
        ? `Your daily summary: ${subjects.length} notification(s)`
        : `Votre récapitulatif du jour : ${subjects.length} notification(s)`,
    paragraphs: [
      locale === "en" ? "Since your last summary:" : "Depuis votre dernier récapitulatif :",
      ...items,
    ],
    link: {
      label: locale === "en" ? "Open Maillage" : "Ouvrir Maillage",
      url: `${publicUrl}/tableau`,
    },
    footer: settingsFooter(
      publicUrl,
      locale,
      locale === "en"
        ? "You receive this summary because you chose one e-mail a day."
        : "Vous recevez ce récapitulatif parce que vous avez choisi un e-mail par jour.",
    ),
  });
}
