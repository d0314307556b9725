import { TestEnvironment } from "jest-environment-jsdom";

/**
 * jsdom without the Fetch API that react-router's navigations use (Request, AbortSignal): take
 * Node's own, consistently (a Node Request refuses a jsdom AbortSignal).
 */
export default class JsdomWithFetch extends TestEnvironment {
  override async setup(): Promise<void> {
    await super.setup();
    const g = this.global as unknown as Record<string, unknown>;
    for (const name of [
      "fetch",
      "Request",
      "Response",
      "Headers",
      "FormData",
      "AbortController",
      "AbortSignal",
      "TextEncoder",
      "TextDecoder",
      "ReadableStream",
      "structuredClone",
    ])
      g[name] = (globalThis as Record<string, unknown>)[name];
  }
}
