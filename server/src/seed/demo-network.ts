/**
 * A realistic but fictitious demo network of digital-inclusion actors in Nantes, used by the seed
 * (records flagged `RecordSource.DEMO`). Names of public venues are real venue types; identifiers
 * (SIRET/RNA), phone numbers (+33 2 40 00 0x xx) and e-mail addresses (example.org) are invented.
 *
 * One file per quartier under `./demo-network/`. Parents are listed before their children: every
 * `parentKey` refers to an earlier entry.
 */
import type { DemoStructure } from "./demo-network.types";
import { centreVille } from "./demo-network/centre-ville";
import { ileDeNantes } from "./demo-network/ile-de-nantes";
import { bellevueChantenaySainteAnne } from "./demo-network/bellevue-chantenay-sainte-anne";
import { dervallieresZola } from "./demo-network/dervallieres-zola";
import { hautsPavesSaintFelix } from "./demo-network/hauts-paves-saint-felix";
import { malakoffSaintDonatien } from "./demo-network/malakoff-saint-donatien";
import { breilBarberie } from "./demo-network/breil-barberie";
import { nantesNord } from "./demo-network/nantes-nord";
import { nantesErdre } from "./demo-network/nantes-erdre";
import { doulonBottiere } from "./demo-network/doulon-bottiere";
import { nantesSud } from "./demo-network/nantes-sud";

export const demoNetwork: DemoStructure[] = [
  ...centreVille,
  ...ileDeNantes,
  ...bellevueChantenaySainteAnne,
  ...dervallieresZola,
  ...hautsPavesSaintFelix,
  ...malakoffSaintDonatien,
  ...breilBarberie,
  ...nantesNord,
  ...nantesErdre,
  ...doulonBottiere,
  ...nantesSud,
];
