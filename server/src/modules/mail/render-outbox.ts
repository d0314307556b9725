import type { ServiceCategory } from "../vocabulary/vocabulary.enums";
import {
  invitationMail,
  type Locale,
  passwordResetMail,
  receiverMail,
  type ReferrerEvent,
  referrerMail,
  type RenderedMail,
  digestMail,
} from "./templates";

interface ReferralPayload {
  referralId: string;
  need: ServiceCategory;
  declineReason: string | null;
  senderStructureId: string;
  receiverStructureId: string;
  senderName: string;
  receiverName: string;
  viaShared: boolean;
}

/** Writes an outbox row's message from its kind and facts, in the recipient's language. */
export function renderOutboxMail(
  kind: string,
  payload: Record<string, unknown>,
  locale: string,
  publicUrl: string,
): RenderedMail {
  const lang: Locale = locale === "en" ? "en" : "fr";
  if (kind.startsWith("referral.")) {
    const p = payload as unknown as ReferralPayload;
    const type = kind.slice("referral.".length);
    const toReceiver = type === "CREATED" || type === "REMINDER_DUE" || type === "CANCELLED";
    const facts = {
      publicUrl,
      referralId: p.referralId,
      need: p.need,
      senderName: p.senderName,
      receiverName: p.receiverName,
      boardStructureId: toReceiver ? p.receiverStructureId : p.senderStructureId,
      tab: toReceiver ? ("received" as const) : ("sent" as const),
    };
    return toReceiver
      ? receiverMail(type as "CREATED", facts, lang, p.viaShared)
      : referrerMail(
          type as ReferrerEvent,
          { ...facts, declineReason: p.declineReason },
          lang,
          p.viaShared,
        );
  }
  switch (kind) {
    case "invitation":
      return invitationMail(String(payload.link ?? ""), publicUrl, lang);
    case "password_reset":
      return passwordResetMail(String(payload.link ?? ""), publicUrl, lang);
    case "digest":
      return digestMail((payload.subjects as string[]) ?? [], publicUrl, lang);
    default:
      throw new Error(`no template for e-mail kind ${kind}`);
  }
}
