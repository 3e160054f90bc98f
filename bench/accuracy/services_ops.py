"""Observability, logging, error tracking, uptime and incident management."""
from __future__ import annotations

import json

from formats import b64, expand, rs, B62
from svc import P, S, V

O, INC = "observability", "incident"


def grafana_cloud(r):
    d = {"o": str(r.randint(100000, 999999)), "n": f"stack-{r.randint(100000, 999999)}-integration-{expand(r, '{low:6}')}",
         "k": expand(r, "{b62:24}"), "m": {"r": r.choice(["us", "eu", "prod-us-east-0"])}}
    return "glc_" + b64(json.dumps(d, separators=(",", ":")).encode())


def grafana_legacy(r):
    d = {"k": expand(r, "{b62:32}"), "n": expand(r, "{low:8}"), "id": r.randint(1, 99)}
    return b64(json.dumps(d, separators=(",", ":")).encode())


def sentry_org(r):
    d = {"iat": r.randint(1_700_000_000, 1_750_000_000) + 0.5, "url": "https://sentry.io",
         "region_url": "https://us.sentry.io", "org": expand(r, "{low:8}")}
    return "sntrys_" + b64(json.dumps(d, separators=(",", ":")).encode()).rstrip("=") + "_" + expand(r, "{b62:43}")


def es_api_key(r):
    return b64(f"{rs(r, 20, B62 + '-_')}:{rs(r, 22, B62 + '-_')}".encode())


SERVICES = [
    S("Datadog", O, [V(["DD_API_KEY", "DATADOG_API_KEY", "datadog.api_key"], "{hex:32}"),
                     V(["DD_APP_KEY", "DD_APPLICATION_KEY", "DATADOG_APP_KEY"], "{hex:40}"),
                     P(("DD_API_KEY", "{hex:32}"), ("DD_APP_KEY", "{hex:40}"))],
      "DD_API_KEY", host="api.datadoghq.com", auth="header:DD-API-KEY"),
    S("New Relic", O, ["NRAK-{AN:27}", "NRII-{b64u:32}", "NRJS-{hex:19}", V(["NEW_RELIC_LICENSE_KEY"], "{hex:36}NRAL"),
                       "NRIQ-{b64u:32}"], "NEW_RELIC_API_KEY NEW_RELIC_LICENSE_KEY", host="api.newrelic.com", auth="header:Api-Key",
      notes="NRJS- browser keys are embedded in pages; included because the brief lists them"),
    S("Sentry", O, ["https://{hex:32}:{hex:32}@o{dig:6}.ingest.sentry.io/{dig:7}", sentry_org, "sntryu_{hex:64}",
                    V(["SENTRY_AUTH_TOKEN"], "{hex:64}")], "SENTRY_DSN SENTRY_AUTH_TOKEN", host="sentry.io", auth="bearer",
      notes="DSNs here carry the legacy secret key; public-key-only DSNs are left out as debatable"),
    S("Grafana", O, [grafana_cloud, "glsa_{b62:32}_{hex:8}", V(["GRAFANA_API_KEY"], grafana_legacy)],
      "GRAFANA_CLOUD_TOKEN GRAFANA_SERVICE_ACCOUNT_TOKEN GRAFANA_API_KEY", host="grafana.example.net", auth="bearer"),
    S("Honeycomb", O, ["{b62:22}", "{hex:32}", "hcaik_01{AN:24}{an:32}", "hcxmk_01{AN:24}{an:32}"], "HONEYCOMB_API_KEY HONEYCOMB_WRITEKEY",
      host="api.honeycomb.io", auth="header:X-Honeycomb-Team"),
    S("Sumo Logic", O, [P(("SUMO_ACCESS_ID|SUMOLOGIC_ACCESSID", "su{b62:12}"), ("SUMO_ACCESS_KEY|SUMOLOGIC_ACCESSKEY", "{b62:64}")),
                        V(["SUMO_HTTP_SOURCE_URL", "SUMOLOGIC_COLLECTOR_URL"],
                          "https://endpoint{int:1-9}.collection.sumologic.com/receiver/v1/http/{b64u:98}==")],
      "SUMO_ACCESS_KEY"),
    S("Splunk HTTP Event Collector", O, ["{uuid}"], "SPLUNK_HEC_TOKEN SPLUNK_TOKEN", host="http-inputs-acme.splunkcloud.com:443",
      auth="header:Authorization=Splunk "),
    S("Splunk Observability Cloud", O, ["{b64u:22}"], "SPLUNK_ACCESS_TOKEN SFX_TOKEN SIGNALFX_ACCESS_TOKEN",
      host="ingest.us1.signalfx.com", auth="header:X-SF-Token"),
    S("Dynatrace", O, ["dt0c01.{AN:24}.{AN:64}", "dt0s01.{AN:24}.{AN:64}", "dt0s16.{AN:24}.{AN:64}"],
      "DT_API_TOKEN DYNATRACE_API_TOKEN", host="abc12345.live.dynatrace.com", auth="header:Authorization=Api-Token "),
    S("Logz.io", O, [V(["LOGZIO_TOKEN", "LOGZIO_SHIPPING_TOKEN"], "{alpha:32}"), V(["LOGZIO_API_TOKEN"], "{uuid}")],
      "LOGZIO_TOKEN", host="api.logz.io", auth="header:X-API-TOKEN"),
    S("Loggly", O, ["https://logs-01.loggly.com/inputs/{uuid}/tag/http/", V(["LOGGLY_TOKEN"], "{uuid}")], "LOGGLY_TOKEN LOGGLY_URL"),
    S("Papertrail", O, ["{b62:20}"], "PAPERTRAIL_API_TOKEN", host="papertrailapp.com", auth="header:X-Papertrail-Token"),
    S("Bugsnag", O, ["{uuid}", "{hex:32}"], "BUGSNAG_AUTH_TOKEN BUGSNAG_DATA_ACCESS_TOKEN", host="api.bugsnag.com",
      auth="header:Authorization=token "),
    S("Rollbar", O, ["{hex:32}"], "ROLLBAR_ACCESS_TOKEN ROLLBAR_POST_SERVER_ITEM_TOKEN", host="api.rollbar.com",
      auth="header:X-Rollbar-Access-Token"),
    S("Raygun", O, ["{b62:22}", "{b62:40}"], "RAYGUN_API_KEY RAYGUN_PAT_TOKEN", host="api.raygun.com", auth="header:X-ApiKey"),
    S("Elastic", O, [es_api_key, "essu_{b64:76}", P(("ELASTIC_CLOUD_ID", lambda r: expand(r, "{low:8}:") + b64(
        expand(r, "us-east-1.aws.found.io${hex:32}${hex:32}").encode())), ("ELASTIC_PASSWORD", "{b62:24}"))],
      "ELASTIC_API_KEY ELASTICSEARCH_API_KEY", host="my-deployment.es.us-east-1.aws.found.io", auth="header:Authorization=ApiKey "),
    S("Elastic APM", O, ["{b62:32}"], "ELASTIC_APM_SECRET_TOKEN", host="apm.example.net", auth="bearer"),
    S("PagerDuty", INC, ["u+{b64u:18}", "{b64u:20}", V(["PAGERDUTY_ROUTING_KEY", "PAGERDUTY_INTEGRATION_KEY"], "{hex:32}")],
      "PAGERDUTY_TOKEN PAGERDUTY_API_KEY", host="api.pagerduty.com", auth="header:Authorization=Token token="),
    S("Opsgenie", INC, ["{uuid}"], "OPSGENIE_API_KEY", host="api.opsgenie.com", auth="header:Authorization=GenieKey "),
    S("Splunk On-Call", INC, [P(("VICTOROPS_API_ID", "{hex:8}"), ("VICTOROPS_API_KEY", "{hex:32}"))], "VICTOROPS_API_KEY"),
    S("incident.io", INC, ["{b62:48}"], "INCIDENT_IO_API_KEY INCIDENT_API_KEY", host="api.incident.io", auth="bearer"),
    S("FireHydrant", INC, ["{b64u:43}"], "FIREHYDRANT_API_KEY", host="api.firehydrant.io", auth="bearer"),
    S("Rootly", INC, ["{hex:64}"], "ROOTLY_API_TOKEN", host="api.rootly.com", auth="bearer"),
    S("Better Stack", O, [V(["LOGTAIL_SOURCE_TOKEN", "BETTERSTACK_SOURCE_TOKEN"], "{b62:24}"), V(["BETTERUPTIME_API_TOKEN"], "{b62:24}")],
      "LOGTAIL_SOURCE_TOKEN", host="in.logs.betterstack.com", auth="bearer"),
    S("Checkly", O, ["cu_{hex:32}"], "CHECKLY_API_KEY", host="api.checklyhq.com", auth="bearer",
      notes="cu_ prefix from memory"),
    S("Cronitor", O, ["{hex:32}"], "CRONITOR_API_KEY", host="cronitor.io", auth="basic-user"),
    S("Healthchecks.io", O, ["{b64u:32}"], "HEALTHCHECKS_API_KEY HC_API_KEY", host="healthchecks.io", auth="header:X-Api-Key"),
    S("UptimeRobot", O, ["u{dig:7}-{hex:24}", "m{dig:9}-{hex:24}"], "UPTIMEROBOT_API_KEY", host="api.uptimerobot.com",
      auth="query:api_key"),
    S("Pingdom", O, ["{b64u:64}"], "PINGDOM_API_TOKEN", host="api.pingdom.com", auth="bearer"),
    S("Atlassian Statuspage", O, ["{uuid}"], "STATUSPAGE_API_KEY", host="api.statuspage.io", auth="header:Authorization=OAuth "),
    S("Mezmo", O, ["{hex:32}"], "MEZMO_INGESTION_KEY LOGDNA_INGESTION_KEY", host="logs.mezmo.com", auth="basic-user"),
    S("Coralogix", O, ["{uuid}", "cxtp_{b62:30}"], "CORALOGIX_PRIVATE_KEY CORALOGIX_API_KEY", host="ingress.coralogix.com",
      auth="bearer"),
    S("Lightstep", O, ["{b64:84}"], "LIGHTSTEP_ACCESS_TOKEN LS_ACCESS_TOKEN", host="ingest.lightstep.com",
      auth="header:lightstep-access-token"),
    S("Axiom", O, ["xaat-{uuid}", "xapt-{uuid}"], "AXIOM_TOKEN", host="api.axiom.co", auth="bearer"),
    S("Airbrake", O, [P(("AIRBRAKE_PROJECT_ID", "{int:100000-999999}"), ("AIRBRAKE_PROJECT_KEY", "{hex:32}"))], "AIRBRAKE_PROJECT_KEY"),
    S("Scout APM", O, ["{b62:20}"], "SCOUT_KEY"),
    S("AppSignal", O, ["{uuid}"], "APPSIGNAL_PUSH_API_KEY"),
    S("Honeybadger", O, ["hbp_{b62:30}"], "HONEYBADGER_API_KEY", host="api.honeybadger.io", auth="header:X-API-Key"),
    S("IBM Instana", O, [V(["INSTANA_AGENT_KEY"], "{b64u:22}"), V(["INSTANA_API_TOKEN"], "{b64u:22}")], "INSTANA_AGENT_KEY",
      host="example-acme.instana.io", auth="header:Authorization=apiToken "),
    S("AppDynamics", O, [P(("APPDYNAMICS_AGENT_ACCOUNT_NAME", "{low:8}"), ("APPDYNAMICS_AGENT_ACCOUNT_ACCESS_KEY", "{an:12}")),
                         V(["APPDYNAMICS_CLIENT_SECRET"], "{uuid}")], "APPDYNAMICS_AGENT_ACCOUNT_ACCESS_KEY"),
    S("LogicMonitor", O, [P(("LM_ACCESS_ID", "{b62:20}"), ("LM_ACCESS_KEY", "{pw:40}"))], "LM_ACCESS_KEY"),
    S("Sematext", O, ["{uuid}"], "SEMATEXT_LOGS_TOKEN SEMATEXT_APP_TOKEN"),
    S("Mackerel", O, ["{b62:44}"], "MACKEREL_APIKEY", host="api.mackerelio.com", auth="header:X-Api-Key"),
    S("Zabbix", O, ["{hex:64}"], "ZABBIX_API_TOKEN ZABBIX_AUTH_TOKEN", host="zabbix.example.net", auth="bearer"),
    S("Kentik", O, [P(("KENTIK_EMAIL", "{low:6}@{low:6}.com"), ("KENTIK_API_TOKEN", "{hex:32}"))], "KENTIK_API_TOKEN"),
    S("ThousandEyes", O, ["{uuid}"], "THOUSANDEYES_TOKEN TE_TOKEN", host="api.thousandeyes.com", auth="bearer"),
    S("Rapid7 InsightOps", O, ["{uuid}"], "R7_LOG_TOKEN INSIGHTOPS_TOKEN"),
    S("SigNoz", O, ["{b64u:36}"], "SIGNOZ_INGESTION_KEY", host="ingest.us.signoz.cloud:443", auth="header:signoz-ingestion-key"),
    S("OpsLevel", O, ["{b62:40}"], "OPSLEVEL_API_TOKEN", host="app.opslevel.com", auth="bearer"),
    S("Logflare", O, ["{b64u:12}"], "LOGFLARE_API_KEY", host="api.logflare.app", auth="header:X-API-KEY"),
    S("Grafana OnCall", INC, ["{b64u:40}"], "GRAFANA_ONCALL_TOKEN ONCALL_API_TOKEN"),
    S("Squadcast", INC, ["{hex:64}"], "SQUADCAST_REFRESH_TOKEN"),
    S("Site24x7", O, ["1000.{hex:32}.{hex:32}"], "SITE24X7_REFRESH_TOKEN"),
]
