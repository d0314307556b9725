/** A raw keep-alive HTTP/1.1 connection, to send requests at exact moments on one socket. */
import net from "node:net";

export class RawConnection {
  private received = "";
  closed = false;
  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (this.received += chunk));
    socket.on("close", () => (this.closed = true));
    socket.on("error", () => (this.closed = true));
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** Waits for one complete response (headers and a Content-Length body) and returns it. */
  async response(ms = 5_000): Promise<{ status: number; headers: string; body: string }> {
    const giveUpAt = Date.now() + ms;
    for (;;) {
      const end = this.received.indexOf("\r\n\r\n");
      if (end >= 0) {
        const headers = this.received.slice(0, end);
        const length = Number(/content-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
        if (Buffer.byteLength(this.received.slice(end + 4)) >= length) {
          const body = this.received.slice(end + 4, end + 4 + length);
          this.received = this.received.slice(end + 4 + length);
          return { status: Number(headers.split(" ")[1]), headers: headers.toLowerCase(), body };
        }
      }
      if (this.closed)
        throw new Error(`connection closed before a response (got "${this.received}")`);
      if (Date.now() > giveUpAt) throw new Error("no response in time");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Resolves once the server has closed the connection. */
  async waitClosed(ms = 5_000): Promise<void> {
    const giveUpAt = Date.now() + ms;
    while (!this.closed && Date.now() < giveUpAt) await new Promise((r) => setTimeout(r, 10));
    if (!this.closed) throw new Error("the connection is still open");
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export const graphqlPost = (query: string) => {
  const body = JSON.stringify({ query });
  return {
    head: `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    body,
  };
};
