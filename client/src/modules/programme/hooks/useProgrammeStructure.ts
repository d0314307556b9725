import { useCallback } from "react";
import { useSearchParams } from "react-router";
import { useViewer } from "@/modules/auth/hooks/useViewer";

/**
 * The structure the member works for on these pages (`?structure=` in the URL, else their
 * first): loans and booklets are a structure's, never a person's.
 */
export function useProgrammeStructure() {
  const viewer = useViewer();
  const [params, setParams] = useSearchParams();
  const memberships = viewer.memberships;
  const structureId =
    memberships.find((m) => m.structure.id === params.get("structure"))?.structure.id ??
    memberships[0]?.structure.id ??
    "";
  const structureName = memberships.find((m) => m.structure.id === structureId)?.structure.name;

  const choose = useCallback(
    (id: string) => {
      const next = new URLSearchParams(params);
      next.set("structure", id);
      setParams(next, { replace: true });
    },
    [params, setParams],
  );

  /** A link within the section that keeps the chosen structure. */
  const href = useCallback(
    (path: string) => (structureId ? `${path}?structure=${structureId}` : path),
    [structureId],
  );

  return { structureId, structureName, memberships, choose, href, loading: viewer.loading };
}
