import { ApolloProvider } from "@apollo/client/react";
import { useState } from "react";
import { RouterProvider } from "react-router";
import { createApollo } from "./apollo/create-apollo-client";
import { RealtimeProvider } from "./apollo/realtime-context";
import { I18nProvider } from "./i18n/I18nProvider";
import { createRouter } from "./router";

export function App() {
  const [{ client, ws, status }] = useState(createApollo);
  const [router] = useState(createRouter);
  return (
    <ApolloProvider client={client}>
      <RealtimeProvider ws={ws} status={status}>
        <I18nProvider>
          <RouterProvider router={router} />
        </I18nProvider>
      </RealtimeProvider>
    </ApolloProvider>
  );
}
