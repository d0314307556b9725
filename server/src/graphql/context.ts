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
import type { ViewerCache } from "../modules/identity/viewer-cache";
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
  /**
   * The viewers this process resolved; services that change sessions, memberships, roles or
   * tokens forget the ones concerned after committing (see ViewerCache).
   */
  viewers: ViewerCache;
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

/** What one request brings to its context. */
export interface RequestParts {
  viewer: Viewer;
  ip: string | null;
  sessionCookie: SessionCookie | null;
  socket?: SocketHandle | null;
  operationId?: string | null;
  requestStats?: RequestStats | null;
}

/**
 * A context of one shape for every request: its fields are assigned in one order, and `loaders`
 * is a getter on the prototype, built on first use (an idle subscription, or a request that reads
 * nothing, does not pay for them). A getter defined on each object (`Object.defineProperty` with
 * a fresh closure) gave every context a hidden class of its own: 15 µs to build, and every
 * resolver's `ctx.…` read megamorphic.
 */
class RequestContext implements Context {
  readonly config: Config;
  readonly dataSource: DataSource;
  readonly logger: AppLogger;
  readonly realtime: Realtime;
  readonly districts: DistrictCache;
  readonly now: () => Date;
  readonly geocoding: AppServices["geocoding"];
  readonly viewers: ViewerCache;
  viewer: Viewer;
  ip: string | null;
  sessionCookie: SessionCookie | null;
  socket: SocketHandle | null;
  operationId: string | null;
  requestStats: RequestStats | null;
  private readonly services: AppServices;
  private readonly loaderViewer: Viewer;
  private builtLoaders: Loaders | undefined = undefined;

  constructor(services: AppServices, request: RequestParts) {
    this.config = services.config;
    this.dataSource = services.dataSource;
    this.logger = services.logger;
    this.realtime = services.realtime;
    this.districts = services.districts;
    this.now = services.now;
    this.geocoding = services.geocoding;
    this.viewers = services.viewers;
    this.viewer = request.viewer;
    this.ip = request.ip;
    this.sessionCookie = request.sessionCookie;
    this.socket = request.socket ?? null;
    this.operationId = request.operationId ?? null;
    this.requestStats = request.requestStats ?? null;
    this.services = services;
    this.loaderViewer = request.viewer;
  }

  get loaders(): Loaders {
    return (this.builtLoaders ??= createLoaders(this.services, this.loaderViewer, this.ip));
  }
}

export function createContext(services: AppServices, request: RequestParts): Context {
  return new RequestContext(services, request);
}
