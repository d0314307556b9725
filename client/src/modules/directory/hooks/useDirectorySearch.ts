import { useQuery } from "@apollo/client/react";
import { useMemo } from "react";
import { DirectoryDocument, DistrictShapesDocument } from "@/gql/graphql";
import { districtCentre } from "./district-centre";
import { type DirectoryFilters, toDirectoryQuery } from "./useDirectoryFilters";

const PAGE = 50;

/** Runs the directory search for the URL's filters; resolves "near a district" to its centre. */
export function useDirectorySearch(filters: DirectoryFilters) {
  const nearDistrict = filters.near?.kind === "district" ? filters.near.code : null;
  const shapes = useQuery(DistrictShapesDocument, { skip: !nearDistrict });

  const point = useMemo(() => {
    if (!filters.near) return null;
    if (filters.near.kind === "point") return { lat: filters.near.lat, lon: filters.near.lon };
    const district = shapes.data?.districts.find((d) => d.code === nearDistrict);
    return district ? districtCentre(district.geometry) : null;
  }, [filters.near, nearDistrict, shapes.data]);

  const waitingForPoint = Boolean(filters.near) && !point && !shapes.error;
  const { filter, orderBy } = toDirectoryQuery(filters, point);
  const query = useQuery(DirectoryDocument, {
    variables: { filter, orderBy, first: PAGE },
    skip: waitingForPoint,
    notifyOnNetworkStatusChange: true,
  });

  // While new filters load, the previous results stay on screen (marked busy), without a jump.
  const data = query.data ?? query.previousData;
  const connection = data?.structures;
  const structures = useMemo(() => connection?.edges.map((e) => e.node) ?? [], [connection]);

  return {
    structures,
    totalCount: connection?.totalCount ?? 0,
    hasMore: connection?.pageInfo.hasNextPage ?? false,
    loading: waitingForPoint || (query.loading && !data),
    refreshing: query.loading && Boolean(data),
    error: query.error ?? shapes.error,
    retry: () => void query.refetch(),
    loadMore: () =>
      connection?.pageInfo.endCursor
        ? query.fetchMore({ variables: { after: connection.pageInfo.endCursor } })
        : undefined,
  };
}
