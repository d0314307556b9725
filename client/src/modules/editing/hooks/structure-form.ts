import type {
  CreateStructureInput,
  EditableStructureFragment,
  Label,
  Mobility,
  Programme,
  SpecificSupport,
  StructureKind,
  UpdateStructureInput,
} from "@/gql/graphql";

/** The form's values: text as typed, lists as chosen. Names are the API input's field names. */
export interface StructureFormValues {
  name: string;
  kind: StructureKind | "";
  pivot: string;
  summary: string;
  description: string;
  street: string;
  addressComplement: string;
  postalCode: string;
  city: string;
  inseeCode: string;
  latitude: string;
  longitude: string;
  /** "" = derived from the location. */
  districtCode: string;
  phone: string;
  emails: string;
  websites: string;
  openingHours: string;
  passNumerique: boolean;
  programmes: Programme[];
  labels: Label[];
  otherLabels: string;
  specificSupports: SpecificSupport[];
  mobility: Mobility[];
  accessibilityUrl: string;
  appointmentUrl: string;
}

export const EMPTY_STRUCTURE: StructureFormValues = {
  name: "",
  kind: "",
  pivot: "",
  summary: "",
  description: "",
  street: "",
  addressComplement: "",
  postalCode: "",
  city: "Nantes",
  inseeCode: "44109",
  latitude: "",
  longitude: "",
  districtCode: "",
  phone: "",
  emails: "",
  websites: "",
  openingHours: "",
  passNumerique: false,
  programmes: [],
  labels: [],
  otherLabels: "",
  specificSupports: [],
  mobility: [],
  accessibilityUrl: "",
  appointmentUrl: "",
};

export function fromStructure(s: EditableStructureFragment): StructureFormValues {
  return {
    name: s.name,
    kind: s.kind,
    pivot: s.pivot,
    summary: s.summary ?? "",
    description: s.description ?? "",
    street: s.address.street ?? "",
    addressComplement: s.address.complement ?? "",
    postalCode: s.address.postalCode ?? "",
    city: s.address.city ?? "",
    inseeCode: s.address.inseeCode ?? "",
    latitude: s.location ? String(s.location.lat) : "",
    longitude: s.location ? String(s.location.lon) : "",
    districtCode: s.districtOverridden ? (s.district?.code ?? "") : "",
    phone: s.phone ?? "",
    emails: s.emails.join("\n"),
    websites: s.websites.join("\n"),
    openingHours: s.openingHours?.osm ?? "",
    passNumerique: s.passNumerique,
    programmes: [...s.programmes],
    labels: [...s.labels],
    otherLabels: s.otherLabels ?? "",
    specificSupports: [...s.specificSupports],
    mobility: [...s.mobility],
    accessibilityUrl: s.accessibilityUrl ?? "",
    appointmentUrl: s.appointmentUrl ?? "",
  };
}

const list = (text: string) =>
  text
    .split(/[\n,;]+/)
    .map((v) => v.trim())
    .filter(Boolean);
const text = (v: string) => (v.trim() === "" ? null : v.trim());
const coordinate = (v: string) => (v.trim() === "" ? null : Number(v.replace(",", ".")));

type Converted = Omit<CreateStructureInput, "kind"> & { kind: StructureKind | null };

function convert(v: StructureFormValues): Converted {
  return {
    name: v.name.trim(),
    kind: v.kind || null,
    pivot: v.pivot.trim(),
    summary: text(v.summary),
    description: text(v.description),
    street: text(v.street),
    addressComplement: text(v.addressComplement),
    postalCode: text(v.postalCode),
    city: text(v.city),
    inseeCode: text(v.inseeCode),
    latitude: coordinate(v.latitude),
    longitude: coordinate(v.longitude),
    districtCode: text(v.districtCode),
    phone: text(v.phone),
    emails: list(v.emails),
    websites: list(v.websites),
    openingHours: text(v.openingHours),
    passNumerique: v.passNumerique,
    programmes: v.programmes,
    labels: v.labels,
    otherLabels: text(v.otherLabels),
    specificSupports: v.specificSupports,
    mobility: v.mobility,
    accessibilityUrl: text(v.accessibilityUrl),
    appointmentUrl: text(v.appointmentUrl),
  };
}

export function toCreateInput(v: StructureFormValues): CreateStructureInput {
  const c = convert(v);
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c))
    if (value !== null && !(Array.isArray(value) && value.length === 0)) input[key] = value;
  return input as unknown as CreateStructureInput;
}

/** Only what changed: left out keeps the stored value, null clears it. */
export function toUpdateInput(
  original: StructureFormValues,
  v: StructureFormValues,
): UpdateStructureInput {
  const before = convert(original) as Record<string, unknown>;
  const after = convert(v) as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) input[key] = after[key];
  }
  // The location goes as a pair; the district back to "derived" is its own flag.
  if ("latitude" in input || "longitude" in input) {
    input.latitude = after.latitude;
    input.longitude = after.longitude;
  }
  if ("districtCode" in input && after.districtCode === null) {
    delete input.districtCode;
    input.deriveDistrict = true;
  }
  return input as UpdateStructureInput;
}
