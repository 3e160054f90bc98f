"""Identity providers, auth platforms, and framework signing secrets (documented variable names)."""
from __future__ import annotations

from formats import expand, jwt, rs, CHARSETS
from svc import P, S, V

AU, APP = "auth", "app-secret"


def auth0_mgmt(r):
    t = expand(r, "{low:8}")
    return jwt(r, {"iss": f"https://{t}.us.auth0.com/", "sub": expand(r, "{b62:32}") + "@clients",
                   "aud": f"https://{t}.us.auth0.com/api/v2/", "iat": r.randint(1_700_000_000, 1_750_000_000),
                   "gty": "client-credentials", "azp": expand(r, "{b62:32}")}, alg="RS256", header_extra={"kid": expand(r, "{b62:22}")})


def django_key(r):
    return "django-insecure-" + rs(r, 50, CHARSETS["an"] + "!@#%^&*(-_=+)") if r.random() < 0.3 else rs(
        r, 50, CHARSETS["an"] + "!@#%^&*(-_=+)")


SERVICES = [
    S("Auth0", AU, [P(("AUTH0_DOMAIN", "{low:8}.us.auth0.com"), ("AUTH0_CLIENT_ID", "{b62:32}"), ("AUTH0_CLIENT_SECRET", "{b64u:64}")),
                    V(["AUTH0_MANAGEMENT_API_TOKEN", "AUTH0_API_TOKEN"], auth0_mgmt)], "AUTH0_CLIENT_SECRET",
      host="acme.us.auth0.com", auth="bearer"),
    S("Okta", AU, ["00{b64u:40}"], "OKTA_API_TOKEN OKTA_CLIENT_TOKEN okta.client.token", host="acme.okta.com",
      auth="header:Authorization=SSWS "),
    S("Clerk", AU, ["sk_live_{b62:40}", V(["CLERK_WEBHOOK_SECRET"], "whsec_{b64b:24}")], "CLERK_SECRET_KEY",
      host="api.clerk.com", auth="bearer"),
    S("Stytch", AU, [P(("STYTCH_PROJECT_ID", "project-live-{uuid}"), ("STYTCH_SECRET", "secret-live-{b64u:36}"))], "STYTCH_SECRET",
      host="api.stytch.com", auth="basic-pass"),
    S("WorkOS", AU, ["sk_{b64u:70}"], "WORKOS_API_KEY", host="api.workos.com", auth="bearer"),
    S("Descope", AU, [P(("DESCOPE_PROJECT_ID", "P2{b62:26}"), ("DESCOPE_MANAGEMENT_KEY", "K2{b62:26}{b64u:80}"))],
      "DESCOPE_MANAGEMENT_KEY"),
    S("Keycloak", AU, [P(("KEYCLOAK_CLIENT_ID", "{low:8}-backend"), ("KEYCLOAK_CLIENT_SECRET", "{b62:32}")),
                       V(["KEYCLOAK_ADMIN_PASSWORD", "KC_BOOTSTRAP_ADMIN_PASSWORD"], "{pw:20}")], "KEYCLOAK_CLIENT_SECRET"),
    S("FusionAuth", AU, ["{b64u:64}"], "FUSIONAUTH_API_KEY", host="auth.example.net", auth="header:Authorization"),
    S("Ory Network", AU, ["ory_pat_{b62:32}", "ory_apikey_{b62:32}"], "ORY_API_KEY ORY_ACCESS_TOKEN", host="acme.projects.oryapis.com",
      auth="bearer"),
    S("Frontegg", AU, [P(("FRONTEGG_CLIENT_ID", "{uuid}"), ("FRONTEGG_API_KEY", "{uuid}"))], "FRONTEGG_API_KEY"),
    S("Kinde", AU, [P(("KINDE_CLIENT_ID", "{hex:32}"), ("KINDE_CLIENT_SECRET", "{b62:44}"))], "KINDE_CLIENT_SECRET"),
    S("Amazon Cognito", AU, [P(("COGNITO_CLIENT_ID", "{an:26}"), ("COGNITO_CLIENT_SECRET", "{an:51}"))], "COGNITO_CLIENT_SECRET"),
    S("Ping Identity", AU, [P(("PINGONE_CLIENT_ID", "{uuid}"), ("PINGONE_CLIENT_SECRET", "{b64u:64}"))], "PINGONE_CLIENT_SECRET"),
    S("OneLogin", AU, [P(("ONELOGIN_CLIENT_ID", "{hex:64}"), ("ONELOGIN_CLIENT_SECRET", "{hex:64}"))], "ONELOGIN_CLIENT_SECRET"),
    S("Duo Security", AU, [P(("DUO_IKEY|DUO_CLIENT_ID", "DI{AN:18}"), ("DUO_SKEY|DUO_CLIENT_SECRET", "{b62:40}"),
                             ("DUO_HOST|DUO_API_HOST", "api-{hex:8}.duosecurity.com"), main=1)], "DUO_SKEY"),
    S("JumpCloud", AU, ["{hex:40}"], "JUMPCLOUD_API_KEY", host="console.jumpcloud.com", auth="header:x-api-key"),
    S("Magic", AU, ["sk_live_{HEX:16}"], "MAGIC_SECRET_KEY", host="api.magic.link", auth="header:X-Magic-Secret-Key"),
    S("Zitadel", AU, ["{b64u:86}"], "ZITADEL_PAT ZITADEL_SERVICE_USER_TOKEN", host="acme.zitadel.cloud", auth="bearer"),
    S("authentik", AU, ["{b62:60}"], "AUTHENTIK_TOKEN AUTHENTIK_BOOTSTRAP_TOKEN", host="auth.example.net", auth="bearer"),
    S("Logto", AU, [P(("LOGTO_APP_ID", "{an:21}"), ("LOGTO_APP_SECRET", "{an:32}"))], "LOGTO_APP_SECRET"),
    S("SuperTokens", AU, ["{b62:32}"], "SUPERTOKENS_API_KEY", host="try.supertokens.com", auth="header:api-key"),
    S("Hanko", AU, ["{b64:44}"], "HANKO_API_KEY"),
    S("Privy", AU, [P(("PRIVY_APP_ID", "{an:25}"), ("PRIVY_APP_SECRET", "{b62:88}"))], "PRIVY_APP_SECRET"),
    S("Dynamic", AU, ["dyn_{b62:48}"], "DYNAMIC_API_TOKEN", host="app.dynamicauth.com", auth="bearer"),
    S("Better Auth", APP, ["{b64b:32}"], "BETTER_AUTH_SECRET"),
    S("NextAuth.js / Auth.js", APP, ["{b64b:32}"], "NEXTAUTH_SECRET AUTH_SECRET"),
    S("Ruby on Rails", APP, [V(["SECRET_KEY_BASE"], "{hex:128}"), V(["RAILS_MASTER_KEY"], "{hex:32}")], "SECRET_KEY_BASE"),
    S("Django", APP, [django_key], "DJANGO_SECRET_KEY SECRET_KEY"),
    S("Laravel", APP, ["base64:{b64b:32}"], "APP_KEY"),
    S("Symfony", APP, ["{hex:32}"], "APP_SECRET"),
    S("Flask", APP, ["{hex:48}", "{b64u:43}"], "FLASK_SECRET_KEY SECRET_KEY"),
    S("Phoenix", APP, ["{b64:64}"], "SECRET_KEY_BASE PHX_SECRET_KEY_BASE"),
    S("ASP.NET machineKey", APP, [P(("validationKey", "{HEX:128}"), ("decryptionKey", "{HEX:64}"), main=0)], "validationKey"),
    S("Express session", APP, ["{b64u:43}"], "SESSION_SECRET COOKIE_SECRET"),
    S("Strapi", "cms", [P(("APP_KEYS", lambda r: ",".join(expand(r, "{b64b:16}") for _ in range(4))), ("API_TOKEN_SALT", "{b64b:16}"),
                        ("ADMIN_JWT_SECRET", "{b64b:16}"), ("JWT_SECRET", "{b64b:16}"), main=2),
                      V(["STRAPI_API_TOKEN", "STRAPI_TOKEN"], "{hex:256}")], "STRAPI_API_TOKEN",
      host="cms.example.net", auth="bearer"),
    S("Ghost", "cms", [V(["GHOST_ADMIN_API_KEY"], "{hex:24}:{hex:64}")], "GHOST_ADMIN_API_KEY"),
    S("Directus", "cms", [P(("DIRECTUS_KEY|KEY", "{uuid}"), ("DIRECTUS_SECRET|SECRET", "{b64u:43}")), V(["DIRECTUS_TOKEN"], "{b64u:32}")],
      "DIRECTUS_SECRET"),
    S("Payload CMS", "cms", ["{hex:24}"], "PAYLOAD_SECRET"),
    S("WordPress salts", APP, [P(("AUTH_KEY", "{pw:64}"), ("SECURE_AUTH_KEY", "{pw:64}"), ("LOGGED_IN_KEY", "{pw:64}"),
                                 ("NONCE_KEY", "{pw:64}"), main=0)], "AUTH_KEY"),
    S("Mastodon server secrets", AU, [P(("SECRET_KEY_BASE", "{hex:128}"), ("OTP_SECRET", "{hex:128}"))], "OTP_SECRET"),
    S("Grafana admin", AU, [V(["GF_SECURITY_ADMIN_PASSWORD", "GRAFANA_ADMIN_PASSWORD"], "{pw:20}")], "GF_SECURITY_ADMIN_PASSWORD"),
]
