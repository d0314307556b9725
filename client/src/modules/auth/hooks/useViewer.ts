import { useQuery } from "@apollo/client/react";
import { useMemo } from "react";
import { type ViewerFieldsFragment, ViewerDocument } from "@/gql/graphql";

export type Viewer = ViewerFieldsFragment;
export type ViewerMembership = Viewer["memberships"][number];

/** What the signed-in person may do, as the server's rules say (the server checks again). */
export interface Abilities {
  signedIn: boolean;
  isAdmin: boolean;
  isCoordinator: boolean;
  /** Coordinators and admins: dashboard, new structures. */
  coordinates: boolean;
  memberships: ViewerMembership[];
  /** Admins, coordinators and the structure's managers edit a structure and its offers. */
  canEdit(structureId: string): boolean;
}

export function abilitiesOf(viewer: Viewer | null | undefined): Abilities {
  const role = viewer?.user?.globalRole ?? null;
  const memberships = viewer?.memberships ?? [];
  const isAdmin = role === "ADMIN";
  const isCoordinator = role === "COORDINATOR";
  return {
    signedIn: Boolean(viewer?.user),
    isAdmin,
    isCoordinator,
    coordinates: isAdmin || isCoordinator,
    memberships,
    canEdit: (structureId) =>
      isAdmin ||
      isCoordinator ||
      memberships.some((m) => m.structure.id === structureId && m.role === "MANAGER"),
  };
}

export function useViewer() {
  const { data, loading, error, refetch } = useQuery(ViewerDocument, {
    fetchPolicy: "cache-first",
  });
  const viewer = data?.viewer ?? null;
  const abilities = useMemo(() => abilitiesOf(viewer), [viewer]);
  return { viewer, loading: loading && !data, error, refetch, ...abilities };
}
