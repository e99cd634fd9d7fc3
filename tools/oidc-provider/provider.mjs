// A certified OpenID provider (oidc-provider) run locally, so the hub's login is proven against a
// third party rather than against itself. It plays an ACM/IDM-like provider: authorization code
// with PKCE S256, RS256 ID tokens, ACM/IDM claims per scope, rotating single-use refresh tokens,
// RP-initiated logout, introspection and revocation.
//
// Usage: node provider.mjs CONFIG.json   (or OIDC_PROVIDER_CONFIG=CONFIG.json node provider.mjs)
// CONFIG.json: {
//   "issuer": "http://127.0.0.1:PORT", "port": PORT,
//   "clients": [{ "client_id", "client_secret", "redirect_uris", "post_logout_redirect_uris",
//                 "grant_types", "token_endpoint_auth_method", ... }],   // client metadata as is
//   "accounts": { "<accountId>": { "given_name", "family_name", "rrn", "vo_id", "acr",
//                                  "vloket_rol_3d": ["Role:OrgCode"], ... } },
//   "conformIdTokenClaims": true   // optional; false puts scope claims in the ID token too
// }
// Sign in on the built-in development pages with the accountId as login name (any password).
// Prints `ready <issuer>` on stdout once listening; every diagnostic goes to stderr.
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

// oidc-provider announces on stdout and stderr that it runs with development-only parts and
// default-looking pages. Those are this tool's purpose, so those notices are dropped; any other
// notice goes to stderr, keeping stdout for the `ready` line.
const EXPECTED_NOTICES = [
  "a quick start development-only feature devInteractions is enabled",
  "a quick start development-only in-memory adapter is used",
  "function called, you SHOULD change it",
];
for (const stream of ["info", "warn"]) {
  const write = console.error.bind(console);
  console[stream] = (...parts) => {
    const text = parts.join(" ");
    if (!EXPECTED_NOTICES.some((notice) => text.includes(notice))) write(...parts);
  };
}
// Imported only now: the module announces an unsupported Node.js release as it loads.
const { default: Provider } = await import("oidc-provider");

const configPath = process.argv[2] ?? process.env.OIDC_PROVIDER_CONFIG;
if (!configPath) {
  console.error("usage: node provider.mjs CONFIG.json (or set OIDC_PROVIDER_CONFIG)");
  process.exit(2);
}
const config = JSON.parse(readFileSync(configPath, "utf8"));
const accounts = config.accounts ?? {};
const issuer = new URL(config.issuer);

function signingKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };
}

async function findAccount(_ctx, accountId) {
  const claims = accounts[accountId];
  if (claims === undefined) return undefined;
  return {
    accountId,
    async claims() {
      // `acr` belongs to the sign-in, not the person: the provider sets it from the login.
      const { acr: _signIn, ...person } = claims;
      return { ...person, sub: accountId };
    },
  };
}

const DAY = 24 * 60 * 60;

class VloketTestProvider extends Provider {
  // The development login page only reports the login name; the account decides how it signed
  // in (its `acr`), and a name that is no account ends the request as refused.
  async interactionResult(req, res, result, options) {
    if (result.login) {
      const account = accounts[result.login.accountId];
      if (account === undefined) {
        return super.interactionResult(
          req,
          res,
          { error: "access_denied", error_description: `no account ${result.login.accountId}` },
          options,
        );
      }
      const login = { ...result.login, ...(account.acr ? { acr: account.acr } : {}) };
      return super.interactionResult(req, res, { ...result, login }, options);
    }
    return super.interactionResult(req, res, result, options);
  }
}

const provider = new VloketTestProvider(config.issuer, {
  clients: config.clients ?? [],
  findAccount,
  jwks: { keys: [signingKey()] },
  cookies: { keys: [randomBytes(32).toString("base64url")] },
  claims: {
    auth_time: null,
    sid: null,
    // `acr` rides with `openid` so every ID token says how the person signed in (the hub reads
    // it); as a claim of its own it would only be released when the client asks for it.
    openid: ["sub", "acr"],
    profile: ["given_name", "family_name"],
    rrn: ["rrn"],
    vo: ["vo_id", "vloket_rol_3d", "vo_orgcode", "vo_orgnaam"],
  },
  scopes: ["openid", "offline_access", "profile", "rrn", "vo"],
  acrValues: [...new Set(Object.values(accounts).map((account) => account.acr).filter(Boolean))],
  conformIdTokenClaims: config.conformIdTokenClaims ?? true,
  enabledJWA: { idTokenSigningAlgValues: ["RS256"] },
  responseTypes: ["code"],
  pkce: { required: () => true },
  // By default a refresh token needs the `offline_access` scope, which the provider drops unless
  // `prompt=consent` is sent too. Here every code exchange of a client registered for the
  // refresh_token grant gets one; without offline_access it ends with the provider session.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
  // ACM/IDM refresh tokens rotate and are single-use; reusing one revokes the whole grant.
  rotateRefreshToken: true,
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    introspection: {
      enabled: true,
      allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId,
    },
    revocation: {
      enabled: true,
      allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId,
    },
  },
  ttl: {
    AccessToken: 60 * 60,
    AuthorizationCode: 60,
    IdToken: 60 * 60,
    Interaction: 60 * 60,
    RefreshToken: 14 * DAY,
    Grant: 14 * DAY,
    Session: 14 * DAY,
  },
});

// Registered clients are otherwise only checked when first used; a bad one should stop the start.
for (const client of config.clients ?? []) await provider.Client.find(client.client_id);

const server = provider.listen(Number(config.port ?? issuer.port), issuer.hostname, () => {
  process.stdout.write(`ready ${config.issuer}\n`);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
