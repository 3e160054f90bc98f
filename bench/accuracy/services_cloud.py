"""Cloud providers: AWS, Google Cloud, Azure, the Chinese clouds, IaaS/PaaS hosts."""
from __future__ import annotations

import json
import urllib.parse

from formats import b64, b64u, expand, jwt, pkcs8_rsa_pem, rs, B62, DIG
from svc import Doc, Fn, P, Pairs, S, V, proj

F = "cloud"


def aws_session_token(r):
    if r.random() < 0.75:
        return "IQoJb3JpZ2luX2Vj" + b64(r.randbytes(r.randint(520, 760)))[:-4].rstrip("=")
    return "FwoGZXIvYXdzE" + b64(r.randbytes(r.randint(220, 300))).rstrip("=")


def aws_session(r):
    return Pairs([("AWS_ACCESS_KEY_ID", expand(r, "ASIA{b32:16}")), ("AWS_SECRET_ACCESS_KEY", expand(r, "{b64:40}")),
                  ("AWS_SESSION_TOKEN", aws_session_token(r))], main=2)


def bedrock_long(r):
    body = f"BedrockAPIKey-{rs(r, 4, B62)}-at-{rs(r, 12, DIG)}:{b64(r.randbytes(r.choice([30, 42])))}"
    return "ABSK" + b64(body.encode())


def bedrock_short(r):
    region = r.choice(["us-east-1", "us-west-2", "eu-central-1"])
    cred = urllib.parse.quote(f"ASIA{expand(r, '{b32:16}')}/20250{r.randint(1, 9)}1{r.randint(0, 9)}/{region}/bedrock/aws4_request", safe="")
    url = (f"bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={cred}"
           f"&X-Amz-Date=20250{r.randint(1, 9)}15T10{r.randint(10, 59)}00Z&X-Amz-Expires=43200"
           f"&X-Amz-Security-Token={urllib.parse.quote(aws_session_token(r), safe='')}"
           f"&X-Amz-Signature={r.randbytes(32).hex()}&Version=1")
    return "bedrock-api-key-" + b64(url.encode())


def gcp_sa(r, adminsdk=False):
    p = f"{proj(r)}-{r.randint(100000, 999999)}"
    who = f"firebase-adminsdk-{rs(r, 5, 'abcdefghijklmnopqrstuvwxyz0123456789')}" if adminsdk else r.choice(
        ["deployer", "terraform", "github-actions", "backend", "bigquery-loader"])
    email = f"{who}@{p}.iam.gserviceaccount.com"
    d = {"type": "service_account", "project_id": p, "private_key_id": r.randbytes(20).hex(),
         "private_key": pkcs8_rsa_pem(r), "client_email": email, "client_id": rs(r, 21, DIG),
         "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
         "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
         "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/" + urllib.parse.quote(email),
         "universe_domain": "googleapis.com"}
    return Doc("json", json.dumps(d, indent=2) + "\n", name=f"{p}-{r.randbytes(6).hex()}")


def gcp_key_pairs(r):
    d = json.loads(gcp_sa(r).text)
    return Pairs([("GOOGLE_CLIENT_EMAIL", d["client_email"]), ("GOOGLE_PRIVATE_KEY", d["private_key"])], main=1)


def acct(r):
    return rs(r, r.randint(6, 14), "abcdefghijklmnopqrstuvwxyz") + str(r.randint(1, 99))


def azure_storage_cs(r):
    return (f"DefaultEndpointsProtocol=https;AccountName={acct(r)};AccountKey={b64(r.randbytes(64))};"
            "EndpointSuffix=core.windows.net")


def azure_sas(r):
    sig = urllib.parse.quote(b64(r.randbytes(32)), safe="")
    y = r.randint(2025, 2027)
    if r.random() < 0.5:
        q = (f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se={y}-12-31T23:59:59Z&st={y - 1}-01-01T00:00:00Z"
             f"&spr=https&sig={sig}")
        return "?" + q if r.random() < 0.3 else q
    return (f"https://{acct(r)}.blob.core.windows.net/{r.choice(['uploads', 'backups', 'exports'])}?sp=racwdl"
            f"&st={y - 1}-03-01T10:00:00Z&se={y}-03-01T18:00:00Z&spr=https&sv=2022-11-02&sr=c&sig={sig}")


def sb(r, suffix="servicebus.windows.net", entity=False):
    s = (f"Endpoint=sb://{acct(r)}.{suffix}/;SharedAccessKeyName=RootManageSharedAccessKey;"
         f"SharedAccessKey={b64(r.randbytes(32))}")
    return s + (f";EntityPath={r.choice(['events', 'telemetry', 'orders'])}" if entity else "")


def cf_tunnel(r):
    d = {"a": r.randbytes(16).hex(), "t": expand(r, "{uuid}"), "s": b64(r.randbytes(32))}
    return b64(json.dumps(d, separators=(",", ":")).encode())


def fly(r):
    parts = ["fm2_" + b64(r.randbytes(r.randint(180, 260))) for _ in range(r.choice([1, 2]))]
    return "FlyV1 " + ",".join(parts)


def edgerc(r):
    host = f"akab-{rs(r, 16, 'abcdefghijklmnopqrstuvwxyz0123456789')}-{rs(r, 16, 'abcdefghijklmnopqrstuvwxyz0123456789')}"
    t = "\n".join([
        "[default]", f"client_secret = {b64(r.randbytes(32))}", f"host = {host}.luna.akamaiapis.net",
        f"access_token = akab-{expand(r, '{an:16}-{an:16}')}", f"client_token = akab-{expand(r, '{an:16}-{an:16}')}"])
    return Doc("edgerc", t + "\n", name="edgerc")


SERVICES = [
    S("AWS IAM access key", F, [P(("AWS_ACCESS_KEY_ID|aws_access_key_id", "AKIA{b32:16}"),
                                  ("AWS_SECRET_ACCESS_KEY|aws_secret_access_key", "{b64:40}")),
                                V(["AWS_SECRET_ACCESS_KEY", "aws.secret_access_key", "secretAccessKey"], "{b64:40}")],
      "AWS_SECRET_ACCESS_KEY", files=("aws-credentials",)),
    S("AWS STS session credentials", F, [aws_session], "AWS_SESSION_TOKEN", files=("aws-credentials",)),
    S("Amazon Bedrock API key", "ai", [bedrock_long, bedrock_short], "AWS_BEARER_TOKEN_BEDROCK BEDROCK_API_KEY",
      host="bedrock-runtime.us-east-1.amazonaws.com", auth="bearer"),
    S("Amazon MWS", F, ["amzn.mws.{uuid}"], "MWS_AUTH_TOKEN"),
    S("AWS AppSync API key", F, ["da2-{an:26}"], "APPSYNC_API_KEY", host="example.appsync-api.us-east-1.amazonaws.com",
      auth="header:x-api-key"),
    S("Google Cloud service account", F, [gcp_sa, gcp_key_pairs], "GOOGLE_CREDENTIALS GCP_SA_KEY"),
    S("Firebase Admin SDK", F, [lambda r: gcp_sa(r, adminsdk=True)], "FIREBASE_SERVICE_ACCOUNT"),
    S("Google Cloud API key", F, ["AIza{b64u:35}"], "GOOGLE_API_KEY GCP_API_KEY google.maps.server_key",
      host="maps.googleapis.com", auth="query:key"),
    S("Google OAuth client secret", "auth", [P(("GOOGLE_CLIENT_ID", "{dig:12}-{an:32}.apps.googleusercontent.com"),
                                              ("GOOGLE_CLIENT_SECRET", "GOCSPX-{b64u:28}"))], "GOOGLE_CLIENT_SECRET"),
    S("Google OAuth refresh token", "auth", ["1//0{b64u:99}"], "GOOGLE_REFRESH_TOKEN", host="oauth2.googleapis.com"),
    S("Google OAuth access token", "auth", ["ya29.a0{b64u:170}"], "GOOGLE_ACCESS_TOKEN",
      host="www.googleapis.com", auth="bearer"),
    S("Firebase Cloud Messaging server key", "messaging", ["AAAA{b64u:7}:APA91b{b64u:134}"], "FCM_SERVER_KEY",
      host="fcm.googleapis.com", auth="header:Authorization=key="),
    S("Azure Storage account key", F, [azure_storage_cs, P(("AZURE_STORAGE_ACCOUNT", acct),
                                                           ("AZURE_STORAGE_KEY|AZURE_STORAGE_ACCESS_KEY", "{b64b:64}"))],
      "AZURE_STORAGE_CONNECTION_STRING AzureWebJobsStorage"),
    S("Azure Storage SAS token", F, [azure_sas], "AZURE_STORAGE_SAS_TOKEN AZURE_BLOB_SAS_URL"),
    S("Microsoft Entra ID client secret", "auth", [P(("AZURE_TENANT_ID", "{uuid}"), ("AZURE_CLIENT_ID", "{uuid}"),
                                                     ("AZURE_CLIENT_SECRET", "{azs:3}{dig:1}Q~{azs:34}")),
                                                   V(["AZURE_CLIENT_SECRET", "AzureAd:ClientSecret"], "{azs:3}{dig:1}Q~{azs:34}")],
      "AZURE_CLIENT_SECRET"),
    S("Azure DevOps PAT", "ci-cd", ["{b32l:52}", "{b62:76}AZDO{b62:4}"], "AZURE_DEVOPS_PAT AZURE_DEVOPS_EXT_PAT SYSTEM_ACCESSTOKEN",
      host="dev.azure.com", auth="basic-pass"),
    S("Azure Cosmos DB", "database", ["AccountEndpoint=https://{low:8}.documents.azure.com:443/;AccountKey={b64b:64};"],
      "COSMOS_CONNECTION_STRING CosmosDb:ConnectionString"),
    S("Azure Service Bus", "messaging", [sb], "SERVICEBUS_CONNECTION_STRING AZURE_SERVICEBUS_CONNECTION"),
    S("Azure Event Hubs", "messaging", [lambda r: sb(r, entity=True)], "EVENTHUB_CONNECTION_STRING"),
    S("Azure Functions key", F, ["https://{low:8}-func.azurewebsites.net/api/{low:6}?code={b64u:54}==",
                                 V(["AZURE_FUNCTION_KEY", "x-functions-key"], "{b64u:54}==")],
      "AZURE_FUNCTION_URL", host="fn.azurewebsites.net", auth="header:x-functions-key"),
    S("Azure App Configuration", F, ["Endpoint=https://{low:8}.azconfig.io;Id={b62:4}-l0-s0:{b62:20};Secret={b64b:32}"],
      "AZURE_APPCONFIG_CONNECTION_STRING"),
    S("Azure SignalR", "messaging", ["Endpoint=https://{low:8}.service.signalr.net;AccessKey={b64b:32};Version=1.0;"],
      "Azure__SignalR__ConnectionString AZURE_SIGNALR_CONNECTION_STRING"),
    S("Azure Web PubSub", "messaging", ["Endpoint=https://{low:8}.webpubsub.azure.com;AccessKey={b64b:32};Version=1.0;"],
      "WEBPUBSUB_CONNECTION_STRING"),
    S("Azure Communication Services", "messaging", ["endpoint=https://{low:8}.communication.azure.com/;accesskey={b64b:64}"],
      "COMMUNICATION_SERVICES_CONNECTION_STRING"),
    S("Azure IoT Hub", F, ["HostName={low:8}.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey={b64b:32}"],
      "IOTHUB_CONNECTION_STRING"),
    S("Azure Batch", F, [P(("AZURE_BATCH_ACCOUNT", acct), ("AZURE_BATCH_ACCESS_KEY", "{b64b:64}"))], "AZURE_BATCH_ACCESS_KEY"),
    S("Azure Cache for Redis", "database", ["{low:8}.redis.cache.windows.net:6380,password={b62:32}AzCa{b62:7}=,ssl=True,abortConnect=False",
                                            V(["AZURE_REDIS_KEY", "REDIS_ACCESS_KEY"], "{b62:32}AzCa{b62:7}=")],
      "REDIS_CONNECTION_STRING"),
    S("Azure Container Registry", "registry", [P(("ACR_USERNAME", "{low:8}registry"), ("ACR_PASSWORD", "{b62:42}+ACR{b62:6}"))],
      "ACR_PASSWORD", host="example.azurecr.io", files=("docker-config",)),
    S("Azure Databricks", "data-platform", ["dapi{hex:32}", "dapi{hex:32}-2"], "DATABRICKS_TOKEN",
      host="adb-1234567890123456.7.azuredatabricks.net", auth="bearer"),
    S("Azure AI services", "ai", ["{hex:32}"], "AZURE_COGNITIVE_SERVICES_KEY AZURE_AI_SERVICES_KEY",
      host="eastus.api.cognitive.microsoft.com", auth="header:Ocp-Apim-Subscription-Key"),
    S("Azure API Management", F, ["{hex:32}"], "APIM_SUBSCRIPTION_KEY", host="example.azure-api.net",
      auth="header:Ocp-Apim-Subscription-Key"),
    S("Azure Logic Apps workflow URL", "webhook", [
        "https://prod-{int:10-99}.westeurope.logic.azure.com:443/workflows/{hex:32}/triggers/manual/paths/invoke?"
        "api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={b64u:43}"], "LOGIC_APP_URL TEAMS_WORKFLOW_URL"),
    S("Alibaba Cloud", F, [P(("ALIBABA_CLOUD_ACCESS_KEY_ID|ALICLOUD_ACCESS_KEY", "LTAI5t{b62:18}"),
                             ("ALIBABA_CLOUD_ACCESS_KEY_SECRET|ALICLOUD_SECRET_KEY", "{b62:30}"))],
      "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
    S("Tencent Cloud", F, [P(("TENCENTCLOUD_SECRET_ID", "AKID{b62:32}"), ("TENCENTCLOUD_SECRET_KEY", "{b62:32}"))],
      "TENCENTCLOUD_SECRET_KEY"),
    S("Huawei Cloud", F, [P(("HUAWEICLOUD_SDK_AK", "{AN:20}"), ("HUAWEICLOUD_SDK_SK", "{b62:40}"))], "HUAWEICLOUD_SDK_SK"),
    S("Baidu AI Cloud", F, [P(("BCE_ACCESS_KEY_ID", "{hex:32}"), ("BCE_SECRET_ACCESS_KEY", "{hex:32}"))], "BCE_SECRET_ACCESS_KEY"),
    S("Volcengine", F, [P(("VOLCENGINE_ACCESS_KEY", "AKLT{b64u:40}"), ("VOLCENGINE_SECRET_KEY", "{b64:60}"))],
      "VOLCENGINE_SECRET_KEY"),
    S("Yandex Cloud", F, ["AQVN{b64u:36}", "y0_{b64u:55}", "t1.9euelZ{b64u:150}"], "YC_API_KEY YC_TOKEN YC_IAM_TOKEN",
      host="llm.api.cloud.yandex.net", auth="header:Authorization=Api-Key "),
    S("Oracle Cloud Infrastructure", F, [
        P(("OCI_CLI_USER", "ocid1.user.oc1..aaaaaaaa{an:52}"), ("OCI_CLI_FINGERPRINT", lambda r: ":".join(
            r.randbytes(16).hex()[i:i + 2] for i in range(0, 32, 2))), ("OCI_CLI_KEY_CONTENT", pkcs8_rsa_pem)),
        V(["OCI_AUTH_TOKEN", "oci.auth_token"], "{pw:20}"), V(["OCI_CUSTOMER_SECRET_KEY"], "{b64b:32}")], "OCI_CLI_KEY_CONTENT"),
    S("IBM Cloud", F, ["{b64u:44}"], "IBMCLOUD_API_KEY IC_API_KEY", host="iam.cloud.ibm.com"),
    S("IBM Cloud Object Storage HMAC", "storage", [P(("COS_HMAC_ACCESS_KEY_ID", "{hex:32}"),
                                                     ("COS_HMAC_SECRET_ACCESS_KEY", "{hex:48}"))], "COS_HMAC_SECRET_ACCESS_KEY"),
    S("DigitalOcean", F, ["dop_v1_{hex:64}", "doo_v1_{hex:64}", "dor_v1_{hex:64}"], "DIGITALOCEAN_TOKEN DIGITALOCEAN_ACCESS_TOKEN",
      host="api.digitalocean.com", auth="bearer"),
    S("DigitalOcean Spaces", "storage", [P(("SPACES_ACCESS_KEY_ID", "DO00{AN:16}"), ("SPACES_SECRET_ACCESS_KEY", "{b64:43}"))],
      "SPACES_SECRET_ACCESS_KEY"),
    S("Linode", F, ["{hex:64}"], "LINODE_TOKEN LINODE_CLI_TOKEN", host="api.linode.com", auth="bearer"),
    S("Hetzner Cloud", F, ["{b62:64}"], "HCLOUD_TOKEN", host="api.hetzner.cloud", auth="bearer"),
    S("Scaleway", F, [P(("SCW_ACCESS_KEY", "SCW{AN:17}"), ("SCW_SECRET_KEY", "{uuid}"))],
      "SCW_SECRET_KEY", host="api.scaleway.com", auth="header:X-Auth-Token"),
    S("OVHcloud", F, [P(("OVH_APPLICATION_KEY", "{b62:16}"), ("OVH_APPLICATION_SECRET", "{b62:32}"),
                        ("OVH_CONSUMER_KEY", "{b62:32}"), main=1)], "OVH_APPLICATION_SECRET"),
    S("Vultr", F, ["{AN:36}"], "VULTR_API_KEY", host="api.vultr.com", auth="bearer"),
    S("Heroku", F, ["{uuid}", "HRKU-AA{b64u:58}"], "HEROKU_API_KEY", host="api.heroku.com", auth="bearer", files=("netrc",)),
    S("Fly.io", F, [fly], "FLY_API_TOKEN FLY_ACCESS_TOKEN", host="api.machines.dev", auth="bearer"),
    S("Render", F, ["rnd_{b62:32}"], "RENDER_API_KEY", host="api.render.com", auth="bearer"),
    S("Railway", F, ["{uuid}"], "RAILWAY_TOKEN RAILWAY_API_TOKEN", host="backboard.railway.app", auth="bearer"),
    S("Netlify", F, ["nfp_{b62:36}", "{b64u:43}"], "NETLIFY_AUTH_TOKEN", host="api.netlify.com", auth="bearer"),
    S("Vercel", F, ["{b62:24}"], "VERCEL_TOKEN VERCEL_API_TOKEN", host="api.vercel.com", auth="bearer"),
    S("Cloudflare API token", F, ["{b64u:40}"], "CLOUDFLARE_API_TOKEN CF_API_TOKEN", host="api.cloudflare.com", auth="bearer"),
    S("Cloudflare Global API key", F, [P(("CLOUDFLARE_EMAIL", "{low:6}@{low:6}.com"), ("CLOUDFLARE_API_KEY", "{hex:37}"))],
      "CLOUDFLARE_API_KEY", host="api.cloudflare.com", auth="header:X-Auth-Key"),
    S("Cloudflare Origin CA key", F, ["v1.0-{hex:24}-{hex:146}"], "CLOUDFLARE_ORIGIN_CA_KEY CF_API_USER_SERVICE_KEY"),
    S("Cloudflare R2", "storage", [P(("R2_ACCOUNT_ID", "{hex:32}"), ("R2_ACCESS_KEY_ID", "{hex:32}"),
                                     ("R2_SECRET_ACCESS_KEY", "{hex:64}"))], "R2_SECRET_ACCESS_KEY"),
    S("Cloudflare Tunnel", "network", [Fn(cf_tunnel, ident=False)], "TUNNEL_TOKEN CLOUDFLARE_TUNNEL_TOKEN"),
    S("Cloudflare Access service token", "network", [P(("CF_ACCESS_CLIENT_ID", "{hex:32}.access"),
                                                       ("CF_ACCESS_CLIENT_SECRET", "{hex:64}"))], "CF_ACCESS_CLIENT_SECRET"),
    S("Akamai EdgeGrid", "cdn", [edgerc, P(("AKAMAI_CLIENT_TOKEN", "akab-{an:16}-{an:16}"),
                                           ("AKAMAI_CLIENT_SECRET", "{b64b:32}"), ("AKAMAI_ACCESS_TOKEN", "akab-{an:16}-{an:16}"),
                                           main=1)], "AKAMAI_CLIENT_SECRET"),
    S("Fastly", "cdn", ["{b64u:32}"], "FASTLY_API_TOKEN FASTLY_API_KEY", host="api.fastly.com", auth="header:Fastly-Key"),
    S("Bunny.net", "cdn", ["{uuid}{hexb:2}-{hexb:2}-{hexb:2}-{hexb:2}-{hexb:6}"], "BUNNY_API_KEY BUNNYNET_API_KEY",
      host="api.bunny.net", auth="header:AccessKey"),
    S("KeyCDN", "cdn", ["{b62:32}"], "KEYCDN_API_KEY", host="api.keycdn.com", auth="basic-user"),
    S("Exoscale", F, [P(("EXOSCALE_API_KEY", "EXO{hex:24}"), ("EXOSCALE_API_SECRET", "{b64u:43}"))], "EXOSCALE_API_SECRET"),
    S("UpCloud", F, [P(("UPCLOUD_USERNAME", "{low:8}-api"), ("UPCLOUD_PASSWORD", "{pw:20}"))], "UPCLOUD_PASSWORD"),
    S("Civo", F, ["{b62:50}"], "CIVO_TOKEN", host="api.civo.com", auth="bearer"),
    S("Equinix Metal", F, ["{b62:32}"], "METAL_AUTH_TOKEN PACKET_AUTH_TOKEN", host="api.equinix.com", auth="header:X-Auth-Token"),
    S("OpenStack", F, [P(("OS_AUTH_URL", "https://keystone.{low:6}.example.net:5000/v3"), ("OS_USERNAME", "{low:8}"),
                         ("OS_PASSWORD", "{pw:18}"), main=2), V(["OS_APPLICATION_CREDENTIAL_SECRET"], "{b64u:86}")], "OS_PASSWORD"),
    S("Koyeb", F, ["{an:64}"], "KOYEB_TOKEN", host="app.koyeb.com", auth="bearer"),
    S("Clever Cloud", F, [P(("CLEVER_TOKEN", "{hex:32}"), ("CLEVER_SECRET", "{hex:32}"))], "CLEVER_SECRET"),
    S("Platform.sh", F, ["{b64u:43}"], "PLATFORMSH_CLI_TOKEN UPSUN_CLI_TOKEN"),
    S("Scalingo", F, ["tk-us-{b64u:48}"], "SCALINGO_API_TOKEN"),
    S("Pantheon", F, ["{b64u:43}"], "TERMINUS_MACHINE_TOKEN PANTHEON_MACHINE_TOKEN"),
    S("Acquia Cloud", F, [P(("ACQUIA_KEY", "{uuid}"), ("ACQUIA_SECRET", "{b64b:32}"))], "ACQUIA_SECRET"),
    S("Kinsta", F, ["{hex:64}"], "KINSTA_API_KEY", host="api.kinsta.com", auth="bearer"),
    S("WP Engine", F, [P(("WPE_API_USER_ID", "{uuid}"), ("WPE_API_PASSWORD", "{b62:32}"))], "WPE_API_PASSWORD",
      host="api.wpengineapi.com", auth="basic-pass"),
    S("Deno Deploy", F, ["ddp_{b62:36}"], "DENO_DEPLOY_TOKEN", host="api.deno.com", auth="bearer"),
    S("Northflank", F, ["{b64u:64}"], "NORTHFLANK_API_TOKEN", notes="no documented shape: opaque with its variable"),
    S("Qovery", F, ["{b64u:64}"], "QOVERY_CLI_ACCESS_TOKEN", notes="no documented shape: opaque with its variable"),
    S("Porter", F, ["{b64u:64}"], "PORTER_TOKEN"),
    S("Glitch", F, ["{uuid}"], "GLITCH_PERSISTENT_TOKEN"),
    S("Replit", F, ["{b64u:64}"], "REPLIT_TOKEN REPL_IDENTITY_KEY"),
    S("Kubernetes service account", F, [lambda r: jwt(r, {
        "iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": r.choice(["default", "ci", "prod"]),
        "kubernetes.io/serviceaccount/secret.name": f"deployer-token-{rs(r, 5, 'abcdefghijklmnopqrstuvwxyz0123456789')}",
        "kubernetes.io/serviceaccount/service-account.name": "deployer",
        "sub": "system:serviceaccount:default:deployer"}, alg="RS256", header_extra={"kid": b64u(r.randbytes(32))})],
      "KUBE_TOKEN K8S_TOKEN", files=("kubeconfig",)),
    S("Docker Swarm join token", F, ["SWMTKN-1-{an:50}-{an:25}"], "SWARM_JOIN_TOKEN"),
    S("Rancher", F, ["token-{an:5}:{an:54}"], "RANCHER_TOKEN CATTLE_TOKEN", host="rancher.example.net", auth="bearer"),
    S("Portainer", F, ["ptr_{b64:43}"], "PORTAINER_API_KEY", host="portainer.example.net", auth="header:X-API-Key"),
    S("Proxmox VE", F, ["PVEAPIToken={low:6}@pam!{low:5}={uuid}", V(["PROXMOX_TOKEN_SECRET", "PM_API_TOKEN_SECRET"], "{uuid}")],
      "PROXMOX_API_TOKEN"),
    S("VMware vSphere", F, [P(("VSPHERE_SERVER", "vcenter.{low:6}.local"), ("VSPHERE_USER", "administrator@vsphere.local"),
                              ("VSPHERE_PASSWORD", "{pw:16}"))], "VSPHERE_PASSWORD"),
]
