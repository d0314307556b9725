import { createContext, type ReactNode, useContext, useSyncExternalStore } from "react";
import type { Client } from "graphql-ws";
import type { ConnectionSnapshot, ConnectionStatus } from "./connection-status";

interface Realtime {
  ws: Client | null;
  status: ConnectionStatus | null;
}

const RealtimeContext = createContext<Realtime>({ ws: null, status: null });

export function RealtimeProvider(props: Realtime & { children: ReactNode }) {
  const { ws, status, children } = props;
  return <RealtimeContext.Provider value={{ ws, status }}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): Realtime {
  return useContext(RealtimeContext);
}

const IDLE: ConnectionSnapshot = { state: "idle", reconnections: 0 };
const noStore = () => () => undefined;

/** The WebSocket's state; "idle" where no realtime client is provided (component tests). */
export function useConnectionStatus(): ConnectionSnapshot {
  const { status } = useRealtime();
  return useSyncExternalStore(
    status ? status.subscribe : noStore,
    status ? status.get : () => IDLE,
  );
}
