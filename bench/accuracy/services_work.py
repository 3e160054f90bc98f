"""Productivity, project management, CRM & sales, HR, finance/accounting, documents and forms."""
from __future__ import annotations

from formats import B62, expand, jwt, rs, rsa_private_pem
from svc import P, S, V

PR, CRM, HR, FIN, DOC = "productivity", "crm", "hr", "finance", "documents"


def atatt(r):
    return "ATATT3xFfGF0" + rs(r, 170 + r.randint(0, 20), B62 + "-_") + "=" + r.randbytes(4).hex().upper()


def monday(r):
    return jwt(r, {"tid": r.randint(100000000, 999999999), "aai": r.randint(10, 99), "uid": r.randint(10000000, 99999999),
                   "iad": "2024-0%d-1%dT10:00:00.000Z" % (r.randint(1, 9), r.randint(0, 9)), "per": "me:write",
                   "actid": r.randint(1000000, 9999999), "rgn": r.choice(["use1", "euc1"])}, secret=r.randbytes(32))


def salesforce(r):
    return "00D" + expand(r, "{AN:12}") + "!" + "AR" + expand(r, "{b62:4}") + "." + rs(r, 90, B62 + "._")


SERVICES = [
    S("Atlassian API token", PR, [atatt, P(("JIRA_USER_EMAIL|ATLASSIAN_EMAIL", "{low:6}@{low:6}.com"), ("JIRA_API_TOKEN|ATLASSIAN_API_TOKEN", atatt))],
      "ATLASSIAN_API_TOKEN JIRA_API_TOKEN CONFLUENCE_API_TOKEN", host="acme.atlassian.net", auth="basic-pass"),
    S("Jira Data Center PAT", PR, ["{b64:44}"], "JIRA_PAT JIRA_PERSONAL_TOKEN", host="jira.example.net", auth="bearer"),
    S("Confluence Data Center PAT", PR, ["{b64:44}"], "CONFLUENCE_PAT CONFLUENCE_PERSONAL_TOKEN", host="wiki.example.net", auth="bearer"),
    S("Asana", PR, ["2/{dig:16}/{dig:16}:{hex:32}", "1/{dig:16}:{hex:32}"], "ASANA_ACCESS_TOKEN ASANA_PAT", host="app.asana.com",
      auth="bearer"),
    S("Linear", PR, ["lin_api_{b62:40}", "lin_oauth_{hex:64}"], "LINEAR_API_KEY LINEAR_ACCESS_TOKEN", host="api.linear.app",
      auth="header:Authorization"),
    S("Notion", PR, ["secret_{b62:43}", "ntn_{dig:11}{b62:35}"], "NOTION_TOKEN NOTION_API_KEY NOTION_INTEGRATION_SECRET",
      host="api.notion.com", auth="bearer"),
    S("Airtable", PR, ["pat{b62:14}.{hex:64}", V(["AIRTABLE_API_KEY"], "key{b62:14}")], "AIRTABLE_TOKEN AIRTABLE_PAT AIRTABLE_API_KEY",
      host="api.airtable.com", auth="bearer"),
    S("ClickUp", PR, ["pk_{dig:8}_{AN:32}"], "CLICKUP_API_TOKEN CLICKUP_TOKEN", host="api.clickup.com", auth="header:Authorization"),
    S("monday.com", PR, [monday], "MONDAY_API_TOKEN MONDAY_TOKEN", host="api.monday.com", auth="header:Authorization"),
    S("Trello", PR, [P(("TRELLO_API_KEY", "{hex:32}"), ("TRELLO_TOKEN", "ATTA{hex:64}{HEX:8}")), V(["TRELLO_TOKEN"], "{hex:64}")],
      "TRELLO_TOKEN", host="api.trello.com", auth="query:token"),
    S("Figma", PR, ["figd_{b64u:40}", "figu_{b64u:40}"], "FIGMA_TOKEN FIGMA_ACCESS_TOKEN FIGMA_API_KEY", host="api.figma.com",
      auth="header:X-Figma-Token"),
    S("Postman", PR, ["PMAK-{hex:24}-{hex:34}"], "POSTMAN_API_KEY", host="api.getpostman.com", auth="header:X-Api-Key"),
    S("Salesforce", CRM, [salesforce, P(("SF_CLIENT_ID|SALESFORCE_CONSUMER_KEY", "3MVG9{b62:80}"),
                                        ("SF_CLIENT_SECRET|SALESFORCE_CONSUMER_SECRET", "{HEX:64}")),
                          P(("SALESFORCE_USERNAME", "{low:6}@{low:6}.com"), ("SALESFORCE_PASSWORD", "{pw:16}"),
                            ("SALESFORCE_SECURITY_TOKEN", "{b62:24}"), main=1)],
      "SALESFORCE_ACCESS_TOKEN SF_ACCESS_TOKEN", host="acme.my.salesforce.com", auth="bearer"),
    S("HubSpot", CRM, ["pat-na1-{uuid}", "pat-eu1-{uuid}", V(["HUBSPOT_API_KEY", "HAPIKEY"], "{uuid}")],
      "HUBSPOT_ACCESS_TOKEN HUBSPOT_PRIVATE_APP_TOKEN", host="api.hubapi.com", auth="bearer"),
    S("Zoho", CRM, ["1000.{hex:32}.{hex:32}", P(("ZOHO_CLIENT_ID", "1000.{AN:30}"), ("ZOHO_CLIENT_SECRET", "{hex:42}"))],
      "ZOHO_REFRESH_TOKEN ZOHO_ACCESS_TOKEN", host="www.zohoapis.com", auth="header:Authorization=Zoho-oauthtoken "),
    S("Pipedrive", CRM, ["{hex:40}"], "PIPEDRIVE_API_TOKEN", host="api.pipedrive.com", auth="query:api_token"),
    S("Close", CRM, ["api_{b62:22}.{b62:22}"], "CLOSE_API_KEY", host="api.close.com", auth="basic-user"),
    S("Freshsales", CRM, ["{b64u:22}"], "FRESHSALES_API_KEY", host="acme.myfreshworks.com", auth="header:Authorization=Token token="),
    S("Attio", CRM, ["{hex:64}"], "ATTIO_API_KEY ATTIO_ACCESS_TOKEN", host="api.attio.com", auth="bearer"),
    S("Apollo.io", CRM, ["{b62:22}"], "APOLLO_API_KEY", host="api.apollo.io", auth="header:X-Api-Key"),
    S("Hunter.io", CRM, ["{hex:40}"], "HUNTER_API_KEY", host="api.hunter.io", auth="query:api_key"),
    S("Clearbit", CRM, ["sk_{hex:32}"], "CLEARBIT_API_KEY CLEARBIT_SECRET_KEY", host="person.clearbit.com", auth="bearer"),
    S("Gong", CRM, [P(("GONG_ACCESS_KEY", "{AN:32}"), ("GONG_ACCESS_KEY_SECRET", "{b64:64}"))], "GONG_ACCESS_KEY_SECRET"),
    S("Outreach", CRM, [P(("OUTREACH_CLIENT_ID", "{b64u:43}"), ("OUTREACH_CLIENT_SECRET", "{b64u:43}"))], "OUTREACH_CLIENT_SECRET"),
    S("Calendly", PR, [lambda r: jwt(r, {"iss": "https://auth.calendly.com", "iat": r.randint(1_700_000_000, 1_750_000_000),
                                         "jti": expand(r, "{uuid}"), "user_uuid": expand(r, "{uuid}")}, alg="ES256",
                                     header_extra={"kid": expand(r, "{hex:8}")})], "CALENDLY_API_TOKEN CALENDLY_PAT",
      host="api.calendly.com", auth="bearer"),
    S("Typeform", PR, ["tfp_{b62:44}_{b62:14}"], "TYPEFORM_TOKEN TYPEFORM_API_TOKEN", host="api.typeform.com", auth="bearer"),
    S("SurveyMonkey", PR, ["{b64u:64}"], "SURVEYMONKEY_ACCESS_TOKEN", host="api.surveymonkey.com", auth="bearer"),
    S("Jotform", PR, ["{hex:32}"], "JOTFORM_API_KEY", host="api.jotform.com", auth="header:APIKEY"),
    S("Smartsheet", PR, ["{b62:37}"], "SMARTSHEET_ACCESS_TOKEN SMARTSHEET_API_TOKEN", host="api.smartsheet.com", auth="bearer"),
    S("Todoist", PR, ["{hex:40}"], "TODOIST_API_TOKEN", host="api.todoist.com", auth="bearer"),
    S("Miro", PR, ["eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_{b64u:27}"], "MIRO_ACCESS_TOKEN MIRO_TOKEN", host="api.miro.com", auth="bearer"),
    S("Coda", PR, ["{uuid}"], "CODA_API_TOKEN CODA_API_KEY", host="coda.io", auth="bearer"),
    S("Basecamp", PR, ["BAhbB0kiAbB7{b64:180}--{hex:40}"], "BASECAMP_ACCESS_TOKEN", host="3.basecampapi.com", auth="bearer"),
    S("Wrike", PR, ["eyJ0dCI6InAiLCJhbGciOiJIUzI1NiIsInR2IjoiMSJ9.{b64u:180}.{b64u:43}"], "WRIKE_ACCESS_TOKEN WRIKE_PERMANENT_TOKEN",
      host="www.wrike.com", auth="bearer"),
    S("Dropbox Sign", DOC, ["{hex:64}"], "HELLOSIGN_API_KEY DROPBOX_SIGN_API_KEY", host="api.hellosign.com", auth="basic-user"),
    S("DocuSign", DOC, [P(("DOCUSIGN_INTEGRATION_KEY", "{uuid}"), ("DOCUSIGN_USER_ID", "{uuid}"), ("DOCUSIGN_PRIVATE_KEY", rsa_private_pem)),
                        P(("DOCUSIGN_INTEGRATION_KEY", "{uuid}"), ("DOCUSIGN_SECRET_KEY", "{uuid}"))], "DOCUSIGN_PRIVATE_KEY"),
    S("PandaDoc", DOC, ["{hex:40}"], "PANDADOC_API_KEY", host="api.pandadoc.com", auth="header:Authorization=API-Key "),
    S("n8n", PR, [lambda r: jwt(r, {"sub": expand(r, "{uuid}"), "iss": "n8n", "aud": "public-api",
                                    "iat": r.randint(1_700_000_000, 1_750_000_000)}, secret=r.randbytes(32))],
      "N8N_API_KEY", host="n8n.example.net", auth="header:X-N8N-API-KEY"),
    S("Harvest", FIN, [P(("HARVEST_ACCOUNT_ID", "{dig:7}"), ("HARVEST_ACCESS_TOKEN", "{dig:7}.pt.{b64u:86}"))], "HARVEST_ACCESS_TOKEN",
      host="api.harvestapp.com", auth="bearer"),
    S("Toggl Track", PR, ["{hex:32}"], "TOGGL_API_TOKEN", host="api.track.toggl.com", auth="basic-user"),
    S("Clockify", PR, ["{b64:48}"], "CLOCKIFY_API_KEY", host="api.clockify.me", auth="header:X-Api-Key"),
    S("BambooHR", HR, ["{hex:40}"], "BAMBOOHR_API_KEY", host="api.bamboohr.com", auth="basic-user"),
    S("Greenhouse", HR, ["{hex:32}"], "GREENHOUSE_API_KEY GREENHOUSE_HARVEST_API_KEY", host="harvest.greenhouse.io", auth="basic-user"),
    S("Lever", HR, ["{b62:43}"], "LEVER_API_KEY", host="api.lever.co", auth="basic-user"),
    S("Workable", HR, ["{hex:64}"], "WORKABLE_API_TOKEN", host="acme.workable.com", auth="bearer"),
    S("Personio", HR, [P(("PERSONIO_CLIENT_ID", "papi-{uuid}"), ("PERSONIO_CLIENT_SECRET", "papi-{b64u:48}"))], "PERSONIO_CLIENT_SECRET"),
    S("Deel", HR, ["{hex:64}"], "DEEL_API_TOKEN", host="api.letsdeel.com", auth="bearer"),
    S("Gusto", HR, [P(("GUSTO_CLIENT_ID", "{b64u:43}"), ("GUSTO_CLIENT_SECRET", "{b64u:43}"))], "GUSTO_CLIENT_SECRET"),
    S("Xero", FIN, [P(("XERO_CLIENT_ID", "{HEX:32}"), ("XERO_CLIENT_SECRET", "{b64u:48}"))], "XERO_CLIENT_SECRET"),
    S("QuickBooks Online", FIN, [P(("QUICKBOOKS_CLIENT_ID|QBO_CLIENT_ID", "AB{b62:48}"), ("QUICKBOOKS_CLIENT_SECRET|QBO_CLIENT_SECRET", "{b62:40}"))],
      "QUICKBOOKS_CLIENT_SECRET"),
    S("FreshBooks", FIN, [P(("FRESHBOOKS_CLIENT_ID", "{hex:64}"), ("FRESHBOOKS_CLIENT_SECRET", "{hex:64}"))], "FRESHBOOKS_CLIENT_SECRET"),
    S("NetSuite", FIN, [P(("NETSUITE_CONSUMER_KEY", "{hex:64}"), ("NETSUITE_CONSUMER_SECRET", "{hex:64}"), ("NETSUITE_TOKEN_ID", "{hex:64}"),
                          ("NETSUITE_TOKEN_SECRET", "{hex:64}"))], "NETSUITE_TOKEN_SECRET"),
    S("Brex", FIN, ["bxt_{b62:40}"], "BREX_API_TOKEN", host="platform.brexapis.com", auth="bearer"),
    S("Mercury", FIN, ["secret-token:mercury_production_wma_{b62:40}_yrucrem"], "MERCURY_API_TOKEN", host="api.mercury.com",
      auth="bearer"),
    S("Ramp", FIN, [P(("RAMP_CLIENT_ID", "ramp_id_{b62:40}"), ("RAMP_CLIENT_SECRET", "ramp_sec_{b62:48}"))], "RAMP_CLIENT_SECRET"),
    S("Bitly", PR, ["{hex:40}"], "BITLY_ACCESS_TOKEN BITLY_TOKEN", host="api-ssl.bitly.com", auth="bearer"),
    S("Rebrandly", PR, ["{hex:32}"], "REBRANDLY_API_KEY", host="api.rebrandly.com", auth="header:apikey"),
    S("Short.io", PR, ["sk_{b62:16}"], "SHORTIO_API_KEY", host="api.short.io", auth="header:authorization"),
    S("DeepL", PR, ["{uuid}:fx", "{uuid}"], "DEEPL_AUTH_KEY DEEPL_API_KEY", host="api-free.deepl.com", auth="header:Authorization=DeepL-Auth-Key "),
    S("Canva Connect", PR, [P(("CANVA_CLIENT_ID", "OC-{b62:12}"), ("CANVA_CLIENT_SECRET", "cnvca{b64u:48}"))], "CANVA_CLIENT_SECRET"),
    S("Adobe Developer", PR, [P(("ADOBE_CLIENT_ID", "{hex:32}"), ("ADOBE_CLIENT_SECRET", "p8e-{b64u:32}"))], "ADOBE_CLIENT_SECRET"),
    S("Lob", DOC, ["live_{hex:35}"], "LOB_API_KEY", host="api.lob.com", auth="basic-user"),
    S("Nylas", PR, ["nyk_v0_{b62:48}"], "NYLAS_API_KEY", host="api.us.nylas.com", auth="bearer"),
    S("Cronofy", PR, [P(("CRONOFY_CLIENT_ID", "{b64u:32}"), ("CRONOFY_CLIENT_SECRET", "CRN_{b62:40}"))], "CRONOFY_CLIENT_SECRET"),
]
