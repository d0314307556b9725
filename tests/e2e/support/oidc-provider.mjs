// A real OpenID provider (oidc-provider) for the ProConnect tests, run as a child process (the
// package is ESM-only; jest's module system cannot load it). Its development login form accepts
// any login: the login is the person's e-mail, and the claims are ProConnect's.
//   OIDC_PORT=… REDIRECT_URI=… POST_LOGOUT_URI=… node oidc-provider.mjs
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "maillage",
      client_secret: "secret-de-test-maillage",
      redirect_uris: [process.env.REDIRECT_URI],
      post_logout_redirect_uris: [process.env.POST_LOGOUT_URI],
      response_types: ["code"],
      grant_types: ["authorization_code"],
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    given_name: ["given_name"],
    usual_name: ["usual_name"],
    siret: ["siret"],
  },
  scopes: ["openid", "email", "given_name", "usual_name", "siret"],
  acrValues: ["eidas1"],
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: id,
          email_verified: true,
          given_name: "Camille",
          usual_name: "Agent",
          siret: "21440109300015",
        };
      },
    };
  },
  // Short-lived ID tokens are not needed: the app's own checks are what is tested.
});
provider.proxy = false;
provider.listen(port, "127.0.0.1", () =>
  process.stdout.write(`oidc provider ready on ${issuer}\n`),
);
