"""All service tables, collected from the services_*.py modules."""
from __future__ import annotations

import importlib

MODULES = ["services_cloud", "services_dev", "services_pkg", "services_ops", "services_money", "services_comms",
           "services_ai", "services_data", "services_auth", "services_saas", "services_work", "services_social",
           "services_misc"]


# Services whose shape (a prefix, a body length or structure) is recalled from public docs and
# examples rather than checked against a current specification: labelled "approximate" in notes.
APPROX = {
    "Socket.dev", "Endor Labs", "Mercury", "Ramp", "Brex", "Canva Connect", "Cronofy", "Miro", "Basecamp", "Wrike", "Descope",
    "Privy", "Dynamic", "Storyblok", "Lambda Cloud", "Helicone", "Mem0", "Cartesia", "Retell AI", "Chroma Cloud", "Baseten",
    "RunPod", "Tinybird", "Convex", "Appwrite", "Fly.io", "Bunny.net", "Harness", "AppVeyor", "Honeybadger", "Coralogix", "Axiom",
    "UptimeRobot", "Site24x7", "JetBrains Marketplace", "Ory Network", "ngrok", "Yandex Cloud", "Azure DevOps PAT",
    "Azure Cache for Redis", "Azure Container Registry", "Azure AI Search", "Azure Functions key", "Heroku", "Netlify", "Scalingo",
    "Volcengine", "Snipcart", "Paddle", "Chargebee", "Checkout.com", "OneSignal", "Knock", "Courier", "Webex", "Infobip", "Telnyx",
    "Pushover", "Elastic", "Grafana", "Sentry", "Infisical", "Bitwarden Secrets Manager", "Keeper Secrets Manager", "1Password",
    "AWS CodeArtifact", "CockroachDB Cloud", "Supabase", "Neon", "Upstash", "Turso", "Xano", "MotherDuck", "Materialize",
    "dbt Cloud", "Census", "Amazon Bedrock API key", "Microsoft Teams incoming webhook", "Slack app and refresh tokens",
    "LINE Messaging API", "Mapbox", "Atlassian API token", "Bitbucket", "Trello", "Harvest", "Typeform", "Personio", "Pinterest",
    "TikTok", "Threads", "Instagram", "LinkedIn", "Facebook", "X (Twitter)", "Epic Online Services", "Roblox Open Cloud",
    "Launchable", "Percy", "Chromatic", "Codefresh", "TeamCity", "GitLab runner tokens", "GitLab OAuth and feed tokens",
    "Private Packagist", "Adyen", "Klarna", "Prismic", "Northflank", "Qovery", "Checkly", "Fathom Analytics", "FullStory",
    "Pendo", "Optimizely", "Unleash", "DevCycle", "Coveo", "imgix", "ImageKit", "UploadThing", "Vercel Blob", "Storj",
    "Akeyless", "Modal", "Sumsub", "Onfido", "Metabase", "Ubidots", "NeverBounce", "Kickbox", "Wix", "Amazon Selling Partner API",
    "Zoho", "Salesforce", "Apify", "Tailscale", "Dropbox", "Cloudflare Tunnel", "Azure App Configuration",
}


def all_services():
    out, seen = [], set()
    for m in MODULES:
        for s in importlib.import_module(m).SERVICES:
            if s.name in seen:
                raise ValueError(f"duplicate service {s.name!r} in {m}")
            seen.add(s.name)
            s.module = m
            if s.name in APPROX:
                s.notes = (s.notes + "; " if s.notes else "") + "approximate shape (recalled from public docs/examples)"
            out.append(s)
    return out


if __name__ == "__main__":
    import collections
    svcs = all_services()
    print(len(svcs), "services")
    print(collections.Counter(s.family for s in svcs).most_common())
    print(collections.Counter(s.module for s in svcs))
