"""Look-alikes a good scanner stays quiet on, part 1: values in config-shaped files — placeholders,
references to secret stores, documentation examples, redacted values, publishable keys, Stripe
test keys, near misses of real formats, localhost defaults, prose, i18n strings, variable names.

Each case is (family, ext, text, context, note). File-shaped look-alikes (hashes, lockfiles,
media, public keys, ...) are in negatives_files.py."""
from __future__ import annotations

import json
import re

from formats import B62, expand, jwt, rs
from contexts import RENDERERS
from svc import WORDS, Value

# ---------------------------------------------------------------- helpers


def prefixed(svcs):
    """(service, var, prefix, body_len) for template shapes with a leading literal prefix."""
    out = []
    for s in svcs:
        for sh in s.shapes:
            tpl = sh if isinstance(sh, str) else sh.shape if hasattr(sh, "shape") and isinstance(sh.shape, str) else None
            if not tpl:
                continue
            m = re.match(r"([A-Za-z0-9_.\-]{3,})\{(\w+):(\d+)", tpl)
            if m and not tpl.startswith("http"):
                out.append((s, s.vars[0], m.group(1), int(m.group(3))))
    return out


class Ctx:
    def __init__(self, r, chooser, svcs):
        self.r, self.ch, self.svcs = r, chooser, svcs
        self.pref = prefixed(svcs)

    def svc_var(self):
        s = self.r.choice(self.svcs)
        return s, self.r.choice(s.vars)

    def render(self, name, value, svc=None, exclude=(), ident=False, only=None):
        """Render through the shared context renderers; `ident` marks prefixed look-alikes (renderers
        that drop the name may take them), `only` restricts the choice to config-like renderers."""
        val = Value("token", name=name, text=value, ident=ident)
        if only:
            exclude = tuple(set(exclude) | {n for n in RENDERERS if n not in only})
        return self.ch.pick(self.r, val, svc, exclude=exclude)


# config-shaped renderers: where defaults, docs snippets and test fixtures realistically sit
CONFIG = ("env", "json", "yaml", "yaml-nested", "compose", "python", "javascript", "typescript", "go", "java", "ruby",
          "php", "csharp", "properties", "ini", "toml", "xml-appsettings", "dockerfile", "markdown", "shell-export",
          "terraform", "ansible-vars", "k8s-secret")


def add(out, fam, rendered, note=""):
    ext, text, ctx = rendered
    out.append((fam, ext, text, ctx, note))


# ---------------------------------------------------------------- placeholders

GENERIC_PH = ["your-api-key-here", "YOUR_API_KEY", "<TOKEN>", "<your-token-here>", "<API_KEY>", "${SECRET}", "${API_KEY}",
              "$API_KEY", "{{ .Values.token }}", "{{ .Values.apiKey | quote }}", "%s", "%(password)s", "changeme", "change-me",
              "CHANGE_ME", "replace-me", "REPLACE_WITH_YOUR_KEY", "insert-your-key", "TODO", "TBD", "xxx",
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "XXXXXXXXXXXXXXXXXXXX", "dummy", "dummy-token", "example", "example-key",
              "placeholder", "none", "null", "", "<secret>", "[YOUR_SECRET]", "__SECRET__", "@@TOKEN@@", "<%= ENV['API_KEY'] %>",
              "#{api_key}", "{api_key}", "{{API_KEY}}", "$(API_KEY)", "%API_KEY%", "<paste-your-key>", "your_secret_key",
              "your-client-secret", "sk-your-key-here", "enter-token", "not-set", "set-me", "fake-key-for-tests",
              "<YOUR_ACCESS_TOKEN>", "MY_SECRET_TOKEN", "0000000000000000", "test", "secret", "password", "abc123", "<password>"]
PH_BODY = ["x", "X", "0", "*"]


def placeholders(c: Ctx, n):
    out, r = [], c.r
    for i in range(n):
        s, var = c.svc_var()
        if i % 2 and c.pref:
            s, var, pre, ln = r.choice(c.pref)
            form = r.choice(["fill", "angle", "dots", "words"])
            v = {"fill": pre + r.choice(PH_BODY[:3]) * ln, "angle": pre + "<your-key>", "dots": pre + "...",
                 "words": pre + r.choice(["YOUR_KEY_HERE", "your_token", "REPLACE_ME", "example"])}[form]
            add(out, "placeholder", c.render(var, v, s, ident=True), f"{pre} prefix with placeholder body")
        else:
            add(out, "placeholder", c.render(var, r.choice(GENERIC_PH), s))
    return out


# ---------------------------------------------------------------- references to secret stores and code lookups

def _refs(r, name):
    low, acct = name.lower(), rs(r, 12, "0123456789")
    return [
        ("py", f"import os\n\n{name} = os.environ[\"{name}\"]\n"), ("py", f"{low} = os.getenv(\"{name}\", \"\")\n"),
        ("py", f"from django.conf import settings\n\nclient = Client(api_key=settings.{name})\n"),
        ("js", f"const {low.replace('_', '')} = process.env.{name};\n"), ("js", f"const key = process.env[\"{name}\"] ?? '';\n"),
        ("ts", f"const key: string = import.meta.env.VITE_{name};\n"), ("go", f"key := os.Getenv(\"{name}\")\n"),
        ("rb", f"key = ENV.fetch(\"{name}\")\n"), ("rb", "key = Rails.application.credentials.dig(:stripe, :secret_key)\n"),
        ("php", f"<?php\n$key = getenv('{name}');\n"), ("php", f"<?php\nreturn ['secret' => env('{name}')];\n"),
        ("java", f"String key = System.getenv(\"{name}\");\n"), ("java", f"@Value(\"${{{low.replace('_', '.')}}}\")\nprivate String key;\n"),
        ("cs", f"var key = Environment.GetEnvironmentVariable(\"{name}\");\n"), ("rs", f"let key = std::env::var(\"{name}\")?;\n"),
        ("sh", f"curl -H \"Authorization: Bearer ${{{name}:?missing}}\" https://api.example.com/v1/me\n"),
        ("yml", f"env:\n  {name}: ${{{{ secrets.{name} }}}}\n"),
        ("yaml", f"env:\n  - name: {name}\n    valueFrom:\n      secretKeyRef:\n        name: app-secrets\n        key: {low.replace('_', '-')}\n"),
        ("tf", f"provider \"x\" {{\n  api_key = var.{low}\n}}\n"),
        ("tf", f"password = data.aws_secretsmanager_secret_version.db.secret_string\n"),
        ("yaml", f"Password: '{{{{resolve:secretsmanager:prod/{low}:SecretString:password}}}}'\n"),
        ("yaml", f"MasterUserPassword: !Ref {name.title().replace('_', '')}\n"),
        ("yaml", f"token: \"{{{{ .Values.secrets.{low} }}}}\"\n"), ("yml", f"{low}: \"{{{{ vault_{low} }}}}\"\n"),
        ("env", f"{name}=op://Production/{r.choice(WORDS).title()}/credential\n"),
        ("env", f"{name}=vault:secret/data/app#{low}\n"),
        ("env", f"{name}_ARN=arn:aws:secretsmanager:us-east-1:{acct}:secret:prod/{low}-{rs(r, 6, B62)}\n"),
        ("env", f"{name}_PARAM=/prod/app/{low}\n"), ("env", f"{name}=projects/{r.randint(100000, 999999)}/secrets/{low}/versions/latest\n"),
        ("json", json.dumps({name: f"@Microsoft.KeyVault(SecretUri=https://{r.choice(WORDS)}-kv.vault.azure.net/secrets/{name.title().replace('_', '')}/)"}) + "\n"),
        ("env", f"{name}_FILE=/run/secrets/{low}\n"), ("yml", f"{low}: ${{file:/etc/secrets/{low}}}\n"),
        ("py", f"{name} = get_secret(\"{low}\")\n"), ("js", f"const token = await vault.read('secret/data/{low}');\n"),
        ("sh", f"export {name}=\"$(aws ssm get-parameter --name /prod/{low} --with-decryption --query Parameter.Value --output text)\"\n"),
        ("sh", f"export {name}=$(op read op://ci/{low}/password)\n"),
    ]


def code_refs(c: Ctx, n):
    out = []
    for i in range(n):
        _, var = c.svc_var()
        name = re.sub(r"[^A-Za-z0-9]+", "_", var).upper()
        ext, text = c.r.choice(_refs(c.r, name))
        out.append(("code-reference", ext, text, "code", ""))
    return out


# ---------------------------------------------------------------- documentation examples

DOCS = [
    ([("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")], "AWS docs"),
    ([("aws_access_key_id", "AKIAI44QH8DHBEXAMPLE"), ("aws_secret_access_key", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")], "AWS docs"),
    ([("AZURE_STORAGE_CONNECTION_STRING", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLl"
                                          "mEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")],
     "Azurite emulator's published well-known key"),
    ([("AzureWebJobsStorage", "UseDevelopmentStorage=true")], "Azure storage emulator shortcut"),
    ([("STRIPE_SECRET_KEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc")], "Stripe docs test key"),
    ([("MAILGUN_API_KEY", "key-3ax6xnjp29jd6fds4gc373sgvjxteol0")], "Mailgun docs example key"),
    ([("SLACK_BOT_TOKEN", "xoxb-not-a-real-token-this-will-not-work")], "Slack SDK docs"),
    ([("TELEGRAM_BOT_TOKEN", "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11")], "Telegram Bot API docs"),
    ([("access_token", "2YotnFZFEjr1zCsicMWpAA"), ("refresh_token", "tGzv3JOkF0XG5Qx2TlKWIA")], "RFC 6749 example"),
    ([("Authorization", "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW")], "RFC 6749 client authentication example"),
    ([("Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")], "RFC 7617 example"),
    ([("TWILIO_ACCOUNT_SID", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"), ("TWILIO_AUTH_TOKEN", "your_auth_token")], "Twilio docs"),
    ([("password", "MWYyZDFlMmU2N2Rm"), ("username", "YWRtaW4=")], "Kubernetes Secret docs example"),
    ([("MYSQL_ROOT_PASSWORD", "my-secret-pw")], "mysql image README"),
    ([("POSTGRES_PASSWORD", "mysecretpassword")], "postgres image README"),
    ([("MSSQL_SA_PASSWORD", "yourStrong(!)Password")], "SQL Server container docs"),
    ([("DATABASE_URL", "postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp")], "libpq docs"),
]


def docs_examples(c: Ctx, n):
    out = []
    for i in range(n):
        pairs, note = DOCS[i % len(DOCS)]
        if note.startswith("Kubernetes"):
            text = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysecret\ntype: Opaque\ndata:\n"
                    "  username: YWRtaW4=\n  password: MWYyZDFlMmU2N2Rm\n")
            out.append(("docs-example", "yaml", text, "k8s-secret", note))
        elif pairs[0][0] == "Authorization":
            text = f"```http\nPOST /token HTTP/1.1\nHost: server.example.com\nAuthorization: {pairs[0][1]}\n```\n"
            out.append(("docs-example", "md", text, "markdown", note))
        elif len(pairs) == 1:
            add(out, "docs-example", c.render(pairs[0][0], pairs[0][1], only=CONFIG), note)
        else:
            from svc import Pairs
            val = Value("pairs", pairs=Pairs(pairs, -1))
            add(out, "docs-example", c.ch.pick(c.r, val, None, exclude=tuple(n for n in RENDERERS if n not in CONFIG)), note)
    return out


# ---------------------------------------------------------------- redacted values

def redacted(c: Ctx, n):
    out, r = [], c.r
    for i in range(n):
        s, var = c.svc_var()
        pre = r.choice(c.pref)[2] if c.pref and r.random() < 0.6 else ""
        v = r.choice([pre + "*" * r.randint(4, 24), pre + "…REDACTED", pre + "[REDACTED]", "********", "[REDACTED]", "<redacted>",
                      "[FILTERED]", "[MASKED]", "***", "•" * 12, pre + "..." + rs(r, 4, B62), "REDACTED", "<hidden>", "(sensitive value)"])
        if i % 5 == 0:
            day = r.randint(1, 9)
            lines = [f"2025-04-0{day}T10:0{k}:1{k}.{r.randint(1000000, 9999999)}Z " + ln for k, ln in enumerate([
                "##[group]Run ./deploy.sh", f"  {var}: ***", "##[endgroup]", f"Using {var}=*** for upload", "Upload complete"])]
            out.append(("redacted", "log", "\n".join(lines) + "\n", "ci-log-masked", "GitHub Actions masking"))
        else:
            add(out, "redacted", c.render(var, v, s))
    return out


# ---------------------------------------------------------------- publishable keys (public by design)

def _clerk_pk(r):
    import base64
    return "pk_live_" + base64.b64encode(f"clerk.{r.choice(WORDS)}.com$".encode()).decode().rstrip("=")


PUBLISHABLE = [
    ("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", lambda r: "pk_live_51" + rs(r, 97, B62), "Stripe publishable key"),
    ("STRIPE_PUBLISHABLE_KEY", lambda r: "pk_test_51" + rs(r, 97, B62), "Stripe publishable test key"),
    ("MAPBOX_PUBLIC_TOKEN", lambda r: "pk.eyJ1Ijoi" + expand(r, "{b64u:30}.{b64u:22}"), "Mapbox public token"),
    ("NEXT_PUBLIC_POSTHOG_KEY", lambda r: "phc_" + rs(r, 43, B62), "PostHog project key"),
    ("RECAPTCHA_SITE_KEY", lambda r: "6L" + expand(r, "{b64u:38}"), "reCAPTCHA site key"),
    ("HCAPTCHA_SITEKEY", lambda r: expand(r, "{uuid}"), "hCaptcha site key"),
    ("TURNSTILE_SITE_KEY", lambda r: "0x4AAAAAAA" + expand(r, "{b64u:14}"), "Turnstile site key"),
    ("NEXT_PUBLIC_ALGOLIA_SEARCH_KEY", lambda r: expand(r, "{hex:32}"), "Algolia search-only key"),
    ("NEXT_PUBLIC_SUPABASE_ANON_KEY", lambda r: jwt(r, {"iss": "supabase", "ref": rs(r, 20, "abcdefghijklmnopqrstuvwxyz"), "role": "anon",
                                                        "iat": 1_700_000_000, "exp": 2_015_000_000}, secret=r.randbytes(32)),
     "Supabase anon key (public with row-level security)"),
    ("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY", _clerk_pk, "Clerk publishable key"),
    ("RAZORPAY_KEY_ID", lambda r: "rzp_live_" + rs(r, 14, B62), "Razorpay key id (used in checkout.js)"),
    ("BRAINTREE_TOKENIZATION_KEY", lambda r: expand(r, "production_{an:8}_{an:16}"), "Braintree tokenization key"),
    ("SQUARE_APPLICATION_ID", lambda r: "sq0idp-" + expand(r, "{b64u:22}"), "Square application id"),
    ("FLW_PUBLIC_KEY", lambda r: expand(r, "FLWPUBK-{hex:32}-X"), "Flutterwave public key"),
    ("PAYSTACK_PUBLIC_KEY", lambda r: expand(r, "pk_live_{hex:40}"), "Paystack public key"),
    ("CKO_PUBLIC_KEY", lambda r: expand(r, "pk_{uuid}"), "Checkout.com public key"),
    ("LAUNCHDARKLY_CLIENT_SIDE_ID", lambda r: expand(r, "{hex:24}"), "LaunchDarkly client-side id"),
    ("DD_RUM_CLIENT_TOKEN", lambda r: expand(r, "pub{hex:32}"), "Datadog RUM client token"),
    ("LANGFUSE_PUBLIC_KEY", lambda r: expand(r, "pk-lf-{uuid}"), "Langfuse public key"),
    ("RADAR_PUBLISHABLE_KEY", lambda r: expand(r, "prj_live_pk_{hex:40}"), "Radar publishable key"),
    ("REVENUECAT_APPLE_API_KEY", lambda r: expand(r, "appl_{b62:27}"), "RevenueCat public SDK key"),
    ("STATSIG_CLIENT_KEY", lambda r: expand(r, "client-{b62:43}"), "Statsig client key"),
    ("GROWTHBOOK_CLIENT_KEY", lambda r: expand(r, "sdk-{b62:16}"), "GrowthBook SDK client key"),
]


def publishable(c: Ctx, n):
    out, r = [], c.r
    for i in range(n):
        name, fn, note = PUBLISHABLE[i % len(PUBLISHABLE)]
        v = fn(r)
        if i % 4 == 0:
            tag = (f'<script src="https://js.example.com/v3"></script>\n<div class="g-recaptcha" data-sitekey="{v}"></div>\n'
                   if "SITE" in name else f'<script>\n  window.__CONFIG__ = {{ "{name.lower()}": "{v}" }};\n</script>\n')
            out.append(("publishable", "html", tag, "html", note))
        else:
            add(out, "publishable", c.render(name, v, ident=True), note)
    return out


def stripe_test(c: Ctx, n):
    out = []
    for i in range(n):
        v = c.r.choice(["sk_test_51" + rs(c.r, 97, B62), "sk_test_" + rs(c.r, 24, B62), "rk_test_51" + rs(c.r, 97, B62)])
        add(out, "test-key", c.render(c.r.choice(["STRIPE_SECRET_KEY", "STRIPE_TEST_SECRET_KEY", "STRIPE_API_KEY"]), v, ident=True),
            "Stripe test-mode key: not a production credential")
    return out


import negatives_more  # noqa: E402  (near misses, localhost, prose, i18n, variable names, encrypted values)


def cases(r, chooser, svcs):
    c = Ctx(r, chooser, svcs)
    out = placeholders(c, 520) + code_refs(c, 260) + docs_examples(c, 90) + redacted(c, 160) + publishable(c, 160)
    # Stripe test-mode secret keys were labelled benign at first; they are real credentials of
    # the account's test mode (GitHub secret scanning reports them too), so they are positives
    # now (services_money.py, "Stripe test mode").
    out += negatives_more.cases(c)
    import negatives_files
    return out + negatives_files.cases(r)
