"""Code hosting, CI/CD, testing and code-quality services."""
from __future__ import annotations

from formats import crc32_b62_token, expand, github_fine_grained, jwt, rsa_private_pem, rs, B62
from svc import P, S, V

CH, CI, QA = "code-hosting", "ci-cd", "code-quality"


def gh(prefix):
    return lambda r: crc32_b62_token(r, prefix)


def atl(r, prefix):
    """Atlassian-style token: fixed prefix, a long base64url body, '=' and an 8-hex checksum."""
    return prefix + rs(r, 170 + r.randint(0, 20), B62 + "-_") + "=" + r.randbytes(4).hex().upper()


def now(r):
    return r.randint(1_700_000_000, 1_760_000_000)


SERVICES = [
    S("GitHub personal access token", CH, [gh("ghp_"), github_fine_grained], "GITHUB_TOKEN GH_TOKEN GITHUB_PAT",
      host="api.github.com", auth="bearer", files=("git-credentials", "npmrc")),
    S("GitHub OAuth token", CH, [gh("gho_")], "GITHUB_OAUTH_TOKEN GH_TOKEN", host="api.github.com", auth="token",
      files=("composer-auth",)),
    S("GitHub App installation token", CH, [gh("ghs_"), gh("ghu_"), gh("ghr_")], "GITHUB_APP_TOKEN GITHUB_TOKEN",
      host="api.github.com", auth="bearer", files=("netrc",)),
    S("GitHub App private key", CH, [P(("GITHUB_APP_ID", "{int:100000-999999}"), ("GITHUB_APP_PRIVATE_KEY", rsa_private_pem))],
      "GITHUB_APP_PRIVATE_KEY"),
    S("GitHub OAuth app client secret", CH, [P(("GITHUB_CLIENT_ID", "Ov23li{b62:14}"), ("GITHUB_CLIENT_SECRET", "{hex:40}")),
                                             P(("GITHUB_CLIENT_ID", "Iv1.{hex:16}"), ("GITHUB_CLIENT_SECRET", "{hex:40}"))],
      "GITHUB_CLIENT_SECRET"),
    S("GitLab personal access token", CH, ["glpat-{b64u:20}", "glpat-{b64u:38}.01.{an:9}"], "GITLAB_TOKEN GITLAB_PRIVATE_TOKEN",
      host="gitlab.com", auth="header:PRIVATE-TOKEN", files=("git-credentials",)),
    S("GitLab deploy and CI tokens", CH, ["gldt-{b64u:20}", "glptt-{hex:40}", "glcbt-{hex:2}_{b64u:20}"],
      "GITLAB_DEPLOY_TOKEN CI_TRIGGER_TOKEN", host="gitlab.com", auth="header:PRIVATE-TOKEN"),
    S("GitLab runner tokens", CI, ["glrt-{b64u:20}", "glrt-t1_{b64u:20}", "GR1348941{b64u:20}", "glagent-{b64u:50}"],
      "CI_SERVER_TOKEN RUNNER_TOKEN REGISTRATION_TOKEN"),
    S("GitLab OAuth and feed tokens", CH, ["gloas-{hex:64}", "glft-{b64u:20}", "glimt-{an:25}", "glffct-{b64u:20}",
                                           "glsoat-{b64u:20}"], "GITLAB_OAUTH_SECRET GITLAB_FEED_TOKEN"),
    S("Bitbucket", CH, ["ATBB{b62:32}", lambda r: atl(r, "ATCTT3xFfGN0"),
                        P(("BITBUCKET_USERNAME", "{low:8}"), ("BITBUCKET_APP_PASSWORD", "ATBB{b62:32}"))],
      "BITBUCKET_APP_PASSWORD BITBUCKET_ACCESS_TOKEN", host="api.bitbucket.org", auth="bearer", files=("git-credentials",)),
    S("Bitbucket OAuth consumer", CH, [P(("BITBUCKET_CLIENT_ID", "{b62:18}"), ("BITBUCKET_CLIENT_SECRET", "{b62:32}"))],
      "BITBUCKET_CLIENT_SECRET"),
    S("Gitea", CH, ["{hex:40}"], "GITEA_TOKEN", host="gitea.example.net", auth="token"),
    S("Codeberg", CH, ["{hex:40}"], "CODEBERG_TOKEN FORGEJO_TOKEN", host="codeberg.org", auth="token"),
    S("Gitee", CH, ["{hex:32}"], "GITEE_ACCESS_TOKEN GITEE_TOKEN", host="gitee.com", auth="query:access_token"),
    S("AWS CodeCommit", CH, [P(("CODECOMMIT_GIT_USERNAME", "{low:6}-at-{dig:12}"), ("CODECOMMIT_GIT_PASSWORD", "{b64:44}"))],
      "CODECOMMIT_GIT_PASSWORD", host="git-codecommit.us-east-1.amazonaws.com", files=("git-credentials",)),
    S("Sourcehut", CH, ["{b64:100}"], "SRHT_TOKEN SOURCEHUT_TOKEN", host="git.sr.ht", auth="bearer"),
    S("JetBrains Space", CH, [lambda r: jwt(r, {"sub": rs(r, 12, B62), "iat": now(r), "aud": "space"}, alg="ES256")],
      "SPACE_TOKEN JB_SPACE_CLIENT_SECRET"),
    S("CircleCI", CI, ["CCIPAT_{b62:22}_{hex:40}", "CCIPRJ_{b62:22}_{hex:40}", V(["CIRCLECI_TOKEN", "CIRCLE_TOKEN"], "{hex:40}")],
      "CIRCLECI_TOKEN CIRCLE_TOKEN", host="circleci.com", auth="header:Circle-Token"),
    S("Travis CI", CI, ["{b62:22}"], "TRAVIS_API_TOKEN TRAVIS_TOKEN", host="api.travis-ci.com", auth="header:Authorization=token "),
    S("Buildkite", CI, ["bkua_{hex:40}", V(["BUILDKITE_AGENT_TOKEN"], "{hex:50}")], "BUILDKITE_API_TOKEN BUILDKITE_TOKEN",
      host="api.buildkite.com", auth="bearer"),
    S("Drone CI", CI, ["{b62:32}"], "DRONE_TOKEN", host="drone.example.net", auth="bearer"),
    S("Woodpecker CI", CI, [lambda r: jwt(r, {"type": "user", "user-id": str(r.randint(1, 99))}, secret=r.randbytes(32))],
      "WOODPECKER_TOKEN", host="ci.example.net", auth="bearer"),
    S("Jenkins", CI, [P(("JENKINS_USER", "{low:7}"), ("JENKINS_API_TOKEN", "11{hex:32}"))], "JENKINS_API_TOKEN",
      host="jenkins.example.net", auth="basic-pass"),
    S("TeamCity", CI, ["eyJ0eXAiOiAiVENWMiJ9.{b64u:36}.{b64u:48}"], "TEAMCITY_TOKEN", host="teamcity.example.net", auth="bearer"),
    S("Bamboo", CI, ["{b64:44}"], "BAMBOO_TOKEN BAMBOO_PAT", host="bamboo.example.net", auth="bearer"),
    S("GoCD", CI, ["{hex:40}"], "GOCD_ACCESS_TOKEN", host="gocd.example.net", auth="bearer"),
    S("AppVeyor", CI, ["v2.{b62:20}", "{b62:20}"], "APPVEYOR_API_TOKEN", host="ci.appveyor.com", auth="bearer"),
    S("Bitrise", CI, ["{b64u:86}"], "BITRISE_TOKEN BITRISE_API_TOKEN", host="api.bitrise.io"),
    S("Semaphore", CI, ["{b62:20}"], "SEMAPHORE_API_TOKEN", host="example.semaphoreci.com", auth="header:Authorization=Token "),
    S("Codefresh", CI, ["{hex:24}.{hex:32}"], "CF_API_KEY CODEFRESH_API_KEY", host="g.codefresh.io", auth="header:Authorization"),
    S("Harness", CI, ["pat.{b64u:22}.{hex:24}.{b62:20}", "sat.{b64u:22}.{hex:24}.{b62:20}"], "HARNESS_PLATFORM_API_KEY",
      host="app.harness.io", auth="header:x-api-key"),
    S("Octopus Deploy", CI, ["API-{AN:26}", "API-{AN:32}"], "OCTOPUS_API_KEY OCTOPUS_CLI_API_KEY",
      host="example.octopus.app", auth="header:X-Octopus-ApiKey"),
    S("Spacelift", CI, [P(("SPACELIFT_API_KEY_ID", "{AN:26}"), ("SPACELIFT_API_KEY_SECRET", "{hex:64}"))], "SPACELIFT_API_KEY_SECRET"),
    S("env0", CI, [P(("ENV0_API_KEY", "{an:16}"), ("ENV0_API_SECRET", "{b64u:32}"))], "ENV0_API_SECRET"),
    S("Codemagic", CI, ["{b62:43}"], "CM_API_TOKEN CODEMAGIC_API_TOKEN", host="api.codemagic.io", auth="header:x-auth-token"),
    S("Argo CD", CI, [lambda r: jwt(r, {"iss": "argocd", "sub": "ci:apiKey", "nbf": now(r), "iat": now(r),
                                        "jti": expand(r, "{uuid}")}, secret=r.randbytes(32))], "ARGOCD_AUTH_TOKEN",
      host="argocd.example.net", auth="bearer"),
    S("Depot", CI, ["{b62:48}"], "DEPOT_TOKEN", host="api.depot.dev", auth="bearer"),
    S("Earthly", CI, ["{b64u:43}"], "EARTHLY_TOKEN"),
    S("Codecov", QA, ["{uuid}"], "CODECOV_TOKEN", host="codecov.io", auth="header:Authorization=token "),
    S("Coveralls", QA, ["{b62:33}", "{b62:37}"], "COVERALLS_REPO_TOKEN"),
    S("SonarQube", QA, ["squ_{hex:40}", "sqp_{hex:40}", "sqa_{hex:40}"], "SONAR_TOKEN SONARQUBE_TOKEN sonar.token",
      host="sonarqube.example.net", auth="basic-user"),
    S("SonarCloud", QA, ["{hex:40}"], "SONAR_TOKEN sonar.login", host="sonarcloud.io", auth="basic-user"),
    S("Snyk", QA, ["{uuid}"], "SNYK_TOKEN snyk_token", host="api.snyk.io", auth="header:Authorization=token "),
    S("Sourcegraph", QA, ["sgp_{hex:40}", "sgp_{hex:16}_{hex:40}"], "SRC_ACCESS_TOKEN SOURCEGRAPH_TOKEN",
      host="sourcegraph.com", auth="header:Authorization=token "),
    S("Codacy", QA, ["{hex:32}"], "CODACY_PROJECT_TOKEN CODACY_API_TOKEN", host="app.codacy.com", auth="header:api-token"),
    S("DeepSource", QA, ["dsp_{hex:40}"], "DEEPSOURCE_DSN DEEPSOURCE_TOKEN"),
    S("Code Climate", QA, ["{hex:64}"], "CC_TEST_REPORTER_ID CODECLIMATE_REPO_TOKEN"),
    S("Semgrep", QA, ["{hex:64}"], "SEMGREP_APP_TOKEN", host="semgrep.dev", auth="bearer"),
    S("GitGuardian", QA, ["{b62:69}"], "GITGUARDIAN_API_KEY", host="api.gitguardian.com", auth="header:Authorization=Token "),
    S("Veracode", QA, [P(("VERACODE_API_KEY_ID", "{hex:32}"), ("VERACODE_API_KEY_SECRET", "{hex:128}"))], "VERACODE_API_KEY_SECRET"),
    S("Checkmarx One", QA, [lambda r: jwt(r, {"typ": "Offline", "azp": "ast-app", "iat": now(r),
                                              "iss": "https://eu.iam.checkmarx.net/auth/realms/acme"}, alg="HS256",
                                          secret=r.randbytes(32))], "CX_APIKEY"),
    S("Mend", QA, ["{uuid}", "{hex:64}"], "WS_APIKEY MEND_USER_KEY"),
    S("Socket.dev", QA, ["sktsec_{b62:44}_api"], "SOCKET_SECURITY_API_KEY SOCKET_SECURITY_API_TOKEN",
      host="api.socket.dev", auth="basic-user"),
    S("Chromatic", QA, ["chpt_{hex:14}"], "CHROMATIC_PROJECT_TOKEN"),
    S("Percy", QA, ["{hex:64}", "web_{hex:64}"], "PERCY_TOKEN"),
    S("Cypress Cloud", QA, ["{uuid}"], "CYPRESS_RECORD_KEY"),
    S("BrowserStack", QA, [P(("BROWSERSTACK_USERNAME", "{low:8}_{an:6}"), ("BROWSERSTACK_ACCESS_KEY", "{b62:20}"))],
      "BROWSERSTACK_ACCESS_KEY", host="api.browserstack.com", auth="basic-pass"),
    S("Sauce Labs", QA, [P(("SAUCE_USERNAME", "{low:8}"), ("SAUCE_ACCESS_KEY", "{uuid}"))], "SAUCE_ACCESS_KEY",
      host="api.us-west-1.saucelabs.com", auth="basic-pass"),
    S("LambdaTest", QA, [P(("LT_USERNAME", "{low:8}"), ("LT_ACCESS_KEY", "{b62:50}"))], "LT_ACCESS_KEY",
      host="api.lambdatest.com", auth="basic-pass"),
    S("Applitools", QA, ["{b62:45}"], "APPLITOOLS_API_KEY"),
    S("Launchable", QA, ["v1:{low:6}/{low:8}:{b62:32}"], "LAUNCHABLE_TOKEN"),
    S("Endor Labs", QA, [P(("ENDOR_API_CREDENTIALS_KEY", "endr+{b62:16}"), ("ENDOR_API_CREDENTIALS_SECRET", "endr+{b62:16}"))],
      "ENDOR_API_CREDENTIALS_SECRET"),
]
