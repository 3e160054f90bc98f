"""Package and container registries, app stores, and secrets managers / infrastructure-as-code."""
from __future__ import annotations

import json

from formats import b64, b64u, crc32_b62_token, expand, jwt, jwt_h, pkcs8_ec_pem, pypi_token, rs, B62
from svc import P, S, V

REG, SEC = "registry", "secrets-mgmt"


def op_service_account(r):
    body = {"signInAddress": "my.1password.com", "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256",
                                                              "iterations": 650000, "salt": b64u(r.randbytes(16))},
            "email": f"{rs(r, 10, 'abcdefghijklmnopqrstuvwxyz')}@1passwordserviceaccounts.com",
            "srpX": r.randbytes(32).hex(), "muk": {"alg": "A256GCM", "ext": True, "k": b64u(r.randbytes(32)),
                                                   "key_ops": ["encrypt", "decrypt"], "kty": "oct", "kid": "mp"},
            "secretKey": expand(r, "A3-{AN:6}-{AN:6}-{AN:5}-{AN:5}-{AN:5}-{AN:5}"),
            "throttleSecret": {"seed": r.randbytes(32).hex(), "uuid": expand(r, "{AN:26}")}, "deviceUuid": expand(r, "{an:26}")}
    return "ops_" + b64u(json.dumps(body, separators=(",", ":")).encode())


def jfrog_access(r):
    return jwt_h(r, {"ver": "2", "typ": "JWT", "alg": "RS256", "kid": b64u(r.randbytes(32))},
                 {"sub": f"jfac@01{rs(r, 24, 'abcdefghijklmnopqrstuvwxyz0123456789')}/users/ci",
                  "scp": "applied-permissions/user", "aud": "*@*", "iss": "jfac@01" + rs(r, 24, "abcdefghijklmnopqrstuvwxyz0123456789"),
                  "iat": r.randint(1_700_000_000, 1_750_000_000), "jti": expand(r, "{uuid}")})


def vault_svc(r):
    return "hvs.CAESI" + rs(r, r.randint(80, 90), B62 + "-_") + "Gh4KHGh2cy5" + rs(r, 24, B62) + "EAE"


def pub_dev(r):
    d = {"accessToken": "ya29." + expand(r, "{b64u:150}"), "refreshToken": "1//0" + expand(r, "{b64u:99}"),
         "idToken": jwt(r, {"iss": "https://accounts.google.com", "sub": rs(r, 21, "0123456789")}, alg="RS256"),
         "tokenEndpoint": "https://accounts.google.com/o/oauth2/token", "scopes": ["openid", "https://www.googleapis.com/auth/userinfo.email"],
         "expiration": r.randint(1_700_000_000_000, 1_760_000_000_000)}
    return json.dumps(d)


SERVICES = [
    S("npm", REG, [lambda r: crc32_b62_token(r, "npm_"), V(["NPM_TOKEN"], "{uuid}")], "NPM_TOKEN NODE_AUTH_TOKEN",
      host="registry.npmjs.org", auth="bearer", files=("npmrc", "yarnrc")),
    S("PyPI", REG, [pypi_token, lambda r: pypi_token(r, "test.pypi.org")], "PYPI_API_TOKEN TWINE_PASSWORD UV_PUBLISH_TOKEN",
      host="upload.pypi.org", files=("pypirc",)),
    S("RubyGems", REG, ["rubygems_{hex:48}"], "GEM_HOST_API_KEY RUBYGEMS_API_KEY", host="rubygems.org",
      auth="header:Authorization", files=("gem-credentials",)),
    S("NuGet", REG, ["oy2{an:43}"], "NUGET_API_KEY NUGET_AUTH_TOKEN", host="api.nuget.org", auth="header:X-NuGet-ApiKey",
      files=("nuget-config",)),
    S("crates.io", REG, ["cio{b62:32}"], "CARGO_REGISTRY_TOKEN CRATES_IO_TOKEN", host="crates.io", auth="header:Authorization",
      files=("cargo-credentials",)),
    S("Private Packagist", REG, ["packagist_ort_{hex:68}", "packagist_uut_{hex:68}"], "PACKAGIST_TOKEN COMPOSER_AUTH_TOKEN",
      host="repo.packagist.com", files=("composer-auth",), notes="prefixes per the Private Packagist docs; body length from memory"),
    S("Packagist", REG, [P(("PACKAGIST_USERNAME", "{low:8}"), ("PACKAGIST_API_TOKEN", "{b62:20}"))], "PACKAGIST_API_TOKEN",
      host="packagist.org", auth="query:apiToken"),
    S("Clojars", REG, ["CLOJARS_{hex:60}"], "CLOJARS_DEPLOY_TOKEN CLOJARS_PASSWORD", host="clojars.org", files=("maven-settings",)),
    S("Hex", REG, ["{hex:32}"], "HEX_API_KEY", host="hex.pm", auth="header:Authorization"),
    S("CocoaPods Trunk", REG, ["{hex:32}"], "COCOAPODS_TRUNK_TOKEN", host="trunk.cocoapods.org", files=("netrc",)),
    S("pub.dev", REG, [pub_dev], "PUB_CREDENTIALS PUB_DEV_PUBLISH_ACCESS_TOKEN"),
    S("Sonatype Maven Central", REG, [P(("OSSRH_USERNAME|MAVEN_CENTRAL_USERNAME", "{b62:8}"),
                                        ("OSSRH_TOKEN|MAVEN_CENTRAL_PASSWORD", "{b62:44}"))], "OSSRH_TOKEN",
      files=("maven-settings",)),
    S("Gradle Plugin Portal", REG, [P(("gradle.publish.key", "{b62:32}"), ("gradle.publish.secret", "{b62:32}"))],
      "GRADLE_PUBLISH_SECRET"),
    S("JetBrains Marketplace", REG, ["perm:{b64b:6}.{b64b:8}.{b62:30}"], "PUBLISH_TOKEN JETBRAINS_MARKETPLACE_TOKEN",
      host="plugins.jetbrains.com", auth="bearer"),
    S("Visual Studio Marketplace", REG, ["{b32l:52}"], "VSCE_PAT", host="marketplace.visualstudio.com", auth="basic-pass"),
    S("Open VSX", REG, ["{uuid}"], "OVSX_PAT", host="open-vsx.org", auth="query:token"),
    S("Mozilla Add-ons", REG, [P(("AMO_JWT_ISSUER|WEB_EXT_API_KEY", "user:{dig:8}:{dig:3}"),
                                 ("AMO_JWT_SECRET|WEB_EXT_API_SECRET", "{hex:64}"))], "AMO_JWT_SECRET"),
    S("Anaconda", REG, ["{b62:2}-{uuid}"], "ANACONDA_API_TOKEN ANACONDA_TOKEN", host="api.anaconda.org", auth="header:Authorization=token "),
    S("Gemfury", REG, ["{b62:20}"], "FURY_AUTH GEMFURY_TOKEN", host="push.fury.io", auth="basic-user"),
    S("packagecloud", REG, ["{hex:48}"], "PACKAGECLOUD_TOKEN", host="packagecloud.io", auth="basic-user"),
    S("Docker Hub", REG, ["dckr_pat_{b64u:27}", "dckr_oat_{b64u:32}"], "DOCKERHUB_TOKEN DOCKER_PASSWORD",
      host="https://index.docker.io/v1/", files=("docker-config",)),
    S("Quay.io", REG, [P(("QUAY_USERNAME", "{low:6}+{low:6}"), ("QUAY_PASSWORD", "{AN:64}")), V(["QUAY_OAUTH_TOKEN"], "{b62:40}")],
      "QUAY_PASSWORD", host="quay.io", files=("docker-config",)),
    S("Harbor", REG, [P(("HARBOR_USERNAME", "robot${low:6}+{low:5}"), ("HARBOR_PASSWORD", "{b62:32}"))], "HARBOR_PASSWORD",
      host="harbor.example.net", files=("docker-config",)),
    S("JFrog Artifactory", REG, ["AKCp8{b62:68}", "cmVmdGtuOjAxOj{b62:50}", jfrog_access],
      "ARTIFACTORY_API_KEY JFROG_ACCESS_TOKEN ARTIFACTORY_PASSWORD", host="example.jfrog.io", auth="header:X-JFrog-Art-Api",
      files=("npmrc",)),
    S("Cloudsmith", REG, ["{hex:40}"], "CLOUDSMITH_API_KEY", host="api.cloudsmith.io", auth="header:X-Api-Key"),
    S("AWS CodeArtifact", REG, [lambda r: jwt_h(r, {"ver": 1, "isi": "arn:aws:sts::" + rs(r, 12, "0123456789")
                                                    + ":assumed-role/ci/build", "enc": "A128GCM", "tag": b64u(r.randbytes(16)),
                                                    "exp": r.randint(1_700_000_000_000, 1_760_000_000_000), "alg": "A128GCMKW",
                                                    "iv": b64u(r.randbytes(12))}, {"k": b64u(r.randbytes(24))}, 40) + "." +
                                b64u(r.randbytes(600))], "CODEARTIFACT_AUTH_TOKEN", files=("npmrc",)),
    S("Expo", REG, ["{b64u:40}"], "EXPO_TOKEN", host="api.expo.dev", auth="bearer"),
    S("App Store Connect API", REG, [P(("APP_STORE_CONNECT_KEY_ID|ASC_KEY_ID", "{AN:10}"),
                                       ("APP_STORE_CONNECT_ISSUER_ID|ASC_ISSUER_ID", "{uuid}"),
                                       ("APP_STORE_CONNECT_PRIVATE_KEY|ASC_KEY_CONTENT", pkcs8_ec_pem))],
      "APP_STORE_CONNECT_PRIVATE_KEY"),
    S("fastlane match", REG, [P(("MATCH_GIT_BASIC_AUTHORIZATION", lambda r: b64(f"{rs(r, 7, 'abcdefgh')}:{crc32_b62_token(r, 'ghp_')}".encode())),
                                ("MATCH_PASSWORD", "{pw:24}"))], "MATCH_PASSWORD"),
    S("Chrome Web Store", REG, [P(("CHROME_CLIENT_ID", "{dig:12}-{an:32}.apps.googleusercontent.com"),
                                  ("CHROME_CLIENT_SECRET", "GOCSPX-{b64u:28}"), ("CHROME_REFRESH_TOKEN", "1//0{b64u:99}"))],
      "CHROME_REFRESH_TOKEN"),
    S("Terraform Cloud", SEC, ["{b62:14}.atlasv1.{b64u:67}"], "TFE_TOKEN TF_TOKEN_app_terraform_io ATLAS_TOKEN",
      host="app.terraform.io", auth="bearer", files=("terraformrc",)),
    S("HashiCorp Vault", SEC, [vault_svc, "hvb.AAAAAQ{b64u:130}", V(["VAULT_TOKEN"], "s.{b62:24}"), "hvr.{b62:24}"],
      "VAULT_TOKEN", host="vault.example.net:8200", auth="header:X-Vault-Token"),
    S("HashiCorp Cloud Platform", SEC, [P(("HCP_CLIENT_ID", "{b62:32}"), ("HCP_CLIENT_SECRET", "{b64u:64}"))], "HCP_CLIENT_SECRET"),
    S("HashiCorp Consul", SEC, ["{uuid}"], "CONSUL_HTTP_TOKEN", host="consul.example.net:8500", auth="header:X-Consul-Token"),
    S("HashiCorp Nomad", SEC, ["{uuid}"], "NOMAD_TOKEN", host="nomad.example.net:4646", auth="header:X-Nomad-Token"),
    S("Pulumi", SEC, ["pul-{hex:40}"], "PULUMI_ACCESS_TOKEN", host="api.pulumi.com", auth="header:Authorization=token "),
    S("Doppler", SEC, ["dp.pt.{b62:43}", "dp.st.prd.{b62:43}", "dp.sa.{b62:43}", "dp.ct.{b62:43}", "dp.scim.{b62:43}"],
      "DOPPLER_TOKEN", host="api.doppler.com", auth="bearer"),
    S("Infisical", SEC, ["st.{hex:24}.{hex:32}.{hex:32}", P(("INFISICAL_CLIENT_ID", "{uuid}"), ("INFISICAL_CLIENT_SECRET", "{hex:64}"))],
      "INFISICAL_TOKEN", host="app.infisical.com", auth="bearer"),
    S("1Password", SEC, [op_service_account, V(["OP_SECRET_KEY"], "A3-{AN:6}-{AN:6}-{AN:5}-{AN:5}-{AN:5}-{AN:5}"),
                         V(["OP_CONNECT_TOKEN"], lambda r: jwt(r, {"aud": ["com.1password.connect"], "iss": "com.1password.b5",
                                                                   "sub": rs(r, 26, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
                                                                   "iat": r.randint(1_700_000_000, 1_750_000_000)}, alg="ES256"))],
      "OP_SERVICE_ACCOUNT_TOKEN", host="connect.example.net:8080", auth="bearer"),
    S("Bitwarden Secrets Manager", SEC, ["0.{uuid}.{b62:30}:{b64b:16}"], "BWS_ACCESS_TOKEN"),
    S("Akeyless", SEC, [P(("AKEYLESS_ACCESS_ID", "p-{an:12}"), ("AKEYLESS_ACCESS_KEY", "{b64b:32}"))], "AKEYLESS_ACCESS_KEY"),
    S("CyberArk Conjur", SEC, ["{an:55}"], "CONJUR_AUTHN_API_KEY", host="conjur.example.net"),
    S("Keeper Secrets Manager", SEC, [lambda r: b64(json.dumps({
        "hostname": "keepersecurity.com", "clientId": b64(r.randbytes(64)), "privateKey": b64(r.randbytes(138)),
        "serverPublicKeyId": "10", "appKey": b64(r.randbytes(32))}).encode())], "KSM_CONFIG"),
]
