import { useApolloClient, useQuery } from "@apollo/client/react";
import { useEffect, useRef, useState } from "react";
import { useConnectionStatus } from "@/app/apollo/realtime-context";
import {
  BoardDocument,
  type BoardQuery,
  ReferralEventsDocument,
  type ReferralEventsSubscription,
} from "@/gql/graphql";
import { newestEventId } from "./board-columns";
import { type FeedState, ReferralEventFeed } from "./referral-event-feed";

/** The newest referrals of the structure shown on the board (both directions). */
export const BOARD_SIZE = 100;

export type LiveEvent = ReferralEventsSubscription["referralEvents"];

/** Adds a referral that the board does not list yet (new, or older than the first page). */
function withReferral(data: BoardQuery, event: LiveEvent): BoardQuery {
  if (data.referrals.edges.some((e) => e.node.id === event.referral.id)) return data;
  const node = {
    ...event.referral,
    events: [{ __typename: "ReferralEvent" as const, id: event.id }],
  };
  return {
    ...data,
    referrals: {
      ...data.referrals,
      totalCount: data.referrals.totalCount + 1,
      edges: [{ __typename: "ReferralEdge", cursor: event.cursor, node }, ...data.referrals.edges],
    },
  };
}

/**
 * The board of one structure: its referrals, kept current by `referralEvents`. The stream starts
 * after the newest event the board shows and is reopened after the last cursor on every
 * reconnection, so events that happened meanwhile are replayed, once.
 */
export function useBoard(structureId: string, onEvent: (event: LiveEvent) => void) {
  const client = useApolloClient();
  const query = useQuery(BoardDocument, {
    variables: { structureId, first: BOARD_SIZE },
    skip: !structureId,
  });
  const [feedState, setFeedState] = useState<FeedState>("connecting");
  const feedRef = useRef<ReferralEventFeed<LiveEvent> | null>(null);
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const { reconnections } = useConnectionStatus();
  const loaded = Boolean(query.data);

  useEffect(() => {
    if (!structureId || !loaded) return;
    const data = client.readQuery({
      query: BoardDocument,
      variables: { structureId, first: BOARD_SIZE },
    });
    const feed = new ReferralEventFeed<LiveEvent>(
      (after, sink) => {
        const subscription = client
          .subscribe({ query: ReferralEventsDocument, variables: { structureId, after } })
          .subscribe({
            next: (result) => {
              if (result.data) sink.next(result.data.referralEvents);
              else if (result.error) sink.error(result.error);
            },
            error: (error) => sink.error(error),
            complete: () => sink.complete(),
          });
        return () => subscription.unsubscribe();
      },
      {
        initialCursor: newestEventId(data?.referrals.edges.map((e) => e.node) ?? []),
        onState: setFeedState,
        onEvent: (event) => {
          client.cache.updateQuery(
            { query: BoardDocument, variables: { structureId, first: BOARD_SIZE } },
            (current) => (current ? withReferral(current, event) : current),
          );
          onEventRef.current(event);
        },
      },
    );
    feedRef.current = feed;
    feed.start();
    return () => {
      feed.dispose();
      feedRef.current = null;
    };
  }, [client, structureId, loaded]);

  // After the socket came back, resume from the last cursor rather than the first one.
  const seenReconnections = useRef(reconnections);
  useEffect(() => {
    if (reconnections !== seenReconnections.current) {
      seenReconnections.current = reconnections;
      feedRef.current?.restart();
    }
  }, [reconnections]);

  return {
    referrals: query.data?.referrals.edges.map((e) => e.node) ?? [],
    totalCount: query.data?.referrals.totalCount ?? 0,
    loading: query.loading && !query.data,
    error: query.error,
    retry: () => void query.refetch(),
    feedState,
  };
}
