import { useMutation } from "@apollo/client/react";
import { useCallback, useState } from "react";
import { useFormDraft } from "@/shared/drafts/form-drafts";
import { useI18n } from "@/app/i18n/I18nProvider";
import { CreateReferralDocument, type Public, type ServiceCategory } from "@/gql/graphql";
import { useIdempotencyKey } from "@/shared/forms/useIdempotencyKey";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
import type { ResidentDraft } from "../components/ResidentContactFields";

/** The referral form: the resident's data (shared with the loan form) and the referral itself. */
export interface ReferralDraft extends ResidentDraft {
  senderStructureId: string;
  need: ServiceCategory | "";
  residentDistrict: string;
  publics: Public[];
  freeOnly: boolean;
  passNumerique: boolean;
  receiverStructureId: string;
  receiverOfferId: string;
  situation: string;
  consent: boolean;
}

export function emptyDraft(initial: Partial<ReferralDraft>): ReferralDraft {
  return {
    senderStructureId: "",
    need: "",
    residentDistrict: "",
    publics: [],
    freeOnly: false,
    passNumerique: false,
    receiverStructureId: "",
    receiverOfferId: "",
    firstName: "",
    lastName: "",
    contactChannel: "PHONE",
    contactValue: "",
    languages: "",
    accessibilityNeeds: [],
    situation: "",
    consent: false,
    ...initial,
  };
}

/** Checks made before asking the server (which checks everything again). */
export function localErrors(
  d: ReferralDraft,
  t: (k: "form.required" | "referral.consent.required") => string,
) {
  const errors: FieldErrorMap = {};
  if (!d.senderStructureId) errors.senderStructureId = t("form.required");
  if (!d.need) errors.need = t("form.required");
  if (!d.receiverStructureId) errors.receiverStructureId = t("form.required");
  if (!d.firstName.trim()) errors["resident.firstName"] = t("form.required");
  if (!d.contactValue.trim()) errors["resident.contactValue"] = t("form.required");
  if (!d.consent) errors["consent.given"] = t("referral.consent.required");
  return errors;
}

/** The draft, its errors (local, then the server's next to their fields) and the sending. */
export function useReferralForm(initial: Partial<ReferralDraft>, wordingVersion: string | null) {
  const { t, locale } = useI18n();
  // Kept if the session ends before it is sent, and given back after signing in again.
  const [draft, setDraft] = useFormDraft("referral:new", () => emptyDraft(initial));
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [create, { loading }] = useMutation(CreateReferralDocument);
  const submission = useIdempotencyKey();

  const change = useCallback(
    (patch: Partial<ReferralDraft>) => setDraft((d) => ({ ...d, ...patch })),
    [],
  );

  async function submit(): Promise<{ id: string } | null> {
    setProblem(null);
    const local = localErrors(draft, t);
    setErrors(local);
    if (Object.keys(local).length > 0 || !wordingVersion) return null;
    try {
      const input = {
        senderStructureId: draft.senderStructureId,
        receiverStructureId: draft.receiverStructureId,
        receiverOfferId: draft.receiverOfferId || null,
        need: draft.need as ServiceCategory,
        situation: draft.situation.trim() || null,
        consent: { given: draft.consent, wordingVersion },
        resident: {
          firstName: draft.firstName,
          lastName: draft.lastName.trim() || null,
          contactChannel: draft.contactChannel,
          contactValue: draft.contactValue,
          districtCode: draft.residentDistrict || null,
          languages: draft.languages
            .split(/[\s,;]+/)
            .map((l) => l.trim().toLowerCase())
            .filter(Boolean),
          accessibilityNeeds: draft.accessibilityNeeds,
        },
      };
      const { data } = await create({
        variables: { input, idempotencyKey: submission.keyFor(input) },
      });
      const result = data?.createReferral;
      if (result?.__typename === "Referral") {
        submission.done();
        return { id: result.id };
      }
      if (result?.__typename === "ValidationError") setErrors(fieldErrorMap(result.fields, locale));
      else setProblem(result?.message ?? t("common.error.hint"));
    } catch {
      setProblem(t("common.error.network"));
    }
    return null;
  }

  return { draft, change, errors, problem, submit, sending: loading };
}
