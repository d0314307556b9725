import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from "graphql";

function fieldsNamed(set: SelectionSetNode, name: string, info: GraphQLResolveInfo): FieldNode[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === name ? [selection] : [];
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      return fieldsNamed(selection.selectionSet, name, info);
    }
    const fragment = info.fragments[selection.name.value];
    return fragment ? fieldsNamed(fragment.selectionSet, name, info) : [];
  });
}

/**
 * The field nodes selected at `path` below the resolver's own field, fragments followed: e.g.
 * `["edges", "node", "offers"]` under `structures`. `@skip`/`@include` are not evaluated, so a
 * field under one counts as selected: use it to prepare work, never to decide access.
 */
export function selectedFields(info: GraphQLResolveInfo, path: string[]): FieldNode[] {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  let found: FieldNode[] = [];
  for (const name of path) {
    found = sets.flatMap((set) => fieldsNamed(set, name, info));
    sets = found.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  }
  return found;
}
