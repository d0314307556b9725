import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents for the client, from the committed schema and the operations kept next to each
// feature (client/src/modules/*/graphql/*.graphql). Run from the repository root.
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["client/src/**/*.graphql"],
  generates: {
    "client/src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: {
          DateTimeISO: "string",
          LocalDate: "string",
          JSONObject: "Record<string, unknown>",
        },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypeNameForRoot: true,
        nonOptionalTypename: true,
      },
    },
    // Which concrete types each union and interface has: Apollo's cache needs it to apply a
    // fragment on a union (e.g. ReferralResult) to the object it receives.
    "client/src/gql/possible-types.ts": {
      plugins: ["fragment-matcher"],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
};

export default config;
