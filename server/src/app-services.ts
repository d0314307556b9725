import type { Config } from "./config";
import type { Database } from "./db/data-source";
import type { AppServices } from "./graphql/context";
import { addressLocatorFor } from "./interop/geocoding/address-locator";
import type { AppLogger } from "./logger";
import { DistrictCache } from "./modules/district/district.loader";
import { ViewerCache } from "./modules/identity/viewer-cache";
import { createAccessChecker } from "./realtime/access-check";
import type { ReferralEventHub } from "./realtime/referral-event-hub";

/**
 * What every request's context shares, built once: for the app, and for the bare graphql-http
 * server of `bench:http`, which must resolve over exactly the same services.
 */
export function createAppServices(parts: {
  config: Config;
  db: Database;
  logger: AppLogger;
  hub: ReferralEventHub;
  now?: () => Date;
}): AppServices {
  const { config, db, logger, hub } = parts;
  return {
    config,
    dataSource: db.dataSource,
    logger,
    realtime: { hub, checkAccess: createAccessChecker(db.dataSource) },
    districts: new DistrictCache(db.dataSource),
    now: parts.now ?? (() => new Date()),
    geocoding: addressLocatorFor(config.geocoder),
    // Serves once started (it must listen for identity changes first): see ViewerCache.start.
    viewers: new ViewerCache(db, logger, { enabled: config.viewerCache }),
  };
}
