import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import { type DocumentNode, execute, GraphQLError, type GraphQLSchema, printSchema } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import type { AppLogger } from "../logger";

/**
 * graphql-jit's errors are frozen look-alikes of graphql-js's; Apollo plugins may rewrite an
 * error's message (graphql-armor strips "Did you mean …" in production). Same fields, real class.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const copy = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  if (error.locations) (copy as { locations?: unknown }).locations = error.locations;
  return copy;
}

type Gateway = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type Executor = NonNullable<Awaited<ReturnType<Gateway["load"]>>["executor"]>;

/** How one operation of one parsed document is executed: counted, then compiled once. */
interface OperationPlan {
  runs: number;
  compiled: CompiledQuery | null;
  /** graphql-jit declined the operation: it stays on graphql-js. */
  declined: boolean;
}

/**
 * Executes the queries and mutations that come over HTTP, for Apollo Server.
 *
 * A document's operation runs through graphql-js until it has run `compileAfter` times; it is
 * then compiled by graphql-jit into a function specialised for its selection set, and every
 * later request with that document runs the compiled function: same schema, same resolvers and
 * authorisation, same result, with a fraction of graphql-js's per-field work (for a directory
 * page of 20 structures and their offers, about 1 ms less per request; see docs/benchmarks.md).
 * One-off documents never pay for a compilation. Compiled plans live as long as Apollo keeps the
 * parsed document in its document cache (they are keyed by the document object).
 *
 * It plugs in through Apollo's gateway interface, whose only job here is to swap the executor:
 * parsing, validation (graphql-armor's limits included), plugins and error formatting stay
 * Apollo's. WebSocket operations are executed by graphql-ws with graphql-js.
 */
export function compiledExecutionGateway(
  schema: GraphQLSchema,
  compileAfter: number | null,
  logger: AppLogger,
): Gateway {
  const plans = new WeakMap<DocumentNode, Map<string, OperationPlan>>();

  const planFor = (document: DocumentNode, operationName: string | undefined) => {
    let byOperation = plans.get(document);
    if (!byOperation) plans.set(document, (byOperation = new Map()));
    const key = operationName ?? "";
    let plan = byOperation.get(key);
    if (!plan) byOperation.set(key, (plan = { runs: 0, compiled: null, declined: false }));
    return plan;
  };

  const compile = (
    plan: OperationPlan,
    document: DocumentNode,
    operationName: string | undefined,
    shownAs: string,
  ) => {
    const result = compileQuery(schema, document, operationName, { customJSONSerializer: false });
    if (isCompiledQuery(result)) {
      plan.compiled = result;
      logger.debug({ operation: shownAs }, "GraphQL operation compiled");
    } else {
      plan.declined = true;
      logger.warn(
        { operation: shownAs, errors: result.errors?.map((e) => e.message) },
        "graphql-jit declined an operation; it runs on graphql-js",
      );
    }
  };

  const executor: Executor = async (request) => {
    const { document } = request;
    const operationName = request.request.operationName ?? undefined;
    const variables = request.request.variables ?? {};
    const viaGraphqlJs = () =>
      execute({
        schema,
        document,
        contextValue: request.context,
        variableValues: variables,
        operationName,
      });
    if (compileAfter === null) return viaGraphqlJs();
    const plan = planFor(document, operationName);
    if (!plan.compiled && !plan.declined && plan.runs >= compileAfter) {
      compile(plan, document, operationName, request.operationName ?? "(anonymous)");
    }
    if (!plan.compiled) {
      plan.runs += 1;
      return viaGraphqlJs();
    }
    const result = await plan.compiled.query(undefined, request.context, variables);
    // No data: the variables were refused before any resolver ran. graphql-js words those
    // errors the way Apollo recognises as BAD_USER_INPUT (status 400); it refuses them again.
    if (result.data === undefined) return viaGraphqlJs();
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}
