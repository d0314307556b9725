import { useApolloClient, useMutation } from "@apollo/client/react";
import { useCallback } from "react";
import { useRealtime } from "@/app/apollo/realtime-context";
import { sessionEnded } from "@/app/apollo/session-expiry";
import { LogoutDocument, ViewerDocument } from "@/gql/graphql";
import type { Viewer } from "./useViewer";

/**
 * After a sign-in or sign-out every cached answer may be someone else's: the store is reset and
 * the WebSocket is reopened, so the subscription runs with the new session cookie.
 */
export function useSession() {
  const client = useApolloClient();
  const { ws } = useRealtime();
  const [logout] = useMutation(LogoutDocument);

  const signedIn = useCallback(
    async (viewer: Viewer) => {
      sessionEnded.clear();
      ws?.terminate();
      await client.clearStore();
      client.writeQuery({ query: ViewerDocument, data: { viewer } });
      // Queries already on screen (the header's viewer among them) are asked again, with the new
      // session: clearing the store alone leaves them showing the signed-out answer.
      await client.refetchQueries({ include: "active" });
    },
    [client, ws],
  );

  const signOut = useCallback(async () => {
    await logout();
    ws?.terminate();
    await client.clearStore();
    client.writeQuery({ query: ViewerDocument, data: { viewer: null } });
    await client.refetchQueries({ include: "active" });
  }, [client, logout, ws]);

  return { signedIn, signOut };
}
