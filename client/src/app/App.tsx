import { ApolloProvider } from "@apollo/client/react";
import { useState } from "react";
import { RouterProvider } from "react-router";
import { AvailabilityProvider } from "./apollo/availability-context";
import { createApollo } from "./apollo/create-apollo-client";
import { RealtimeProvider } from "./apollo/realtime-context";
import { I18nProvider } from "./i18n/I18nProvider";
import { createRouter } from "./router";

export function App() {
  const [{ client, ws, status, availability }] = useState(createApollo);
  const [router] = useState(createRouter);
  return (
    <ApolloProvider client={client}>
      <RealtimeProvider ws={ws} status={status}>
        <AvailabilityProvider availability={availability}>
          <I18nProvider>
            <RouterProvider router={router} />
          </I18nProvider>
        </AvailabilityProvider>
      </RealtimeProvider>
    </ApolloProvider>
  );
}
