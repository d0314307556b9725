import type { DataSource } from "typeorm";
import type { AppLogger } from "../logger";
import { createDistrictLoader } from "../modules/district/district.loader";
import { createOffersByStructureLoader } from "../modules/offer/offer.loader";
import { createStructureLoader } from "../modules/structure/structure.loader";

function createLoaders(dataSource: DataSource) {
  return {
    districtByCode: createDistrictLoader(dataSource),
    offersByStructure: createOffersByStructureLoader(dataSource),
    structureById: createStructureLoader(dataSource),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** What every resolver receives; built anew for each HTTP request or WebSocket operation. */
export interface Context {
  dataSource: DataSource;
  logger: AppLogger;
  loaders: Loaders;
}

export function createContext(dataSource: DataSource, logger: AppLogger): Context {
  return { dataSource, logger, loaders: createLoaders(dataSource) };
}
