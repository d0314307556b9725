/**
 * The benchmark's HTTP/1.1 client: one keep-alive socket, one request at a time, the request
 * bytes written with a single `write`, the response framed by its `Content-Length`.
 *
 * Why not `node:http` or undici: measured against the app, both spend about 0.4 ms of the
 * benchmark process's time per request (agent, request object, header parsing, stream events),
 * which would be counted as server latency. Load-testing tools (wrk, autocannon) write raw
 * sockets for the same reason. What it does not support, it refuses loudly: a status other than
 * 200 or a response without `Content-Length` (chunked) rejects the request.
 */
import net from "node:net";

export interface BenchHttpClient {
  post(body: string, headers?: Record<string, string>): Promise<string>;
  close(): void;
}

const HEADER_END = Buffer.from("\r\n\r\n");

export function benchHttpClient(port: number, path = "/graphql"): Promise<BenchHttpClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    let received: Buffer[] = [];
    let size = 0;
    let waiting: { resolve(text: string): void; reject(err: Error): void } | null = null;

    const fail = (err: Error) => {
      const w = waiting;
      waiting = null;
      w?.reject(err);
    };

    socket.on("data", (chunk: Buffer) => {
      received.push(chunk);
      size += chunk.length;
      const data = received.length === 1 ? chunk : Buffer.concat(received, size);
      const headerEnd = data.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const head = data.subarray(0, headerEnd).toString("latin1");
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!length) return fail(new Error(`response without Content-Length: ${head}`));
      const end = headerEnd + HEADER_END.length + Number(length[1]);
      if (data.length < end) return;
      received = [];
      size = 0;
      const text = data.subarray(headerEnd + HEADER_END.length, end).toString("utf8");
      const status = head.slice(9, 12);
      if (status !== "200") return fail(new Error(`HTTP ${status}: ${text}`));
      const w = waiting;
      waiting = null;
      w?.resolve(text);
    });
    socket.on("error", (err) => {
      fail(err);
      reject(err);
    });
    socket.on("connect", () =>
      resolve({
        post(body, headers = {}) {
          if (waiting) return Promise.reject(new Error("one request at a time"));
          const extra = Object.entries(headers)
            .map(([name, value]) => `${name}: ${value}\r\n`)
            .join("");
          const request =
            `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
            `${extra}\r\n${body}`;
          return new Promise((res, rej) => {
            waiting = { resolve: res, reject: rej };
            socket.write(request);
          });
        },
        close: () => socket.end(),
      }),
    );
  });
}
