import { useMutation } from "@apollo/client/react";
import { useCallback, useState } from "react";
import { useFormDraft } from "@/shared/drafts/form-drafts";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  type ContactChannel,
  CreateAllocationDocument,
  type SchoolNetwork,
  type SpecificSupport,
} from "@/gql/graphql";
import { useIdempotencyKey } from "@/shared/forms/useIdempotencyKey";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
import type { FoundHousehold } from "../components/HouseholdLookup";
import { type CharterDraft, charterErrors, charterInput, emptyCharter } from "./charter";

export interface AllocationDraft {
  deviceId: string;
  waveId: string;
  householdMode: "new" | "existing";
  householdReference: string;
  household: FoundHousehold | null;
  firstName: string;
  lastName: string;
  contactChannel: ContactChannel;
  contactValue: string;
  districtCode: string;
  languages: string;
  accessibilityNeeds: SpecificSupport[];
  schoolName: string;
  schoolNetwork: SchoolNetwork | "";
  consent: boolean;
  charterSigned: boolean;
  charter: CharterDraft;
}

export function emptyAllocationDraft(): AllocationDraft {
  return {
    deviceId: "",
    waveId: "",
    householdMode: "new",
    householdReference: "",
    household: null,
    firstName: "",
    lastName: "",
    contactChannel: "PHONE",
    contactValue: "",
    districtCode: "",
    languages: "",
    accessibilityNeeds: [],
    schoolName: "",
    schoolNetwork: "",
    consent: false,
    charterSigned: false,
    charter: emptyCharter(),
  };
}

type Messages = (
  k: "form.required" | "programme.consent.required" | "programme.household.searchFirst",
) => string;

/** Checks made before asking the server (which checks everything again). */
export function allocationLocalErrors(d: AllocationDraft, t: Messages): FieldErrorMap {
  const required = t("form.required");
  const errors: FieldErrorMap = {};
  if (!d.deviceId) errors.deviceId = required;
  if (!d.waveId) errors.waveId = required;
  if (d.householdMode === "existing" && !d.household)
    errors.householdId = t("programme.household.searchFirst");
  if (!d.firstName.trim()) errors["resident.firstName"] = required;
  if (!d.contactValue.trim()) errors["resident.contactValue"] = required;
  if (!d.districtCode) errors["resident.districtCode"] = required;
  if (!d.schoolNetwork) errors.schoolNetwork = required;
  if (!d.consent) errors["consent.given"] = t("programme.consent.required");
  if (d.charterSigned) Object.assign(errors, charterErrors(d.charter, "charter.", required));
  return errors;
}

/** A new loan: the draft, its errors (local, then the server's next to their fields), sending. */
export function useAllocationForm(structureId: string, wordingVersion: string | null) {
  const { t, locale } = useI18n();
  // Kept if the session ends before it is sent, and given back after signing in again.
  const [draft, setDraft] = useFormDraft("allocation:new", emptyAllocationDraft);
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [create, { loading }] = useMutation(CreateAllocationDocument);
  const submission = useIdempotencyKey();

  const change = useCallback(
    (patch: Partial<AllocationDraft>) => setDraft((d) => ({ ...d, ...patch })),
    [],
  );

  async function submit(): Promise<{ id: string; reference: string } | null> {
    setProblem(null);
    const local = allocationLocalErrors(draft, t);
    setErrors(local);
    if (Object.keys(local).length > 0 || !wordingVersion || !structureId) return null;
    try {
      const input = {
        accompanyingStructureId: structureId,
        deviceId: draft.deviceId,
        waveId: draft.waveId,
        householdId: draft.householdMode === "existing" ? draft.household?.id : null,
        schoolName: draft.schoolName.trim() || null,
        schoolNetwork: draft.schoolNetwork as SchoolNetwork,
        consent: { given: draft.consent, wordingVersion },
        charter: draft.charterSigned ? charterInput(draft.charter) : null,
        resident: {
          firstName: draft.firstName,
          lastName: draft.lastName.trim() || null,
          contactChannel: draft.contactChannel,
          contactValue: draft.contactValue,
          districtCode: draft.districtCode,
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
      const result = data?.createAllocation;
      switch (result?.__typename) {
        case "Allocation":
          submission.done();
          return { id: result.id, reference: result.household.reference };
        case "ValidationError":
          setErrors(fieldErrorMap(result.fields, locale));
          break;
        case "InvalidDeviceTransitionError":
          // Someone lent this device meanwhile: it is no longer offered.
          setErrors({ deviceId: t("programme.allocation.deviceTaken") });
          break;
        case "NotFoundError":
          setProblem(t("programme.allocation.notFound"));
          break;
        default:
          setProblem(t("common.error.hint"));
      }
    } catch {
      setProblem(t("common.error.network"));
    }
    return null;
  }

  return { draft, change, errors, problem, submit, sending: loading };
}
