//! What the CI system says about the run: the pull request's base, so a PR is scanned for what it
//! adds rather than for everything the default branch already holds.

/// The base revision of the pull or merge request being built, if any.
///
/// - GitLab merged-results pipelines: `CI_MERGE_REQUEST_TARGET_BRANCH_SHA` (HEAD is a merge of
///   the branch into that commit, so the range holds exactly the branch's commits); other merge
///   request pipelines: `CI_MERGE_REQUEST_DIFF_BASE_SHA`.
/// - GitHub `pull_request` events: the event payload's `pull_request.base.sha`, else
///   `origin/$GITHUB_BASE_REF`.
pub(crate) fn pull_request_base() -> Option<String> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    if let Some(sha) = var("CI_MERGE_REQUEST_TARGET_BRANCH_SHA") {
        return Some(sha);
    }
    if let Some(sha) = var("CI_MERGE_REQUEST_DIFF_BASE_SHA") {
        return Some(sha);
    }
    let event = var("GITHUB_EVENT_NAME")?;
    if event != "pull_request" && event != "pull_request_target" {
        return None;
    }
    if let Some(sha) = var("GITHUB_EVENT_PATH").and_then(|p| event_base_sha(&p)) {
        return Some(sha);
    }
    var("GITHUB_BASE_REF").map(|b| format!("origin/{b}"))
}

/// `pull_request.base.sha` from the event payload file.
fn event_base_sha(path: &str) -> Option<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(16 << 20)
        .read_to_string(&mut text)
        .ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let sha = v.pointer("/pull_request/base/sha")?.as_str()?;
    (sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit())).then(|| sha.to_owned())
}
