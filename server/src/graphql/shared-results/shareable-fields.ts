import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLField,
  type GraphQLSchema,
  isCompositeType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * The fields whose values come from the directory tables only (structure, service_offer,
 * district, structure_opening_interval) and from the current minute: the same for everyone who
 * asks while those tables do not change. Declared here, field by field, after reading each
 * resolver; a field added to one of these types later is not shared until it is listed.
 *
 * Left out on purpose: `Structure.locationCheck` (for editors), `Structure.notificationEmail`
 * (for members), and every field of other modules (members, referrals, tokens…).
 * `Structure.offers(includeSuspended: true)` reads the viewer: it is listed because the
 * execution is watched (a result whose execution read the viewer is never kept).
 */
export const SHAREABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Query: ["structures", "structure", "offers", "districts", "district", "coverage"],
  StructureConnection: ["edges", "pageInfo", "totalCount"],
  StructureEdge: ["cursor", "node"],
  ServiceOfferConnection: ["edges", "pageInfo", "totalCount"],
  ServiceOfferEdge: ["cursor", "node"],
  PageInfo: ["endCursor", "hasNextPage", "hasPreviousPage", "startCursor"],
  Structure: [
    "accessibilityUrl",
    "address",
    "appointmentUrl",
    "archivedAt",
    "createdAt",
    "description",
    "distanceMeters",
    "district",
    "districtOverridden",
    "emails",
    "id",
    "kind",
    "labels",
    "location",
    "mergedIntoId",
    "mobility",
    "name",
    "offers",
    "openingHours",
    "otherLabels",
    "parent",
    "passNumerique",
    "phone",
    "pivot",
    "programmes",
    "requiresProConnect",
    "source",
    "specificSupports",
    "summary",
    "updatedAt",
    "version",
    "websites",
  ],
  Address: ["city", "complement", "inseeCode", "postalCode", "street"],
  GeoPoint: ["lat", "lon"],
  // Computed from the stored value and the minute (opening-hours.ts works per minute).
  OpeningHours: ["nextClosingAt", "nextOpeningAt", "openNow", "osm", "weekly"],
  OpeningInterval: ["closes", "day", "opens"],
  ServiceOffer: [
    "accessModes",
    "active",
    "capacityPerWeek",
    "category",
    "createdAt",
    "description",
    "distanceMeters",
    "fees",
    "id",
    "publics",
    "structure",
    "supportModes",
    "title",
    "updatedAt",
    "version",
  ],
  District: ["city", "code", "geometry", "name", "priorityNeighbourhoods", "qpv", "rep", "repPlus"],
  Coverage: ["categories", "districts", "priorityGaps"],
  DistrictCoverage: ["cells", "district", "priority"],
  CoverageCell: [
    "activeOffers",
    "category",
    "covered",
    "freeOffers",
    "passNumeriqueOffers",
    "structures",
  ],
  CoverageGap: ["category", "districtCode"],
};

/** Directives that only choose fields by variables (which the share key holds). */
const NEUTRAL_DIRECTIVES = new Set(["skip", "include"]);

/** Whether an operation's result may be shared, and with whom. */
export type ShareVerdict =
  | { shareable: false }
  /** `byAccessClass`: it reaches an `@Allow` field, so it is shared within an access class only. */
  | { shareable: true; byAccessClass: boolean };

const NOT_SHAREABLE: ShareVerdict = { shareable: false };

/**
 * Decides, once per parsed document and operation, whether every field the operation selects
 * (through fragments and inline fragments too) is shareable. Anything it does not know (an
 * unknown fragment, a directive such as @defer, a field not listed) makes it say no. A result
 * passes the same `@Allow` checks for everyone in an access class, and no check at all when the
 * document reaches no `@Allow` field (the public directory): then anonymous and signed-in callers
 * share it.
 */
export class ShareableDocuments {
  private readonly verdicts = new WeakMap<DocumentNode, Map<string, ShareVerdict>>();
  private readonly allowed: Map<string, Set<string>>;

  constructor(
    private readonly schema: GraphQLSchema,
    fields: Readonly<Record<string, readonly string[]>> = SHAREABLE_FIELDS,
  ) {
    this.allowed = new Map(Object.entries(fields).map(([type, names]) => [type, new Set(names)]));
  }

  verdict(document: DocumentNode, operation: OperationDefinitionNode): ShareVerdict {
    let byOperation = this.verdicts.get(document);
    if (!byOperation) this.verdicts.set(document, (byOperation = new Map()));
    const key = operation.name?.value ?? "";
    let verdict = byOperation.get(key);
    if (verdict === undefined) byOperation.set(key, (verdict = this.decide(document, operation)));
    return verdict;
  }

  private decide(document: DocumentNode, operation: OperationDefinitionNode): ShareVerdict {
    const queryType = this.schema.getQueryType();
    if (operation.operation !== "query" || !queryType) return NOT_SHAREABLE;
    if (!neutral(operation.directives)) return NOT_SHAREABLE;
    const walk: Walk = { fragments: new Map(), visiting: new Set(), checked: false };
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        walk.fragments.set(definition.name.value, definition);
    }
    if (!this.selectionAllowed(operation.selectionSet, queryType.name, walk)) return NOT_SHAREABLE;
    return { shareable: true, byAccessClass: walk.checked };
  }

  private selectionAllowed(set: SelectionSetNode, typeName: string, walk: Walk): boolean {
    for (const selection of set.selections) {
      if (!neutral(selection.directives)) return false;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === "__typename") continue;
        if (!this.allowed.get(typeName)?.has(name)) return false;
        const field = this.fieldOf(typeName, name);
        if (!field) return false;
        // `@Allow` leaves its rules in the field's extensions (graphql/auth.ts).
        if (Array.isArray(field.extensions?.auth)) walk.checked = true;
        if (!selection.selectionSet) continue;
        const named = getNamedType(field.type);
        if (!isCompositeType(named)) return false;
        if (!this.selectionAllowed(selection.selectionSet, named.name, walk)) return false;
      } else {
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT
            ? selection
            : walk.fragments.get(selection.name.value);
        if (!fragment) return false;
        // Only object types are listed, so a condition on another type (an interface, a union)
        // is not shareable; a condition on the same type keeps the walk where it is.
        const condition = fragment.typeCondition?.name.value ?? typeName;
        if (condition !== typeName) return false;
        const spread = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : null;
        if (spread !== null) {
          if (walk.visiting.has(spread)) return false;
          walk.visiting.add(spread);
        }
        const allowed = this.selectionAllowed(fragment.selectionSet, typeName, walk);
        if (spread !== null) walk.visiting.delete(spread);
        if (!allowed) return false;
      }
    }
    return true;
  }

  private fieldOf(typeName: string, fieldName: string): GraphQLField<unknown, unknown> | null {
    const type = this.schema.getType(typeName);
    if (!isObjectType(type)) return null;
    return type.getFields()[fieldName] ?? null;
  }
}

interface Walk {
  fragments: Map<string, FragmentDefinitionNode>;
  /** Fragments being walked (a cycle is refused by validation; refused here too). */
  visiting: Set<string>;
  /** It reaches a field with `@Allow` rules. */
  checked: boolean;
}

function neutral(directives: readonly { name: { value: string } }[] | undefined): boolean {
  return !directives || directives.every((d) => NEUTRAL_DIRECTIVES.has(d.name.value));
}
