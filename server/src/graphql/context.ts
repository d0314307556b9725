import type { DataSource } from "typeorm";
import type { Config } from "../config";
import type { RequestStats } from "../db/query-counter";
import type { AddressLocator } from "../interop/geocoding/address-locator";
import type { AppLogger } from "../logger";
import type { AccessChecker } from "../realtime/access-check";
import type { ReferralEventHub } from "../realtime/referral-event-hub";
import { createDistrictLoader, type DistrictCache } from "../modules/district/district.loader";
import { createIdentityLoaders } from "../modules/identity/identity.loaders";
import type { Viewer } from "../modules/identity/viewer";
import { createOffersByStructureLoader } from "../modules/offer/offer.loader";
import { createProgrammeLoaders } from "../modules/programme/programme.loaders";
import { createReferralLoaders } from "../modules/referral/referral.loaders";
import { createStructureLoader } from "../modules/structure/structure.loader";

function createLoaders(services: AppServices, viewer: Viewer, ip: string | null) {
  const { dataSource } = services;
  return {
    districtByCode: createDistrictLoader(services.districts),
    offersByStructure: createOffersByStructureLoader(dataSource),
    allOffersByStructure: createOffersByStructureLoader(dataSource, true),
    structureById: createStructureLoader(dataSource),
    ...createIdentityLoaders(dataSource),
    ...createReferralLoaders(dataSource, viewer, ip),
    ...createProgrammeLoaders(dataSource, viewer, ip),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Sets or clears the session cookie of the current HTTP exchange. */
export interface SessionCookie {
  set(token: string, expires: Date): void;
  clear(): void;
}

/** Live delivery of referral events (see realtime/). */
export interface Realtime {
  hub: ReferralEventHub;
  checkAccess: AccessChecker;
}

/** The socket of a WebSocket operation, to close it when its subscriber cannot keep up. */
export interface SocketHandle {
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
}

/** What lives as long as the app: shared by every request's context. */
export interface AppServices {
  config: Config;
  dataSource: DataSource;
  logger: AppLogger;
  realtime: Realtime;
  /** The districts, cached for the whole app (see DistrictCache). */
  districts: DistrictCache;
  /** The current instant: what "open now" means. */
  now: () => Date;
  /** Geocoding of addresses (imports, the structure form); null when GEOCODER_URL is unset. */
  geocoding: AddressLocator | null;
}

/** What every resolver receives; built anew for each HTTP request or WebSocket operation. */
export interface Context extends AppServices {
  loaders: Loaders;
  viewer: Viewer;
  ip: string | null;
  /** Absent on WebSocket operations, where no cookie can be set. */
  sessionCookie: SessionCookie | null;
  /** Present on WebSocket operations only. */
  socket: SocketHandle | null;
  /** The graphql-ws operation id, on WebSocket operations only. */
  operationId: string | null;
  /** What the access log will say of this HTTP request; null on WebSocket operations. */
  requestStats: RequestStats | null;
}

export function createContext(
  services: AppServices,
  request: {
    viewer: Viewer;
    ip: string | null;
    sessionCookie: SessionCookie | null;
    socket?: SocketHandle | null;
    operationId?: string | null;
    requestStats?: RequestStats | null;
  },
): Context {
  const context = {
    ...services,
    ...request,
    socket: request.socket ?? null,
    operationId: request.operationId ?? null,
    requestStats: request.requestStats ?? null,
  } as Context;
  // Built on first use: an idle subscription, or a request that reads nothing, does not pay for them.
  let loaders: Loaders | undefined;
  Object.defineProperty(context, "loaders", {
    get: () => (loaders ??= createLoaders(services, request.viewer, request.ip)),
    enumerable: true,
  });
  return context;
}
