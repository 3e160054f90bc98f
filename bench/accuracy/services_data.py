"""Databases, hosted databases, streaming, data platforms and connection strings with passwords."""
from __future__ import annotations

import urllib.parse

from formats import b64u, expand, jwt, pkcs8_rsa_pem, rs
from svc import Doc, P, S, V, proj

DB, CS, DP = "database", "connection-string", "data-platform"


def pw(r, enc=True):
    p = expand(r, "{upw:14-28}")
    if enc and r.random() < 0.25:
        p = p[:6] + urllib.parse.quote(r.choice("@:/#%!$&"), safe="") + p[6:]
    return p


def user(r):
    return r.choice(["app", "api", "svc_orders", "analytics", "admin", "deploy", "backend", "reporting", proj(r).replace("-", "_")])


def host(r, kind):
    p, d = proj(r), r.randbytes(6).hex()
    return {
        "pg": r.choice([f"{p}.c{d}.us-east-1.rds.amazonaws.com", f"db.{p}.internal", f"{p}-db.postgres.database.azure.com"]),
        "my": r.choice([f"{p}.c{d}.eu-west-1.rds.amazonaws.com", f"mysql.{p}.internal", f"{p}.mysql.database.azure.com"]),
        "mg": f"{p}.{d[:5]}.mongodb.net", "rd": r.choice([f"redis-{r.randint(10000, 19999)}.c{r.randint(1, 300)}.us-east-1-2.ec2.redns.redis-cloud.com",
                                                         f"cache.{p}.internal", f"{p}.{d[:6]}.ng.0001.use1.cache.amazonaws.com"]),
        "mq": r.choice([f"{p}.rmq.cloudamqp.com", f"b-{expand(r, '{uuid}')}.mq.us-east-1.amazonaws.com", f"mq.{p}.internal"]),
        "ch": f"{d[:10]}.us-east-1.aws.clickhouse.cloud", "ms": f"{p}.database.windows.net",
    }[kind]


def uri(scheme, kind, port, path=True, query=""):
    def make(r):
        db = "/" + r.choice(["app", "prod", "orders", "main", proj(r).replace("-", "_")]) if path else ""
        prt = f":{port}" if port and r.random() < 0.8 else ""
        return f"{scheme}://{user(r)}:{pw(r)}@{host(r, kind)}{prt}{db}{query}"
    return make


def nats_creds(r):
    tok = jwt(r, {"jti": expand(r, "{B32:52}"), "iat": r.randint(1_700_000_000, 1_750_000_000), "iss": "A" + expand(r, "{b32:55}"),
                  "name": expand(r, "{low:6}"), "sub": "U" + expand(r, "{b32:55}"), "nats": {"type": "user", "version": 2}},
              alg="ed25519-nkey")
    seed = "SU" + expand(r, "{b32:56}")
    t = (f"-----BEGIN NATS USER JWT-----\n{tok}\n------END NATS USER JWT------\n\n"
         "************************* IMPORTANT *************************\n"
         "NKEY Seed printed below can be used to sign and prove identity.\nNKEYs are sensitive and should be treated as secrets.\n\n"
         f"-----BEGIN USER NKEY SEED-----\n{seed}\n------END USER NKEY SEED------\n\n"
         "*************************************************************\n")
    return Doc("creds", t, name="user")


def supa_jwt(r):
    ref = rs(r, 20, "abcdefghijklmnopqrstuvwxyz")
    iat = r.randint(1_650_000_000, 1_740_000_000)
    return jwt(r, {"iss": "supabase", "ref": ref, "role": "service_role", "iat": iat, "exp": iat + 315_360_000}, secret=r.randbytes(32))


def jaas(r):
    return (f'org.apache.kafka.common.security.plain.PlainLoginModule required username="{expand(r, "{AN:16}")}" '
            f'password="{expand(r, "{b64:64}")}";')


SERVICES = [
    S("PostgreSQL", CS, [uri("postgres", "pg", 5432), uri("postgresql", "pg", 5432, query="?sslmode=require"),
                         P(("PGHOST", lambda r: host(r, "pg")), ("PGUSER", user), ("PGPASSWORD", pw))],
      "DATABASE_URL POSTGRES_URL", files=("pgpass",)),
    S("MySQL", CS, [uri("mysql", "my", 3306), uri("mysql2", "my", 3306), P(("MYSQL_HOST", lambda r: host(r, "my")),
                                                                          ("MYSQL_USER", user), ("MYSQL_PASSWORD", pw))],
      "DATABASE_URL MYSQL_URL"),
    S("MongoDB", CS, [uri("mongodb", "mg", 27017, query="?authSource=admin&retryWrites=true"),
                      uri("mongodb+srv", "mg", None, query="?retryWrites=true&w=majority")], "MONGODB_URI MONGO_URL"),
    S("Redis", CS, [uri("redis", "rd", 6379, path=False), uri("rediss", "rd", 6380, path=False),
                    lambda r: f"redis://default:{pw(r)}@{host(r, 'rd')}:6379/0"], "REDIS_URL CACHE_URL"),
    S("RabbitMQ", CS, [uri("amqp", "mq", 5672), uri("amqps", "mq", 5671)], "AMQP_URL RABBITMQ_URL CLOUDAMQP_URL BROKER_URL"),
    S("ClickHouse", CS, [uri("clickhouse", "ch", 9440, query="?secure=true"), uri("https", "ch", 8443, path=False),
                         P(("CLICKHOUSE_HOST", lambda r: host(r, "ch")), ("CLICKHOUSE_USER", "default"), ("CLICKHOUSE_PASSWORD", "{upw:16-24}"))],
      "CLICKHOUSE_URL"),
    S("JDBC PostgreSQL", CS, [lambda r: f"jdbc:postgresql://{host(r, 'pg')}:5432/app?user={user(r)}&password={pw(r, False)}&ssl=true",
                              P(("spring.datasource.url", lambda r: f"jdbc:postgresql://{host(r, 'pg')}:5432/app"),
                                ("spring.datasource.username", user), ("spring.datasource.password", "{upw:16}"))],
      "JDBC_DATABASE_URL spring.datasource.url"),
    S("JDBC SQL Server", CS, [lambda r: f"jdbc:sqlserver://{host(r, 'ms')}:1433;database=app;user={user(r)}@{proj(r)};"
                                        f"password={pw(r, False)};encrypt=true;trustServerCertificate=false;"],
      "JDBC_URL SQLSERVER_JDBC_URL"),
    S("JDBC MySQL", CS, [lambda r: f"jdbc:mysql://{host(r, 'my')}:3306/app?user={user(r)}&password={pw(r, False)}&useSSL=true"],
      "JDBC_URL DB_URL"),
    S("JDBC Oracle", CS, [lambda r: f"jdbc:oracle:thin:{user(r)}/{pw(r, False)}@//{proj(r)}.db.internal:1521/ORCLPDB1"], "ORACLE_JDBC_URL"),
    S("ODBC", CS, [lambda r: f"Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:{host(r, 'ms')},1433;Database=app;"
                             f"Uid={user(r)};Pwd={pw(r, False)};Encrypt=yes;TrustServerCertificate=no;",
                   lambda r: f"DRIVER={{PostgreSQL Unicode}};SERVER={host(r, 'pg')};PORT=5432;DATABASE=app;UID={user(r)};PWD={pw(r, False)};"],
      "ODBC_CONNECTION_STRING DB_CONN"),
    S("ADO.NET SQL Server", CS, [lambda r: f"Server=tcp:{host(r, 'ms')},1433;Initial Catalog=app;Persist Security Info=False;"
                                           f"User ID={user(r)};Password={pw(r, False)};MultipleActiveResultSets=False;Encrypt=True;",
                                 lambda r: f"Server={proj(r)}-sql.internal;Database=App;User Id={user(r)};Password={pw(r, False)};"],
      "ConnectionStrings__DefaultConnection ConnectionStrings:Default SQL_CONNECTION_STRING"),
    S("Npgsql", CS, [lambda r: f"Host={host(r, 'pg')};Port=5432;Database=app;Username={user(r)};Password={pw(r, False)};SSL Mode=Require"],
      "ConnectionStrings__Postgres"),
    S("Supabase", DB, [supa_jwt, V(["SUPABASE_ACCESS_TOKEN"], "sbp_{hex:40}"), V(["SUPABASE_SECRET_KEY"], "sb_secret_{b64u:31}"),
                       V(["SUPABASE_DB_URL"], lambda r: f"postgresql://postgres.{rs(r, 20, 'abcdefghijklmnopqrstuvwxyz')}:{pw(r)}"
                                                        f"@aws-0-us-east-1.pooler.supabase.com:6543/postgres")],
      "SUPABASE_SERVICE_ROLE_KEY SUPABASE_SERVICE_KEY", host="acme.supabase.co", auth="bearer"),
    S("PlanetScale", DB, ["pscale_pw_{b64u:43}", "pscale_tkn_{b64u:43}", "pscale_oauth_{b64u:43}",
                          lambda r: f"mysql://{rs(r, 20, 'abcdefghijklmnopqrstuvwxyz0123456789')}:pscale_pw_{expand(r, '{b64u:43}')}"
                                    f"@aws.connect.psdb.cloud/app?sslaccept=strict"], "PLANETSCALE_PASSWORD PLANETSCALE_SERVICE_TOKEN"),
    S("Neon", DB, ["napi_{an:64}", lambda r: f"postgresql://{user(r)}:npg_{expand(r, '{b62:12}')}@ep-{expand(r, '{low:5}-{low:5}-{an:8}')}"
                                             f".us-east-2.aws.neon.tech/neondb?sslmode=require"], "NEON_API_KEY DATABASE_URL",
      host="console.neon.tech", auth="bearer"),
    S("Turso", DB, [lambda r: jwt(r, {"a": "rw", "iat": r.randint(1_700_000_000, 1_750_000_000), "id": expand(r, "{uuid}")},
                                  alg="EdDSA"), V(["TURSO_DATABASE_URL"], "libsql://{low:6}-{low:6}.turso.io?authToken=eyJhbGciOiJFZERTQSJ9.{b64u:80}.{b64u:86}")],
      "TURSO_AUTH_TOKEN LIBSQL_AUTH_TOKEN"),
    S("Upstash", DB, [V(["UPSTASH_REDIS_REST_TOKEN"], lambda r: "A" + b64u(r.randbytes(60))[:78] + "="),
                      V(["UPSTASH_REDIS_URL"], lambda r: f"rediss://default:{expand(r, '{b62:34}')}@{expand(r, '{low:6}-{low:6}-{int:10000-99999}')}.upstash.io:6379"),
                      V(["QSTASH_TOKEN"], lambda r: "ey" + b64u(r.randbytes(90)))], "UPSTASH_REDIS_REST_TOKEN"),
    S("MongoDB Atlas", DB, [P(("MONGODB_ATLAS_PUBLIC_KEY", "{low:8}"), ("MONGODB_ATLAS_PRIVATE_KEY", "{uuid}"))],
      "MONGODB_ATLAS_PRIVATE_KEY"),
    S("Fauna", DB, ["fnA{b64u:37}", "fnE{b64u:37}"], "FAUNA_SECRET FAUNADB_SECRET", host="db.fauna.com", auth="bearer"),
    S("CockroachDB Cloud", DB, ["CCDB1_{b62:22}_{b62:40}", uri("postgresql", "pg", 26257, query="?sslmode=verify-full")],
      "COCKROACH_API_KEY COCKROACH_DATABASE_URL", host="cockroachlabs.cloud", auth="bearer"),
    S("ClickHouse Cloud API", DB, [P(("CLICKHOUSE_CLOUD_KEY_ID", "{AN:20}"), ("CLICKHOUSE_CLOUD_KEY_SECRET", "{b62:42}"))],
      "CLICKHOUSE_CLOUD_KEY_SECRET"),
    S("Aiven", DB, ["{b64:372}", uri("postgres", "pg", 12345, query="?sslmode=require")], "AIVEN_TOKEN AIVEN_API_TOKEN",
      host="api.aiven.io", auth="header:Authorization=aivenv1 "),
    S("Xata", DB, ["xau_{b62:38}"], "XATA_API_KEY", host="api.xata.io", auth="bearer"),
    S("Convex", DB, ["prod:{low:6}-{low:6}-{int:100-999}|{b64u:88}", "dev:{low:6}-{low:6}-{int:100-999}|{b64u:88}"],
      "CONVEX_DEPLOY_KEY"),
    S("Redis Cloud", DB, [P(("REDISCLOUD_ACCESS_KEY", "{b62:50}"), ("REDISCLOUD_SECRET_KEY", "{b62:50}"))], "REDISCLOUD_SECRET_KEY"),
    S("Snowflake", DP, [P(("SNOWFLAKE_ACCOUNT", "{low:7}-{low:7}"), ("SNOWFLAKE_USER", "{UP:8}"), ("SNOWFLAKE_PASSWORD", "{upw:20}")),
                        P(("SNOWFLAKE_USER", "{UP:8}"), ("SNOWFLAKE_PRIVATE_KEY", pkcs8_rsa_pem))], "SNOWFLAKE_PASSWORD"),
    S("Firebase Realtime Database secret", DB, ["{b62:40}"], "FIREBASE_DATABASE_SECRET FIREBASE_DB_SECRET"),
    S("DataStax Astra", DB, ["AstraCS:{alpha:24}:{hex:64}"], "ASTRA_DB_APPLICATION_TOKEN", host="api.astra.datastax.com", auth="bearer"),
    S("InfluxDB", DB, ["{b64u:86}=="], "INFLUX_TOKEN INFLUXDB_TOKEN", host="us-east-1-1.aws.cloud2.influxdata.com",
      auth="header:Authorization=Token "),
    S("Couchbase Capella", DB, [P(("COUCHBASE_CONNECTION_STRING", "couchbases://cb.{an:16}.cloud.couchbase.com"),
                                  ("COUCHBASE_USERNAME", "{low:8}"), ("COUCHBASE_PASSWORD", "{pw:20}"))], "COUCHBASE_PASSWORD"),
    S("Neo4j Aura", DB, [P(("NEO4J_URI", "neo4j+s://{hex:8}.databases.neo4j.io"), ("NEO4J_USERNAME", "neo4j"),
                           ("NEO4J_PASSWORD", "{b64u:43}"))], "NEO4J_PASSWORD"),
    S("Prisma Accelerate", DB, [lambda r: "prisma://accelerate.prisma-data.net/?api_key=" + jwt(
        r, {"api_key": expand(r, "{uuid}"), "tenant_id": r.randbytes(32).hex(), "internal_secret": expand(r, "{uuid}")},
        secret=r.randbytes(32))], "DATABASE_URL PRISMA_ACCELERATE_URL"),
    S("Hasura", DB, ["{b62:32}"], "HASURA_GRAPHQL_ADMIN_SECRET HASURA_ADMIN_SECRET", host="acme.hasura.app",
      auth="header:x-hasura-admin-secret"),
    S("MotherDuck", DP, [lambda r: jwt(r, {"session": expand(r, "{low:8}.{low:6}"), "email": expand(r, "{low:6}@{low:6}.com"),
                                           "userId": expand(r, "{uuid}"), "iat": r.randint(1_700_000_000, 1_750_000_000),
                                           "iss": "md_pat"}, secret=r.randbytes(32))], "MOTHERDUCK_TOKEN motherduck_token"),
    S("Tinybird", DP, [lambda r: "p." + jwt(r, {"u": expand(r, "{uuid}"), "id": expand(r, "{uuid}"), "host": "us-east"}, secret=r.randbytes(32)).split(".", 1)[1]],
      "TINYBIRD_TOKEN TB_TOKEN", host="api.tinybird.co", auth="bearer"),
    S("Materialize", DP, ["mzp_{hex:64}"], "MZ_PASSWORD MATERIALIZE_APP_PASSWORD"),
    S("Fivetran", DP, [P(("FIVETRAN_API_KEY", "{b62:16}"), ("FIVETRAN_API_SECRET", "{b62:32}"))], "FIVETRAN_API_SECRET"),
    S("Airbyte Cloud", DP, [P(("AIRBYTE_CLIENT_ID", "{uuid}"), ("AIRBYTE_CLIENT_SECRET", "{b62:32}"))], "AIRBYTE_CLIENT_SECRET"),
    S("dbt Cloud", DP, ["dbtc_{b64u:58}", "dbtu_{b64u:58}"], "DBT_CLOUD_API_TOKEN DBT_CLOUD_SERVICE_TOKEN", host="cloud.getdbt.com",
      auth="header:Authorization=Token "),
    S("Census", DP, ["secret-token:{b62:36}"], "CENSUS_SECRET_TOKEN", host="app.getcensus.com", auth="bearer"),
    S("Hightouch", DP, ["{uuid}"], "HIGHTOUCH_API_KEY", host="api.hightouch.com", auth="bearer"),
    S("Confluent Cloud", DP, [P(("CONFLUENT_CLOUD_API_KEY|KAFKA_API_KEY", "{AN:16}"),
                                ("CONFLUENT_CLOUD_API_SECRET|KAFKA_API_SECRET", "{b64:64}")),
                              V(["KAFKA_SASL_JAAS_CONFIG", "sasl.jaas.config"], jaas)], "CONFLUENT_CLOUD_API_SECRET"),
    S("NATS", DP, [nats_creds, V(["NATS_NKEY_SEED", "NKEY_SEED"], "SU{b32:56}")], "NATS_CREDS"),
    S("Temporal Cloud", DP, [lambda r: jwt(r, {"account_id": expand(r, "{an:5}"), "key_id": expand(r, "{b62:32}"),
                                               "iss": "temporal.io", "sub": expand(r, "{hex:32}"),
                                               "iat": r.randint(1_700_000_000, 1_750_000_000)}, alg="ES256",
                                           header_extra={"kid": expand(r, "{b64u:12}")})], "TEMPORAL_API_KEY"),
    S("Elasticsearch", CS, [lambda r: f"https://elastic:{pw(r)}@{proj(r)}.es.us-east-1.aws.found.io:443"], "ELASTICSEARCH_URL ES_URL"),
    S("SingleStore", DB, [uri("singlestoredb", "my", 3306)], "SINGLESTORE_URL"),
    S("YugabyteDB Aeon", DB, [uri("postgresql", "pg", 5433, query="?ssl=true&sslmode=verify-full")], "YUGABYTE_DB_URL"),
    S("Rockset", DP, ["{b62:64}"], "ROCKSET_APIKEY", host="api.usw2a1.rockset.com", auth="header:Authorization=ApiKey "),
    S("Timescale Cloud", DB, [uri("postgres", "pg", 34567, query="?sslmode=require")], "TIMESCALE_SERVICE_URL"),
    S("Memcached SASL", DB, [P(("MEMCACHIER_SERVERS", "mc{int:1-9}.dev.ec2.memcachier.com:11211"), ("MEMCACHIER_USERNAME", "{AN:6}"),
                               ("MEMCACHIER_PASSWORD", "{HEX:32}"))], "MEMCACHIER_PASSWORD"),
    S("Cloudflare D1 / Hyperdrive", DB, [uri("postgres", "pg", 5432, query="?sslmode=require")], "HYPERDRIVE_ORIGIN_URL"),
    S("Xano", DB, [lambda r: jwt(r, {"xid": r.randint(1000, 99999), "scope": "instance", "iat": r.randint(1_700_000_000, 1_750_000_000)},
                                 secret=r.randbytes(32))], "XANO_API_KEY XANO_METADATA_TOKEN"),
    S("PocketBase", DB, [P(("POCKETBASE_ADMIN_EMAIL", "{low:6}@{low:6}.com"), ("POCKETBASE_ADMIN_PASSWORD", "{pw:18}"))],
      "POCKETBASE_ADMIN_PASSWORD"),
    S("Appwrite", DB, ["standard_{hex:256}"], "APPWRITE_API_KEY", host="cloud.appwrite.io", auth="header:X-Appwrite-Key"),
    S("Nhost", DB, ["{b64u:48}"], "NHOST_ADMIN_SECRET", host="acme.nhost.run", auth="header:x-hasura-admin-secret"),
]
