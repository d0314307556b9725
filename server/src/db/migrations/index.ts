import { Directory1764165600000 } from "./1764165600000-directory";
import { Identity1764180000000 } from "./1764180000000-identity";
import { DirectorySearch1764190000000 } from "./1764190000000-directory-search";
import { Referrals1764200000000 } from "./1764200000000-referrals";
import { Interop1764220000000 } from "./1764220000000-interop";
import { Programme1764230000000 } from "./1764230000000-programme";
import { Idempotency1764240000000 } from "./1764240000000-idempotency";
import { Outbox1764250000000 } from "./1764250000000-outbox";
import { Oidc1764260000000 } from "./1764260000000-oidc";
import { InvitationRevocation1764264000000 } from "./1764264000000-invitation-revocation";
import { PassBookletVoid1764268000000 } from "./1764268000000-pass-booklet-void";
import { Geocoding1764272000000 } from "./1764272000000-geocoding";
import { StructureMerging1764276000000 } from "./1764276000000-structure-merging";
import { DirectoryFacets1764280000000 } from "./1764280000000-directory-facets";
import { IdentityNotify1764284000000 } from "./1764284000000-identity-notify";
import { DirectoryNotify1764288000000 } from "./1764288000000-directory-notify";

/** Every migration, in order. Listed explicitly so the same list works from sources and from dist. */
export const migrations = [
  Directory1764165600000,
  Identity1764180000000,
  DirectorySearch1764190000000,
  Referrals1764200000000,
  Interop1764220000000,
  Programme1764230000000,
  Idempotency1764240000000,
  Outbox1764250000000,
  Oidc1764260000000,
  InvitationRevocation1764264000000,
  PassBookletVoid1764268000000,
  Geocoding1764272000000,
  StructureMerging1764276000000,
  DirectoryFacets1764280000000,
  IdentityNotify1764284000000,
  DirectoryNotify1764288000000,
];
