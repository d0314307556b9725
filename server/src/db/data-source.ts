import fs from "node:fs";
import { DataSource } from "typeorm";
import type { Config } from "../config";
import type { AppLogger } from "../logger";
import { District } from "../modules/district/district.entity";
import { ApiToken } from "../modules/identity/api-token.entity";
import { Invitation } from "../modules/identity/invitation.entity";
import { Membership } from "../modules/identity/membership.entity";
import { Session } from "../modules/identity/session.entity";
import { User } from "../modules/identity/user.entity";
import { ServiceOffer } from "../modules/offer/offer.entity";
import { Allocation } from "../modules/programme/allocation.entity";
import { Device } from "../modules/programme/device.entity";
import { Household } from "../modules/programme/household.entity";
import { PassBooklet, PassTicket } from "../modules/programme/pass-numerique.entity";
import { ProgrammeTarget } from "../modules/programme/programme-target.entity";
import { DeviceWave, DeviceWaveDistrict } from "../modules/programme/wave.entity";
import { Referral } from "../modules/referral/referral.entity";
import { Structure } from "../modules/structure/structure.entity";
import { DirectoryWriteSubscriber } from "./directory-writes";
import { ListenConnection } from "./listen-connection";
import { migrations } from "./migrations";
import { preparingClient } from "./prepared-statements";
import { StatementCountingLogger } from "./query-counter";
import { withFastTimestamptz } from "./timestamptz";

export const entities = [
  District,
  Structure,
  ServiceOffer,
  User,
  Membership,
  Session,
  ApiToken,
  Invitation,
  Referral,
  Household,
  DeviceWave,
  DeviceWaveDistrict,
  Device,
  Allocation,
  PassBooklet,
  PassTicket,
  ProgrammeTarget,
];

export interface Listener {
  /** Called with each notification's payload, in commit order. */
  onNotification(payload: string): void;
  /** Called when listening starts, and again after every reconnection (to catch up). */
  onConnected(): void;
  /**
   * Called when the connection is lost, before reconnecting: notifications may be missed until
   * the next `onConnected` (a cache kept fresh by them must stop serving meanwhile).
   */
  onDisconnected?(): void;
}

/** An initialised data source and the function that releases everything behind it. */
export interface Database {
  dataSource: DataSource;
  kind: "postgres" | "embedded";
  /**
   * LISTENs on `channel` (on PostgreSQL, over the process's one LISTEN connection, shared by
   * every channel); resolves with the function that stops.
   */
  listen(channel: string, listener: Listener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

type DbConfig = Pick<Config, "databaseUrl" | "dataDir"> &
  Partial<Pick<Config, "preparedStatements">>;

function baseOptions(logger: AppLogger) {
  return {
    type: "postgres" as const,
    entities,
    migrations,
    subscribers: [DirectoryWriteSubscriber],
    migrationsTableName: "migration",
    migrationsTransactionMode: "each" as const,
    synchronize: false,
    logging: true,
    logger: new StatementCountingLogger((message, query) =>
      logger.debug({ err: message, query: query.slice(0, 200) }, "query failed"),
    ),
  };
}

async function openEmbedded(dataDir: string, logger: AppLogger): Promise<Database> {
  // PGlite ships ESM and CommonJS builds; the node-postgres adapter gives TypeORM's postgres
  // driver a real, isolated session (unlike typeorm-pglite, see STACK.md).
  const { PGlite } = await import("@electric-sql/pglite");
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  if (dataDir !== "memory://") fs.mkdirSync(dataDir, { recursive: true });
  // PGlite ships contrib extensions as modules; migrations create the ones we use.
  const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const pglite = await PGlite.create(dataDir, { extensions: { unaccent, pg_trgm } });
  const dataSource = new DataSource({
    ...baseOptions(logger),
    extra: { ...createPgConfig(pglite), max: 1 },
  });
  await dataSource.initialize();
  return {
    dataSource,
    kind: "embedded",
    async listen(channel, listener) {
      // In one process there is no connection to lose: listen once, and catch up once.
      const unsubscribe = await pglite.listen(channel, (payload) =>
        listener.onNotification(payload),
      );
      listener.onConnected();
      // Once the engine is closed there is nothing left to unlisten from.
      return async () => {
        if (!pglite.closed) await unsubscribe();
      };
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await pglite.close();
    },
  };
}

async function openPostgres(
  url: string,
  logger: AppLogger,
  preparedStatements: boolean,
): Promise<Database> {
  const listening = new ListenConnection(url, logger);
  const dataSource = new DataSource({
    ...baseOptions(logger),
    url,
    extra: {
      max: 10,
      connectionTimeoutMillis: 5_000,
      application_name: "maillage",
      types: withFastTimestamptz(),
      ...(preparedStatements ? { Client: preparingClient() } : {}),
    },
  });
  await dataSource.initialize();
  return {
    dataSource,
    kind: "postgres",
    listen: (channel, listener) => listening.add(channel, listener),
    async close() {
      await listening.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/** Opens PostgreSQL when `databaseUrl` is set, else the embedded database in `dataDir`. */
export async function openDatabase(config: DbConfig, logger: AppLogger): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, logger, config.preparedStatements ?? true)
    : openEmbedded(config.dataDir, logger);
}

/** Applies pending migrations; returns their names. */
export async function migrate(db: Database): Promise<string[]> {
  const applied = await db.dataSource.runMigrations({ transaction: "each" });
  return applied.map((m) => m.name);
}
