import type { WaveAdminFragment } from "@/gql/graphql";
import type { FieldErrorMap } from "@/shared/format/field-errors";

/** A wave as typed in its form: numbers stay text until they are checked. */
export interface WaveDraft {
  name: string;
  startMonth: string;
  plannedCount: string;
  schoolNetwork: string;
  /** District codes, in the order they were ticked (the order sent). */
  districts: string[];
  /** Each ticked district's share, by code; empty: not shared out. */
  shares: Record<string, string>;
}

export const emptyWaveDraft = (): WaveDraft => ({
  name: "",
  startMonth: "",
  plannedCount: "",
  schoolNetwork: "",
  districts: [],
  shares: {},
});

export function waveDraftOf(w: WaveAdminFragment): WaveDraft {
  return {
    name: w.name,
    startMonth: w.startMonth,
    plannedCount: String(w.plannedCount),
    schoolNetwork: w.schoolNetwork ?? "",
    districts: w.districts.map((d) => d.districtCode),
    shares: Object.fromEntries(
      w.districts.map((d) => [
        d.districtCode,
        d.plannedCount == null ? "" : String(d.plannedCount),
      ]),
    ),
  };
}

/** The field that shows a district's share: `share.<code>`. */
export const shareField = (code: string) => `share.${code}`;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const INTEGER = /^\d{1,6}$/;

type WaveMessages = (
  key:
    | "form.required"
    | "programme.wavesAdmin.startMonthInvalid"
    | "programme.admin.integer"
    | "programme.wavesAdmin.placeRequired",
) => string;

/** What can be checked before asking the server (which checks everything again). */
export function waveLocalErrors(d: WaveDraft, t: WaveMessages): FieldErrorMap {
  const errors: FieldErrorMap = {};
  if (!d.name.trim()) errors.name = t("form.required");
  if (!d.startMonth) errors.startMonth = t("form.required");
  else if (!MONTH.test(d.startMonth))
    errors.startMonth = t("programme.wavesAdmin.startMonthInvalid");
  if (!d.plannedCount.trim()) errors.plannedCount = t("form.required");
  else if (!INTEGER.test(d.plannedCount.trim())) errors.plannedCount = t("programme.admin.integer");
  for (const code of d.districts) {
    const share = d.shares[code]?.trim() ?? "";
    if (share && !INTEGER.test(share)) errors[shareField(code)] = t("programme.admin.integer");
  }
  if (d.districts.length === 0 && !d.schoolNetwork.trim())
    errors.districts = t("programme.wavesAdmin.placeRequired");
  return errors;
}

/** The input both mutations take; an empty school network clears it on update. */
export function waveInput(d: WaveDraft) {
  return {
    name: d.name.trim(),
    startMonth: d.startMonth,
    plannedCount: Number(d.plannedCount.trim()),
    schoolNetwork: d.schoolNetwork.trim(),
    districts: d.districts.map((code) => {
      const share = d.shares[code]?.trim() ?? "";
      return { districtCode: code, plannedCount: share ? Number(share) : null };
    }),
  };
}

/**
 * The server's errors on the form's fields: `districts.<i>.plannedCount` is the share of the
 * i-th district sent, `districts.<i>.districtCode` is shown on the list of districts.
 */
export function waveServerErrors(map: FieldErrorMap, d: WaveDraft): FieldErrorMap {
  const errors: FieldErrorMap = {};
  const add = (key: string, message: string) => {
    errors[key] = errors[key] ? `${errors[key]} ${message}` : message;
  };
  for (const [path, message] of Object.entries(map)) {
    const share = /^districts\.(\d+)\.plannedCount$/.exec(path);
    const code = share ? d.districts[Number(share[1])] : undefined;
    if (code) add(shareField(code), message);
    else if (path.startsWith("districts")) add("districts", message);
    else add(path, message);
  }
  return errors;
}
