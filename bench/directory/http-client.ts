/**
 * The benchmark's HTTP/1.1 client: one keep-alive socket, one request at a time, the request
 * bytes written with a single `write`, the response framed by its `Content-Length` (or its
 * chunks, as the bare graphql-http server sends it).
 *
 * Why not `node:http` or undici: measured against the app, both spend about 0.4 ms of the
 * benchmark process's time per request (agent, request object, header parsing, stream events),
 * which would be counted as server latency. Load-testing tools (wrk, autocannon) write raw
 * sockets for the same reason. What it does not support, it refuses loudly: a response framed
 * by neither, or a closed connection, rejects the request; `post` also rejects a
 * status other than 200, `send` returns it.
 */
import net from "node:net";

export interface BenchResponse {
  status: number;
  text: string;
}

export interface BenchHttpClient {
  /** The response's body; rejects unless the status is 200. */
  post(body: string, headers?: Record<string, string>): Promise<string>;
  /** The response's status and body, whatever the status. */
  send(body: string, headers?: Record<string, string>): Promise<BenchResponse>;
  close(): void;
}

const HEADER_END = Buffer.from("\r\n\r\n");
const CRLF = Buffer.from("\r\n");

/** A chunked body's bytes once its last (empty) chunk is in; null while incomplete. */
function dechunk(data: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd < 0) return null;
    const size = parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (Number.isNaN(size)) throw new Error("malformed chunked body");
    const start = lineEnd + CRLF.length;
    if (data.length < start + size + CRLF.length) return null;
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(start, start + size));
    at = start + size + CRLF.length;
  }
}

export function benchHttpClient(port: number, path = "/graphql"): Promise<BenchHttpClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    let received: Buffer[] = [];
    let size = 0;
    let waiting: { resolve(response: BenchResponse): void; reject(err: Error): void } | null = null;

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
      const bodyStart = headerEnd + HEADER_END.length;
      let body: Buffer;
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (length) {
        const end = bodyStart + Number(length[1]);
        if (data.length < end) return;
        body = data.subarray(bodyStart, end);
      } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
        const chunks = dechunk(data.subarray(bodyStart));
        if (!chunks) return;
        body = chunks;
      } else {
        return fail(new Error(`response without Content-Length nor chunks: ${head}`));
      }
      received = [];
      size = 0;
      const text = body.toString("utf8");
      const w = waiting;
      waiting = null;
      w?.resolve({ status: Number(head.slice(9, 12)), text });
    });
    socket.on("close", () => fail(new Error("connection closed")));
    socket.on("error", (err) => {
      fail(err);
      reject(err);
    });
    const send = (body: string, headers: Record<string, string> = {}) => {
      if (waiting) return Promise.reject(new Error("one request at a time"));
      if (socket.destroyed) return Promise.reject(new Error("connection closed"));
      const extra = Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join("");
      const request =
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `${extra}\r\n${body}`;
      return new Promise<BenchResponse>((res, rej) => {
        waiting = { resolve: res, reject: rej };
        socket.write(request);
      });
    };
    socket.on("connect", () =>
      resolve({
        send,
        async post(body, headers) {
          const { status, text } = await send(body, headers);
          if (status !== 200) throw new Error(`HTTP ${status}: ${text}`);
          return text;
        },
        close: () => socket.end(),
      }),
    );
  });
}
