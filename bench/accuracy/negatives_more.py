"""Look-alikes part 2: near misses of real formats, localhost defaults, prose, i18n strings,
variable names without values, and values encrypted for committing (SOPS, Ansible Vault, ...)."""
from __future__ import annotations

import json

from formats import B62, CHARSETS, b64, crc32_b62_token, expand, rs
from svc import WORDS

B32 = CHARSETS["b32"]

NEAR = [
    ("AWS_ACCESS_KEY_ID", lambda r: "AKIA" + rs(r, r.randint(8, 13), B32), "AWS key id too short"),
    ("REGION_CODE", lambda r: r.choice(["ASIAPACIFICSALESTEAM", "ASIAPACIFICOPERATION", "ASIAMARKETSREPORTING"]), "ASIA + 16 capitals: a word constant"),
    ("AWS_ACCESS_KEY_ID", lambda r: "akia" + rs(r, 16, CHARSETS["low"]), "lower-case: AWS key ids are upper-case base32"),
    ("GITHUB_TOKEN", lambda r: "ghp_" + rs(r, r.randint(12, 28), B62), "ghp_ body too short"),
    ("GITHUB_TOKEN", lambda r: (lambda t: t[:-6] + ("000000" if t[-6:] != "000000" else "111111"))(crc32_b62_token(r, "ghp_")),
     "ghp_ token whose CRC32 checksum does not match"),
    ("TOKEN_PATTERN", lambda r: r.choice(["ghp_[A-Za-z0-9]{36}", "sk_live_[0-9a-zA-Z]{24,99}", "xox[baprs]-[0-9A-Za-z-]+", "AKIA[A-Z2-7]{16}"]),
     "a pattern, not a token"),
    ("STRIPE_MODE", lambda r: r.choice(["sk_live_mode_enabled", "sk_live_", "rk_live_disabled"]), "prefix followed by words"),
    ("SLACK_BOT_TOKEN", lambda r: f"xoxb-{r.randint(1, 99)}-{r.randint(1, 99)}-{rs(r, 5, B62)}", "Slack token too short"),
    ("SCIKIT_PACKAGE", lambda r: r.choice(["sk-learn", "sk-image", "sk-video"]), "sk- followed by a word"),
    ("LOCALE", lambda r: r.choice(["sk-SK", "sk_SK.UTF-8", "cs-CZ"]), "Slovak locale"),
    ("GOOGLE_API_KEY", lambda r: "AIza" + rs(r, r.randint(10, 24), B62), "AIza key too short"),
    ("GITLAB_TOKEN", lambda r: "glpat-" + rs(r, r.randint(4, 12), B62), "glpat- body too short"),
    ("NPM_TOKEN", lambda r: "npm_" + rs(r, r.randint(6, 16), B62), "npm_ body too short"),
    ("AWS_SECRET_ACCESS_KEY", lambda r: r.choice(["A" * 40, "abcdefghij" * 4, "0123456789" * 4]), "low-entropy filler"),
    ("GITHUB_TOKEN", lambda r: "ghp_" + r.choice("aA0x") * 36, "repeated character body"),
    ("ROLE_ARN", lambda r: f"arn:aws:iam::{rs(r, 12, '0123456789')}:role/{r.choice(WORDS)}-deployer", "ARN: an identifier"),
    ("SLACK_CHANNEL_ID", lambda r: "C0" + rs(r, 9, CHARSETS["AN"]), "Slack channel id"),
    ("GOOGLE_CLIENT_ID", lambda r: expand(r, "{dig:12}-{an:32}.apps.googleusercontent.com"), "OAuth client id: public"),
    ("TREASURY_ADDRESS", lambda r: "0x" + r.randbytes(20).hex(), "Ethereum address: public"),
    ("BTC_DONATION_ADDRESS", lambda r: "bc1q" + rs(r, 38, "qpzry9x8gf2tvdw0s3jn54khce6mua7l"), "Bitcoin address: public"),
    ("IPFS_CID", lambda r: "Qm" + rs(r, 44, CHARSETS["b58"]), "IPFS content id"),
    ("UI_PREFERENCES", lambda r: b64(json.dumps({"theme": r.choice(["dark", "light"]), "lang": "en", "sidebar": True}).encode()),
     "base64 of harmless JSON"),
    ("BUILD_ID", lambda r: f"{r.choice(WORDS)}-{r.randint(1000, 9999)}-{r.randbytes(4).hex()}", "build id"),
    ("SENTRY_ORG", lambda r: r.choice(WORDS) + "-" + r.choice(WORDS), "an org slug"),
    ("TWILIO_PHONE_NUMBER", lambda r: f"+1{r.randint(2000000000, 9999999999)}", "phone number"),
    ("API_KEY_HEADER", lambda r: r.choice(["X-Api-Key", "Authorization", "X-Auth-Token", "DD-API-KEY"]), "header name"),
    ("TOKEN_PREFIX", lambda r: r.choice(["ghp_", "sk_live_", "xoxb-", "glpat-", "hf_", "sk-ant-api03-", "AKIA"]), "prefix alone"),
    ("STRIPE_PRICE_ID", lambda r: "price_1" + rs(r, 23, B62), "Stripe price id: not a credential"),
    ("STRIPE_CUSTOMER", lambda r: "cus_" + rs(r, 14, B62), "Stripe customer id"),
    ("STRIPE_ACCOUNT", lambda r: "acct_1" + rs(r, 15, B62), "Stripe account id"),
]


TESTS = [
    ("py", "test_tokens.py", lambda n, v: f"import pytest\n\nfrom app.tokens import looks_valid\n\n\ndef test_rejects_{n.lower()}():\n"
                                          f"    assert not looks_valid({v!r})\n"),
    ("js", "tokens.test.js", lambda n, v: f"test('rejects malformed {n.lower()}', () => {{\n  expect(isValidToken('{v}')).toBe(false);\n}});\n"),
    ("go", "tokens_test.go", lambda n, v: f"func TestReject{n.title().replace('_', '')}(t *testing.T) {{\n\tif Valid(\"{v}\") {{\n"
                                          f"\t\tt.Fatal(\"accepted malformed token\")\n\t}}\n}}\n"),
    ("rb", "tokens_spec.rb", lambda n, v: f"it 'rejects a malformed {n.lower()}' do\n  expect(Token.valid?('{v}')).to be(false)\nend\n"),
]
MALFORMED = ("too short", "checksum", "lower-case", "repeated", "low-entropy")


def near_miss(c, n):
    """Malformed look-alikes of token formats sit in the validator tests that reject them; other
    near misses (identifiers, public addresses, word constants) sit in config under their own names."""
    out = []
    for i in range(n):
        name, fn, note = NEAR[i % len(NEAR)]
        v = fn(c.r)
        if any(m in note for m in MALFORMED):
            ext, _, body = c.r.choice(TESTS)
            out.append(("near-miss", ext, body(name, v), "test-file", note))
            continue
        ext, text, ctx = c.render(name, v, only=CONFIG_ONLY)
        out.append(("near-miss", ext, text, ctx, note))
    return out


CONFIG_ONLY = ("env", "json", "yaml", "yaml-nested", "compose", "python", "javascript", "typescript", "go", "java", "ruby",
               "php", "csharp", "properties", "ini", "toml", "xml-appsettings", "dockerfile", "terraform", "ansible-vars")


LOCAL = ["postgres://postgres:postgres@localhost:5432/app_dev", "postgresql://postgres:password@127.0.0.1:5432/test",
         "mysql://root:root@localhost:3306/app_test", "mysql://root:password@127.0.0.1/dev", "mongodb://localhost:27017/dev",
         "mongodb://admin:admin@localhost:27017/?authSource=admin", "redis://localhost:6379/0", "redis://:password@localhost:6379",
         "amqp://guest:guest@localhost:5672/", "amqp://guest:guest@rabbitmq:5672", "postgres://user:pass@localhost/db",
         "postgres://postgres:postgres@db:5432/postgres", "jdbc:postgresql://localhost:5432/test?user=test&password=test",
         "jdbc:h2:mem:testdb;USER=sa;PASSWORD=", "Server=(localdb)\\mssqllocaldb;Database=App;Trusted_Connection=True;",
         "Server=localhost,1433;Database=App;User Id=sa;Password=YourStrong@Passw0rd;TrustServerCertificate=True",
         "clickhouse://default:@localhost:9000/default", "mongodb://root:example@mongo:27017/", "http://admin:admin@localhost:8080/",
         "nats://localhost:4222", "kafka://localhost:9092"]
LOCAL_NAMES = ["DATABASE_URL", "TEST_DATABASE_URL", "DEV_DATABASE_URL", "REDIS_URL", "MONGO_URL", "AMQP_URL", "CONNECTION_STRING"]
COMPOSE_DEF = [("POSTGRES_PASSWORD", "postgres"), ("MYSQL_ROOT_PASSWORD", "root"), ("MYSQL_PASSWORD", "secret"), ("MONGO_INITDB_ROOT_PASSWORD", "example"),
               ("RABBITMQ_DEFAULT_PASS", "guest"), ("MINIO_ROOT_PASSWORD", "minioadmin"), ("GF_SECURITY_ADMIN_PASSWORD", "admin"),
               ("KEYCLOAK_ADMIN_PASSWORD", "admin"), ("REDIS_PASSWORD", "changeme"), ("PGADMIN_DEFAULT_PASSWORD", "admin")]


def localhost(c, n):
    out, r = [], c.r
    for i in range(n):
        if i % 3 == 2:
            name, v = COMPOSE_DEF[i % len(COMPOSE_DEF)]
            img = {"POSTGRES": "postgres:16", "MYSQL": "mysql:8", "MONGO": "mongo:7", "RABBITMQ": "rabbitmq:3-management",
                   "MINIO": "minio/minio", "GF": "grafana/grafana", "KEYCLOAK": "quay.io/keycloak/keycloak:25", "REDIS": "redis:7",
                   "PGADMIN": "dpage/pgadmin4"}[name.split("_")[0]]
            text = (f"# local development only\nservices:\n  dep:\n    image: {img}\n    environment:\n      {name}: {v}\n"
                    f"    ports:\n      - \"127.0.0.1:{r.randint(3000, 9999)}:{r.randint(3000, 9999)}\"\n")
            out.append(("localhost", "yml", text, "compose", "default password in a local compose file"))
        else:
            v = LOCAL[i % len(LOCAL)]
            scheme = v.split(":")[0] if "://" in v or v.startswith("jdbc") else "ado"
            name = {"redis": "REDIS_URL", "mongodb": "MONGO_URL", "amqp": "AMQP_URL", "nats": "NATS_URL", "kafka": "KAFKA_BROKERS",
                    "http": "ADMIN_URL", "ado": "ConnectionStrings__Default", "jdbc": "JDBC_URL"}.get(scheme, r.choice(LOCAL_NAMES))
            ext, text, ctx = c.render(name, v, only=CONFIG_ONLY)
            out.append(("localhost", ext, text, ctx, "local default credentials"))
    return out


PROSE = [
    "## Authentication\n\nCreate a token under **Settings → API keys** and export it as `{var}` before running the CLI.\n"
    "Tokens for {svc} begin with `{pre}` and must never be committed; CI reads them from the secret store.\n",
    "The `{var}` environment variable holds your {svc} API key. Keep it out of version control and rotate it every 90 days.\n",
    "### Troubleshooting\n\nA `401 Unauthorized` from {svc} usually means the key in `{var}` was revoked or expired.\n"
    "Generate a new one in the dashboard and update the deployment secret.\n",
    "# {var}: required. Your {svc} secret key (starts with {pre}). Ask #platform for access; never paste it in chat.\n",
    "Q: Where do I find my {svc} key?\nA: Dashboard → Developers → API keys. Copy the secret key into `{var}` in your local `.env`.\n",
    "// NOTE: the {svc} client reads {var} from the environment; do not hard-code keys here.\n",
    "- **{var}** — {svc} credential used by the worker. Provisioned by Terraform from Vault path `secret/{low}`.\n",
    "Security: if a {svc} key leaks, revoke it immediately, then search the git history for `{pre}` to find other copies.\n",
]


def prose(c, n):
    out, r = [], c.r
    for i in range(n):
        s, var, pre, _ = r.choice(c.pref)
        t = PROSE[i % len(PROSE)].format(var=var, svc=s.name, pre=pre, low=var.lower())
        out.append(("prose", r.choice(["md", "txt", "rst"]) if not t.startswith(("#", "//")) or t.startswith("##") else
                    ("py" if t.startswith("#") else "js"), t, "prose", ""))
    return out


I18N = {"en": ["Password", "API key", "Secret key", "Access token", "Your token has expired", "Enter your password", "Show secret"],
        "de": ["Passwort", "API-Schlüssel", "Geheimer Schlüssel", "Zugriffstoken", "Ihr Token ist abgelaufen", "Passwort eingeben", "Geheimnis anzeigen"],
        "fr": ["Mot de passe", "Clé API", "Clé secrète", "Jeton d'accès", "Votre jeton a expiré", "Saisissez votre mot de passe", "Afficher le secret"],
        "es": ["Contraseña", "Clave de API", "Clave secreta", "Token de acceso", "Tu token ha caducado", "Introduce tu contraseña", "Mostrar secreto"],
        "ja": ["パスワード", "APIキー", "シークレットキー", "アクセストークン", "トークンの有効期限が切れました", "パスワードを入力", "シークレットを表示"]}
I18N_KEYS = ["password", "api_key", "secret_key", "access_token", "token_expired", "password_placeholder", "show_secret"]


def i18n(c, n):
    out, r = [], c.r
    for i in range(n):
        lang = list(I18N)[i % len(I18N)]
        d = {k: v for k, v in zip(I18N_KEYS, I18N[lang]) if r.random() < 0.8} or {"password": I18N[lang][0]}
        if i % 2:
            out.append(("i18n", "json", json.dumps({"auth": d}, ensure_ascii=False, indent=2) + "\n", "locale-json", lang))
        else:
            out.append(("i18n", "yml", f"{lang}:\n  auth:\n" + "".join(f"    {k}: \"{v}\"\n" for k, v in d.items()), "locale-yaml", lang))
    return out


def env_names(c, n):
    out, r = [], c.r
    for i in range(n):
        names = sorted({r.choice(r.choice(c.svcs).vars) for _ in range(r.randint(2, 6))})
        names = [x for x in names if x.isupper() or "_" in x] or ["API_KEY"]
        k = i % 4
        if k == 0:
            out.append(("env-name", "env", "# copy to .env and fill in\n" + "".join(f"{x}=\n" for x in names), "env-example", ""))
        elif k == 1:
            out.append(("env-name", "dockerfile", "FROM node:20\n" + "".join(f"ARG {x}\n" for x in names) + "RUN npm ci\n", "dockerfile", ""))
        elif k == 2:
            out.append(("env-name", "py", "REQUIRED_ENV = [\n" + "".join(f"    \"{x}\",\n" for x in names) + "]\n", "python", ""))
        else:
            out.append(("env-name", "md", "| Variable | Required |\n|---|---|\n" + "".join(f"| `{x}` | yes |\n" for x in names), "markdown", ""))
    return out


def encrypted(c, n):
    out, r = [], c.r
    for i in range(n):
        k = i % 4
        if k == 0:
            v = f"ENC[AES256_GCM,data:{b64(r.randbytes(r.randint(16, 48)))},iv:{b64(r.randbytes(32))},tag:{b64(r.randbytes(16))},type:str]"
            text = (f"api_key: {v}\nsops:\n    kms:\n        - arn: arn:aws:kms:us-east-1:{rs(r, 12, '0123456789')}:key/{expand(r, '{uuid}')}\n"
                    f"    lastmodified: \"2025-02-11T10:00:00Z\"\n    mac: ENC[AES256_GCM,data:{b64(r.randbytes(32))},iv:{b64(r.randbytes(32))},"
                    f"tag:{b64(r.randbytes(16))},type:str]\n    version: 3.9.0\n")
            out.append(("encrypted", "yaml", text, "sops", "SOPS-encrypted value"))
        elif k == 1:
            hx = r.randbytes(16 * r.randint(8, 14)).hex()
            body = "\n".join(hx[j:j + 80] for j in range(0, len(hx), 80))
            out.append(("encrypted", "yml", f"db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n" + "\n".join("  " + x for x in body.split("\n")) + "\n",
                        "ansible-vault", "Ansible Vault ciphertext"))
        elif k == 2:
            text = ("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: app\nspec:\n  encryptedData:\n"
                    f"    api-key: Ag{b64(r.randbytes(r.randint(400, 560)))}\n")
            out.append(("encrypted", "yaml", text, "sealed-secret", "Sealed Secrets ciphertext"))
        else:
            body = b64(r.randbytes(r.randint(200, 400)))
            text = "-----BEGIN AGE ENCRYPTED FILE-----\n" + "\n".join(body[j:j + 64] for j in range(0, len(body), 64)) + "\n-----END AGE ENCRYPTED FILE-----\n"
            out.append(("encrypted", "age", text, "age-file", "age ciphertext"))
    return out


def cases(c):
    return (near_miss(c, 270) + localhost(c, 110) + prose(c, 80) + i18n(c, 60) + env_names(c, 60) + encrypted(c, 60))


