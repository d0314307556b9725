import {
  type DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  EventSubscriber,
  InstanceChecker,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from "typeorm";

/**
 * Telling this process, at once, that the directory (structures, offers, districts, opening
 * intervals) changed. Other processes learn it from the `maillage_directory` notification the
 * tables' triggers send (migration 1764288000000); this process must not wait for its own
 * notification to come back over the LISTEN connection: the next request of the client who made
 * the change could otherwise be answered from before it.
 *
 * A write path calls `directoryWritten(em)` next to its statements. Inside a transaction the
 * news waits for the commit (told by the subscriber below, on the outermost commit only):
 * announced before, a request could read the old rows and keep them under the new generation.
 * Outside a transaction the statement has already committed, so it is told at once.
 */

const watchers = new WeakMap<DataSource, Set<() => void>>();
const PENDING = "maillageDirectoryWritten";

/** Calls `fn` after every committed directory write made through `dataSource`; returns the undo. */
export function onDirectoryWrite(dataSource: DataSource, fn: () => void): () => void {
  let set = watchers.get(dataSource);
  if (!set) watchers.set(dataSource, (set = new Set()));
  set.add(fn);
  return () => void set.delete(fn);
}

function announce(dataSource: DataSource): void {
  for (const fn of watchers.get(dataSource) ?? []) fn();
}

/** Notes that `target` wrote directory tables (call it where the statements are issued). */
export function directoryWritten(target: DataSource | EntityManager): void {
  if (InstanceChecker.isDataSource(target)) return announce(target);
  const runner = target.queryRunner;
  if (runner?.isTransactionActive) runner.data[PENDING] = true;
  else announce(target.dataSource);
}

/** A statement that writes one of the directory's tables (a false positive costs a recomputation). */
const DIRECTORY_WRITE =
  /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?(?:"?public"?\.)?"?(?:structure|service_offer|district|structure_opening_interval)"?(?![\w"])/i;

/**
 * The safety net under `directoryWritten`, for every statement TypeORM sends (raw `query` calls
 * included, which a write path or a test may use without telling): one that writes a directory
 * table inside a transaction is announced at its commit; outside one it is announced as it is
 * sent, before it runs. A result computed in between could then be kept under the new
 * generation, until the statement's own notification comes back a moment later; a client that
 * writes and then reads, one after the other, is always answered from the new rows.
 */
export function noteDirectoryStatement(sql: string, runner: QueryRunner): void {
  if (!DIRECTORY_WRITE.test(sql)) return;
  if (runner.isTransactionActive) runner.data[PENDING] = true;
  else announce(runner.connection);
}

const outermost = (runner: QueryRunner | undefined) => runner && !runner.isTransactionActive;

/** Announces a transaction's directory writes once it has committed; forgets them on rollback. */
@EventSubscriber() // TypeORM instantiates only the subscriber classes registered by this decorator
export class DirectoryWriteSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (!outermost(runner) || !runner.data[PENDING]) return;
    delete runner.data[PENDING];
    announce(event.dataSource);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (outermost(event.queryRunner)) delete event.queryRunner.data[PENDING];
  }
}
