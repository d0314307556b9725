import {
  createSourceEventStream,
  type DocumentNode,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  visit,
} from "graphql";
import type { PromiseOrValue } from "graphql/jsutils/PromiseOrValue";
import { accessClass } from "../graphql/auth";
import { type AppServices, type Context, createContext } from "../graphql/context";
import { watchViewer } from "../graphql/viewer-reads";
import { isPushSource } from "./push-source";
import { createSocketDelivery } from "./socket-delivery";

/**
 * Field extension of a subscription whose arguments choose the events (which structure, from
 * which cursor) but never change how an event resolves: subscribers that differ only by those
 * arguments can share an event's result.
 */
export const STREAM_ARGUMENTS = "argumentsChooseTheStreamOnly";

/** The first execution of an event for a share key, awaited by the others. */
interface SharedRun {
  running: Promise<Run>;
  settled: Run | null;
}

interface Run {
  result: ExecutionResult;
  /** The execution read its viewer: the result is the runner's, not to be shared. */
  viewerRead: boolean;
}

/**
 * A `subscribe` for graphql-ws that executes each live event once per group of subscribers
 * who would get the same result, instead of once per subscriber: at 5,000 subscribers of one
 * structure, one execution instead of 5,000.
 *
 * Subscribers share a result when they received the same event object (the hub delivers one
 * object to all) with the same document, operation, variables (except those only passed to a
 * `STREAM_ARGUMENTS` root field) and access class. Whether a result depends on who reads it is
 * observed, not declared: the first execution runs with a watched viewer, and a document whose
 * execution read the viewer (the audited resident, a comment for the involved structures…) is
 * executed per subscriber from then on. Access to the stream itself is checked per subscriber
 * by the source (see referral-event-source.ts), never shared.
 */
export function createSharedSubscribe(
  services: AppServices,
  formatResult: (result: ExecutionResult) => ExecutionResult,
) {
  const perViewer = new WeakSet<DocumentNode>();
  const runs = new WeakMap<object, Map<string, SharedRun>>();
  const keys = new ShareKeys();
  const deliver = createSocketDelivery(formatResult);

  return async function subscribe(args: ExecutionArgs) {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const context = args.contextValue as Context;
    const key = keys.of(args, context);
    const own = (event: unknown) => execute({ ...args, rootValue: event });

    // Synchronous once the shared result is there: most deliveries then cost no promise.
    const resultOf = (event: unknown): PromiseOrValue<ExecutionResult> => {
      if (typeof event !== "object" || event === null || perViewer.has(args.document)) {
        return own(event);
      }
      let byKey = runs.get(event);
      if (!byKey) runs.set(event, (byKey = new Map()));
      const shared = byKey.get(key);
      if (shared?.settled) return shared.settled.viewerRead ? own(event) : shared.settled.result;
      if (shared) return shared.running.then((run) => (run.viewerRead ? own(event) : run.result));
      const entry: SharedRun = {
        settled: null,
        running: runWatched(args, context, event).then((run) => {
          entry.settled = run;
          if (run.viewerRead) perViewer.add(args.document);
          return run;
        }),
      };
      byKey.set(key, entry);
      return entry.running.then((run) => run.result);
    };
    if (!isPushSource(source) || !context.socket || context.operationId === null) {
      if (isPushSource(source)) source.stop();
      throw new Error("subscriptions are delivered by push sources over graphql-ws only");
    }
    return deliver(source, resultOf, context.socket, context.operationId);
  };

  /** Executes for `context`'s subscriber, in a fresh context whose viewer is watched. */
  async function runWatched(args: ExecutionArgs, context: Context, event: object): Promise<Run> {
    let viewerRead = false;
    const contextValue = createContext(services, {
      viewer: watchViewer(context.viewer, () => (viewerRead = true)),
      ip: context.ip,
      sessionCookie: null,
      socket: null,
    });
    const result = await execute({ ...args, rootValue: event, contextValue });
    return { result, viewerRead };
  }
}

/** The share key of a subscription: what, besides the event, its results depend on. */
class ShareKeys {
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 1;

  of(args: ExecutionArgs, context: Context): string {
    let documentId = this.documentIds.get(args.document);
    if (documentId === undefined)
      this.documentIds.set(args.document, (documentId = this.nextDocumentId++));
    const operation = getOperationAST(args.document, args.operationName);
    const ignored = operation ? streamOnlyVariables(args, operation) : new Set<string>();
    const variables = Object.entries(args.variableValues ?? {})
      .filter(([name]) => !ignored.has(name))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return [
      documentId,
      args.operationName ?? "",
      JSON.stringify(variables),
      accessClass(context.viewer),
    ].join("\u0000");
  }
}

/**
 * Variables used only in the arguments of a `STREAM_ARGUMENTS` root field. A root selected
 * through a fragment is not looked into: all its variables count.
 */
function streamOnlyVariables(args: ExecutionArgs, operation: OperationDefinitionNode): Set<string> {
  const rootType = args.schema.getSubscriptionType();
  const inRootArguments = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return new Set();
    const field = rootType?.getFields()[selection.name.value];
    if (!field?.extensions?.[STREAM_ARGUMENTS]) continue;
    for (const argument of selection.arguments ?? []) {
      visit(argument, { Variable: (v) => void inRootArguments.add(v.name.value) });
    }
  }
  if (inRootArguments.size === 0) return inRootArguments;
  // Used anywhere else (a nested field's argument, a directive): then it counts.
  const elsewhere = new Set<string>();
  const skipRootArguments = new Set(
    operation.selectionSet.selections.flatMap((s) =>
      s.kind === Kind.FIELD ? (s.arguments ?? []) : [],
    ),
  );
  visit(args.document, {
    VariableDefinition: () => false,
    Argument: (node) => (skipRootArguments.has(node) ? false : undefined),
    Variable: (v) => void elsewhere.add(v.name.value),
  });
  return new Set([...inRootArguments].filter((name) => !elsewhere.has(name)));
}
