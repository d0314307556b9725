import { useApolloClient } from "@apollo/client/react";
import { useEffect, useRef } from "react";
import { SESSION_EXPIRED_EVENT, sessionEnded } from "@/app/apollo/session-expiry";
import { ViewerDocument } from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { keepOpenForms } from "@/shared/drafts/form-drafts";

/**
 * When the server refuses a signed-in person's request as UNAUTHENTICATED (session expired or
 * closed elsewhere): the forms on screen are kept and the viewer becomes anonymous; a page that
 * needs a session then sends to the sign-in page, which says why, and back (see RequireAuth).
 */
export function SessionExpiryWatcher() {
  const client = useApolloClient();
  // Who is signed in, as last rendered.
  const userId = useViewer().viewer?.user?.id ?? null;
  const signedIn = useRef(userId);
  signedIn.current = userId;
  useEffect(() => {
    function expired() {
      const user = signedIn.current;
      if (!user) return; // an anonymous visitor: the page asks them to sign in, nothing ended
      keepOpenForms(user);
      sessionEnded.mark();
      client.writeQuery({ query: ViewerDocument, data: { viewer: null } });
    }
    window.addEventListener(SESSION_EXPIRED_EVENT, expired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, expired);
  }, [client]);
  return null;
}
