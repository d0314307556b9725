/**
 * The GraphQL documents of the load mix, taken from the client's own `.graphql` files (the
 * operation and the fragments it spreads), so the benchmark sends what the web app sends.
 */
import fs from "node:fs";
import path from "node:path";
import { type DefinitionNode, type DocumentNode, Kind, parse, print, visit } from "graphql";
import { projectRoot } from "../support";

const ROOT = projectRoot();

function operationFrom(file: string, name: string): string {
  const document = parse(fs.readFileSync(path.join(ROOT, file), "utf8"));
  const fragments = new Map<string, DefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
  );
  if (!operation) throw new Error(`${file} has no operation ${name}`);
  const needed = new Map<string, DefinitionNode>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !needed.has(spread.name.value)) {
          needed.set(spread.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(operation);
  const only: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...needed.values()] };
  return print(only);
}

export const DIRECTORY = operationFrom(
  "client/src/modules/directory/graphql/directory.graphql",
  "Directory",
);
export const BOARD = operationFrom("client/src/modules/board/graphql/board.graphql", "Board");
export const CREATE_REFERRAL = operationFrom(
  "client/src/modules/referral/graphql/referral.graphql",
  "CreateReferral",
);
export const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { __typename }
}`;
