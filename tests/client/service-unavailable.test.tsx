import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from "@apollo/client";
import { act, render, screen } from "@testing-library/react";
import { AvailabilityProvider } from "@/app/apollo/availability-context";
import { ServiceAvailability, serviceUnavailableRetry } from "@/app/apollo/service-availability";
import { I18nProvider } from "@/app/i18n/I18nProvider";
import { ServiceUnavailableBanner } from "@/app/layout/ServiceUnavailableBanner";

/**
 * A real HTTP server that answers as Maillage does during a database outage (503, Retry-After,
 * SERVICE_UNAVAILABLE) for its first `failures` requests, then normally.
 */
async function flakyServer(failures: number) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push(JSON.parse(body).operationName ?? "");
      res.setHeader("content-type", "application/json");
      if (seen.length <= failures) {
        res.statusCode = 503;
        res.setHeader("retry-after", "5");
        res.end(
          JSON.stringify({
            errors: [{ message: "unavailable", extensions: { code: "SERVICE_UNAVAILABLE" } }],
          }),
        );
      } else res.end(JSON.stringify({ data: { __typename: "Query" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, seen, close: () => server.close() };
}

function clientFor(url: string, availability: ServiceAvailability) {
  return new ApolloClient({
    link: ApolloLink.from([serviceUnavailableRetry(availability), new HttpLink({ uri: url })]),
    cache: new InMemoryCache(),
  });
}

test("a query refused with 503 is retried with back-off, the banner shows meanwhile, then hides", async () => {
  const server = await flakyServer(2);
  const availability = new ServiceAvailability();
  const states: boolean[] = [];
  availability.subscribe(() => states.push(availability.get()));
  render(
    <I18nProvider>
      <AvailabilityProvider availability={availability}>
        <ServiceUnavailableBanner />
      </AvailabilityProvider>
    </I18nProvider>,
  );
  try {
    const client = clientFor(server.url, availability);
    const pending = client.query({
      query: gql`
        query Ping {
          __typename
        }
      `,
      fetchPolicy: "no-cache",
    });
    await screen.findByText("Service temporairement indisponible, nouvel essai en cours…");
    const result = await act(() => pending);
    expect(result.data).toEqual({ __typename: "Query" });
    expect(server.seen).toEqual(["Ping", "Ping", "Ping"]);
    expect(states).toEqual([true, false]);
    expect(screen.getByRole("status")).toBeEmptyDOMElement();
  } finally {
    server.close();
  }
});

test("a mutation refused with 503 is not replayed: the form that sent it decides", async () => {
  const server = await flakyServer(1);
  const availability = new ServiceAvailability();
  try {
    const client = clientFor(server.url, availability);
    await expect(
      client.mutate({
        mutation: gql`
          mutation Logout {
            logout
          }
        `,
      }),
    ).rejects.toThrow(/503/);
    expect(server.seen).toEqual(["Logout"]);
    expect(availability.get()).toBe(false);
  } finally {
    server.close();
  }
});
