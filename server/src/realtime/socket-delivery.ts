import type { ExecutionResult } from "graphql";
import type { PromiseOrValue } from "graphql/jsutils/PromiseOrValue";
import type { SocketHandle } from "../graphql/context";
import type { PushSource } from "./push-source";

/**
 * Writes a push source's items to a graphql-ws socket as `next` messages, exactly as graphql-ws
 * would, but serialising each result once however many subscribers receive it: a shared
 * result's payload is cached by result object.
 */
export function createSocketDelivery(formatResult: (result: ExecutionResult) => ExecutionResult) {
  const payloads = new WeakMap<ExecutionResult, string>();
  const payloadOf = (result: ExecutionResult) => {
    let json = payloads.get(result);
    if (json === undefined) payloads.set(result, (json = JSON.stringify(formatResult(result))));
    return json;
  };

  /**
   * Starts delivering `source` on `socket` for operation `operationId`. Returns the iterator
   * graphql-ws waits on: it yields nothing and ends with the source (graphql-ws then sends
   * `complete`), or throws its failure (graphql-ws sends `error`); its `return` (the client
   * completed, or the socket closed) stops the source.
   */
  return function deliver<T>(
    source: PushSource<T>,
    resultOf: (item: T) => PromiseOrValue<ExecutionResult>,
    socket: SocketHandle,
    operationId: string,
  ): AsyncIterableIterator<never> {
    const prefix = `{"id":${JSON.stringify(operationId)},"type":"next","payload":`;
    let failure: { error: unknown } | null = null;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const send = (result: ExecutionResult) => socket.send(`${prefix}${payloadOf(result)}}`);
    source.pushTo({
      next(item) {
        const result = resultOf(item);
        if (result instanceof Promise) return result.then(send);
        send(result);
      },
      end: () => finish(),
      fail: (error) => {
        failure = { error };
        finish();
      },
    });
    const done = { value: undefined as never, done: true as const };
    const iterator: AsyncIterableIterator<never> = {
      async next() {
        await finished;
        if (failure) throw failure.error;
        return done;
      },
      async return() {
        source.stop();
        finish();
        return done;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  };
}
