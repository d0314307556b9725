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

function namesIn(set: SelectionSetNode, info: GraphQLResolveInfo, into: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) into.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) namesIn(selection.selectionSet, info, into);
    else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) namesIn(fragment.selectionSet, info, into);
    }
  }
}

/**
 * The names of the fields selected directly under `nodes` (e.g. what `selectedFields` found),
 * fragments followed. Same caveat: `@skip`/`@include` are not evaluated, so this may only
 * widen what is prepared, never narrow what is checked.
 */
export function childFieldNames(nodes: FieldNode[], info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) if (node.selectionSet) namesIn(node.selectionSet, info, names);
  return names;
}
