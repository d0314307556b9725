import { ApolloLink } from "@apollo/client";
import { Observable, type Subscriber } from "rxjs";

/**
 * Stands in for the WebSocket: records each subscription's variables (to check the cursor it
 * resumes from) and lets the test push events or break the stream.
 */
export class FakeEventStream extends ApolloLink {
  readonly requests: Record<string, unknown>[] = [];
  private current: Subscriber<ApolloLink.Result> | null = null;

  override request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    this.requests.push({ ...operation.variables });
    return new Observable((subscriber) => {
      this.current = subscriber;
      return () => {
        if (this.current === subscriber) this.current = null;
      };
    });
  }

  get open(): boolean {
    return this.current !== null;
  }

  emit(data: Record<string, unknown>): void {
    if (!this.current) throw new Error("no open stream");
    this.current.next({ data });
  }

  fail(error = new Error("socket closed")): void {
    if (!this.current) throw new Error("no open stream");
    const subscriber = this.current;
    this.current = null;
    subscriber.error(error);
  }
}
