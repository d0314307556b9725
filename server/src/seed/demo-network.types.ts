import type {
  AccessMode,
  Fee,
  Label,
  Mobility,
  Programme,
  Public,
  ServiceCategory,
  SpecificSupport,
  StructureKind,
  SupportMode,
} from "../modules/vocabulary/vocabulary.enums";

/** One offer of a demo structure. */
export interface DemoOffer {
  title: string;
  description: string;
  category: ServiceCategory;
  publics: Public[];
  supportModes: SupportMode[];
  accessModes: AccessMode[];
  fees: Fee[];
  capacityPerWeek: number | null;
}

/** One demo structure; `key` is stable and unique, used to make the seed idempotent. */
export interface DemoStructure {
  key: string;
  name: string;
  kind: StructureKind;
  /** A fictitious but well-formed SIRET (14 digits, Luhn-valid) or RNA (W + 9 digits). */
  pivot: string;
  street: string;
  postalCode: string;
  lat: number;
  lon: number;
  phone: string | null;
  emails: string[];
  websites: string[];
  /** OSM opening_hours syntax. */
  openingHours: string | null;
  summary: string;
  programmes: Programme[];
  labels: Label[];
  passNumerique: boolean;
  specificSupports: SpecificSupport[];
  mobility: Mobility[];
  /** key of the parent structure, if any. */
  parentKey: string | null;
  offers: DemoOffer[];
}
