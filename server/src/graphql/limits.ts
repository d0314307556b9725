import { ApolloArmor } from "@escape.tech/graphql-armor";
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  type DocumentNode,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

/** The limits every operation must fit, on HTTP and on WebSocket alike. */
export const LIMITS = {
  maxDepth: 8,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 50,
  maxCost: 5000,
  httpBodyBytes: 100 * 1024,
  wsMessageBytes: 64 * 1024,
  /** Operations (subscriptions included) running at once on one socket. */
  wsSubscriptions: 20,
  /** Ping interval on sockets; a peer that does not answer is dropped. */
  wsKeepAliveMs: 12_000,
  /** A socket must send connection_init within this delay. */
  wsConnectionInitMs: 10_000,
} as const;

const options = {
  // Fragments count for the fields they hold, not as levels of their own.
  maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
  maxAliases: { n: LIMITS.maxAliases },
  maxDirectives: { n: LIMITS.maxDirectives },
  costLimit: { maxCost: LIMITS.maxCost },
};

/** The parser's own token limit (graphql-js `maxTokens`): a parse failure, answered with a 400. */
export const PARSE_OPTIONS = { maxTokens: LIMITS.maxTokens };

/**
 * graphql-armor's plugins and validation rules for Apollo (HTTP). Its token limit is left to
 * graphql-js (PARSE_OPTIONS): armor's runs in a plugin hook, where a refusal becomes a 500.
 */
export function armorForApollo(production: boolean) {
  return new ApolloArmor({
    ...options,
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

/**
 * The same rules for the graphql-ws path, which does not go through Apollo: errors are reported,
 * not thrown, so the operation is refused before it runs.
 */
export function wsValidationRules(production: boolean): ValidationRule[] {
  // As graphql-armor does for Apollo: report into the validation context, with Apollo's code.
  const report = {
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, error: GraphQLError) =>
        ctx?.reportError(
          new GraphQLError(error.message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }),
        ),
    ],
  };
  const rules: ValidationRule[] = [
    maxDepthRule({ ...options.maxDepth, ...report }),
    maxAliasesRule({ ...options.maxAliases, ...report }),
    maxDirectivesRule({ ...options.maxDirectives, ...report }),
    costLimitRule({ ...options.costLimit, ...report }),
  ];
  if (production) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

/** Parses with the same token limit as Apollo; throws a GraphQLError past it. */
export function parseWithTokenLimit(source: string): DocumentNode {
  return parse(source, PARSE_OPTIONS);
}

/** In production, "Did you mean …" would reveal field names: strip it. */
export function maskSuggestions(error: GraphQLError, production: boolean): GraphQLError {
  if (!production || !/Did you mean/.test(error.message)) return error;
  return new GraphQLError(error.message.replace(/ ?Did you mean .+\?/g, ""), {
    nodes: error.nodes,
    extensions: error.extensions,
  });
}
