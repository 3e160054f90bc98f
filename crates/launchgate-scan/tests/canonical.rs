//! The canonical shapes that a secret gate must never miss, in the contexts where they leak,
//! each with a made-up value assembled at run time from a seeded generator (no secret-looking
//! literal is committed). Each case names the rule that must find it, and no finding may show the
//! value.

// Test helpers outside #[test] functions may unwrap freely.
#![allow(clippy::unwrap_used)]

use base64::Engine as _;
use launchgate_core::SecretHasher;
use launchgate_scan::Scanner;

/// A small deterministic generator (xorshift), so values differ per case but not per run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick(&mut self, n: usize, alphabet: &str) -> String {
        let a = alphabet.as_bytes();
        (0..n)
            .map(|_| a[(self.next() % a.len() as u64) as usize] as char)
            .collect()
    }
}

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const DIGITS: &str = "0123456789";
const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn std_b64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

fn url_b64(data: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

/// Scans `text` as the file at `path` and asserts that `rule` found `secret` (as written or
/// encoded) and that no finding shows it.
fn assert_found(path: &str, text: &str, rule: &str, secret: &str) {
    let scanner = Scanner::new(|_| true).unwrap();
    let scan = scanner.scan_bytes(path, text.as_bytes(), &SecretHasher::default());
    let ids: Vec<&str> = scan.findings.iter().map(|f| f.check.as_str()).collect();
    assert!(
        ids.contains(&rule),
        "{rule} did not find its secret in {path} (found {ids:?})"
    );
    let tail = &secret[secret.len() - 12..];
    for f in &scan.findings {
        let json = serde_json::to_string(f).unwrap();
        assert!(
            !json.contains(tail),
            "{rule}: a finding shows the secret: {json}"
        );
    }
}

#[test]
fn slack_bot_tokens_with_a_long_last_part() {
    let mut r = Rng(1);
    for len in [24, 32, 40] {
        let token = format!(
            "xoxb-{}-{}-{}",
            r.pick(12, DIGITS),
            r.pick(13, DIGITS),
            r.pick(len, ALNUM)
        );
        assert_found(
            ".env",
            &format!("SLACK_BOT_TOKEN={token}\n"),
            "slack-bot-token",
            &token,
        );
    }
}

#[test]
fn slack_refresh_tokens_plain_and_json_escaped_in_a_url() {
    let mut r = Rng(2);
    let token = format!("xoxe-1-{}", r.pick(146, ALNUM));
    assert_found(
        "config.yml",
        &format!("slack:\n  refresh_token: {token}\n"),
        "slack-refresh-token",
        &token,
    );
    let escaped = format!("{{\"callback\":\"https:\\/\\/hooks.corp.io\\/slack?t={token}&v=2\"}}\n");
    assert_found("event.json", &escaped, "slack-refresh-token", &token);
}

#[test]
fn openai_keys_in_a_curl_authorization_header() {
    let mut r = Rng(3);
    let key = format!(
        "sk-proj-{}T3BlbkFJ{}",
        r.pick(74, URLSAFE),
        r.pick(74, URLSAFE)
    );
    let line = format!(
        "curl https://api.openai.com/v1/chat/completions -H \"Content-Type: application/json\" -H \"Authorization: Bearer {key}\" -d @req.json\n"
    );
    assert_found("scripts/smoke.sh", &line, "openai-api-key", &key);
}

#[test]
fn aws_bedrock_api_keys() {
    let mut r = Rng(4);
    // Long-term Bedrock API keys: `ABSK` and the base64 of `BedrockAPIKey-…:…`.
    let body = format!(
        "BedrockAPIKey-{}-at-{}:{}",
        r.pick(4, ALNUM),
        r.pick(12, DIGITS),
        r.pick(40, B64)
    );
    let key = format!("ABSK{}", std_b64(body.as_bytes()));
    assert_found(
        "deploy/.env",
        &format!("AWS_BEARER_TOKEN_BEDROCK={key}\n"),
        "aws-bedrock-api-key",
        &key,
    );
}

#[test]
fn jwts_in_a_url_query_string() {
    let mut r = Rng(5);
    let header = url_b64(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = url_b64(
        format!(
            r#"{{"sub":"{}","iat":1717000000,"scope":"admin"}}"#,
            r.pick(8, ALNUM)
        )
        .as_bytes(),
    );
    let token = format!("{header}.{payload}.{}", r.pick(43, URLSAFE));
    let line =
        format!("GET https://app.corp.io/export?format=csv&access_token={token}&page=2 HTTP/1.1\n");
    assert_found("logs/access.log", &line, "json-web-token", &token);
}

#[test]
fn azure_storage_account_keys_and_connection_strings() {
    let mut r = Rng(6);
    let raw: Vec<u8> = (0..64).map(|_| r.next() as u8).collect();
    let key = std_b64(&raw);
    assert_found(
        "appsettings.json",
        &format!("{{\"Storage\": {{\"AccountKey\": \"{key}\"}}}}\n"),
        "azure-storage-account-key",
        &key,
    );
    let conn = format!(
        "DefaultEndpointsProtocol=https;AccountName=prodassets{};AccountKey={key};EndpointSuffix=core.windows.net",
        r.pick(4, DIGITS)
    );
    assert_found(
        "local.settings.json",
        &format!("{{\"Values\": {{\"AzureWebJobsStorage\": \"{conn}\"}}}}\n"),
        "azure-storage-connection-string",
        &key,
    );
}

#[test]
fn odbc_and_jdbc_connection_strings_with_passwords() {
    let mut r = Rng(7);
    let pwd = r.pick(20, ALNUM);
    let odbc = format!(
        "Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:sql-prod.corp.io,1433;Database=orders;Uid=app_rw;Pwd={pwd};Encrypt=yes;"
    );
    assert_found(
        "config/odbc.ini",
        &format!("ConnectionString={odbc}\n"),
        "odbc-connection-string-password",
        &pwd,
    );
    let pwd = r.pick(20, ALNUM);
    let jdbc = format!(
        "jdbc:postgresql://db-prod.corp.io:5432/orders?user=app_rw&password={pwd}&ssl=true"
    );
    assert_found(
        "src/main/resources/application.properties",
        &format!("spring.datasource.url={jdbc}\n"),
        "jdbc-url-password",
        &pwd,
    );
}

#[test]
fn base64_encoded_tokens_are_decoded_and_say_so() {
    let mut r = Rng(8);
    let key = format!("sk_live_{}", r.pick(99, ALNUM));
    let blob = std_b64(format!("{{\"stripe\": {{\"secret_key\": \"{key}\"}}}}").as_bytes());
    let text = format!("settings_b64: {blob}\n");
    assert_found("deploy/values.yml", &text, "stripe-live-secret-key", &key);
    let scanner = Scanner::new(|_| true).unwrap();
    let scan = scanner.scan_bytes(
        "deploy/values.yml",
        text.as_bytes(),
        &SecretHasher::default(),
    );
    let f = scan
        .findings
        .iter()
        .find(|f| f.check == "stripe-live-secret-key")
        .unwrap();
    let launchgate_core::Location::File(loc) = &f.location else {
        panic!("not a file finding");
    };
    assert_eq!(loc.encoding.as_deref(), Some("base64"));
    assert_eq!(
        (loc.line, loc.column),
        (1, 15),
        "the encoded run's position"
    );
    assert!(f.message.contains("base64"), "{}", f.message);
    assert!(
        !serde_json::to_string(f).unwrap().contains(&blob[..24]),
        "the run is not shown"
    );
}

#[test]
fn base64url_encoded_tokens_are_decoded_too() {
    let mut r = Rng(11);
    // `?~>` in the password puts a `-` or `_` in its encoding whatever the alignment: no
    // standard-base64 piece of the run holds all of it, only a base64url decoder does.
    let password = format!("{}?~>{}", r.pick(10, ALNUM), r.pick(10, ALNUM));
    let blob = url_b64(format!("{{\"db_password\": \"{password}\"}}").as_bytes());
    assert!(blob.contains(['-', '_']), "{blob}");
    let text = format!("state={blob}&next=%2F\n");
    assert_found(
        "logs/callback.log",
        &text,
        "generic-secret-assignment",
        &password,
    );
}

#[test]
fn kubernetes_secret_data_is_read_decoded() {
    let mut r = Rng(9);
    let password = r.pick(18, ALNUM);
    let text = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  DB_PASSWORD: {}\n",
        std_b64(password.as_bytes())
    );
    assert_found(
        "k8s/db-secret.yaml",
        &text,
        "generic-secret-assignment",
        &password,
    );
    // A placeholder stays a placeholder once encoded.
    let placeholder = text.replace(
        &std_b64(password.as_bytes()),
        &std_b64(b"<paste-your-password>"),
    );
    let scanner = Scanner::new(|_| true).unwrap();
    let scan = scanner.scan_bytes(
        "k8s/db-secret.yaml",
        placeholder.as_bytes(),
        &SecretHasher::default(),
    );
    assert!(scan.findings.is_empty(), "{:?}", scan.findings);
}

#[test]
fn a_password_in_notes_or_a_saved_ci_log_is_seen() {
    let mut r = Rng(10);
    let password = format!("{}!{}", r.pick(8, ALNUM), r.pick(6, ALNUM));
    assert_found(
        "notes.txt",
        &format!("staging admin\nuser: ops\npassword: {password}\n"),
        "generic-secret-assignment",
        &password,
    );
    let token = r.pick(40, ALNUM);
    assert_found(
        "ci/build-4711.log",
        &format!("2026-11-30T10:00:01.123Z + export DEPLOY_TOKEN={token}\n"),
        "generic-secret-assignment",
        &token,
    );
}
