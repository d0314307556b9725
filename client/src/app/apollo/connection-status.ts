/**
 * The state of the realtime WebSocket, as a tiny external store for `useSyncExternalStore`:
 * the board shows it (live / reconnecting) and restarts its feed after a reconnection.
 */
export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting";

export interface ConnectionSnapshot {
  state: ConnectionState;
  /** Incremented on every connection that follows a lost one. */
  reconnections: number;
}

export class ConnectionStatus {
  private snapshot: ConnectionSnapshot = { state: "idle", reconnections: 0 };
  private readonly listeners = new Set<() => void>();
  private lost = false;

  get = (): ConnectionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  connecting(): void {
    this.set({ ...this.snapshot, state: this.lost ? "reconnecting" : "connecting" });
  }

  connected(): void {
    const reconnections = this.snapshot.reconnections + (this.lost ? 1 : 0);
    this.lost = false;
    this.set({ state: "connected", reconnections });
  }

  /** `expected`: the client closed it (no more subscriptions, sign-out), nothing to resume. */
  closed(expected: boolean): void {
    this.lost = !expected;
    this.set({ ...this.snapshot, state: expected ? "idle" : "reconnecting" });
  }

  private set(next: ConnectionSnapshot): void {
    if (next.state === this.snapshot.state && next.reconnections === this.snapshot.reconnections)
      return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
