import { ApolloLink } from "@apollo/client";
import { MockLink } from "@apollo/client/testing";
import { MockedProvider } from "@apollo/client/testing/react";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { createCache } from "@/app/apollo/create-apollo-client";
import type { Locale } from "@/app/i18n/define-messages";
import { I18nProvider } from "@/app/i18n/I18nProvider";

export type Mock = MockLink.MockedResponse<Record<string, unknown>, Record<string, unknown>>;

/**
 * Renders a page with its real providers; only the network is replaced (Apollo's MockLink, and a
 * given link for subscriptions). The router is returned so tests read the URL.
 */
export function renderPage(
  element: ReactElement,
  options: { mocks: Mock[]; route?: string; path?: string; locale?: Locale; link?: ApolloLink },
) {
  const router = createMemoryRouter(
    [
      { path: options.path ?? "/", element },
      { path: "*", element: <p>elsewhere</p> },
    ],
    { initialEntries: [options.route ?? "/"] },
  );
  const utils = render(
    <MockedProvider
      mocks={options.link ? undefined : options.mocks}
      link={options.link}
      cache={createCache()}
      mockLinkDefaultOptions={{ delay: 0 }}
    >
      <I18nProvider locale={options.locale ?? "fr"}>
        <RouterProvider router={router} />
      </I18nProvider>
    </MockedProvider>,
  );
  return { ...utils, router };
}

/** Query/mutation mocks over MockLink, subscriptions over the given link. */
export function splitLink(mocks: Mock[], subscriptions: ApolloLink): ApolloLink {
  return ApolloLink.split(
    ({ query }) =>
      query.definitions.some(
        (d) => d.kind === "OperationDefinition" && d.operation === "subscription",
      ),
    subscriptions,
    new MockLink(mocks, { defaultOptions: { delay: 0 } }),
  );
}

/** The URL's query string as an object of arrays. */
export function searchOf(router: { state: { location: { search: string } } }) {
  return new URLSearchParams(router.state.location.search);
}
