//! `source-map-shipped`: a `.map` file in build output. Its `sourcesContent` is scanned with every
//! rule, and secrets found there are reported at the original source path and line.

use launchgate_core::{
    Area, CheckDef, Confidence, Engine, Location, SecretHasher, Severity, Warning,
};
use serde::Deserialize;

use super::scan_piece;
use crate::blob::BlobScan;
use crate::matcher::RuleSet;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "source-map-shipped",
    name: "Source map shipped with the bundle",
    engine: Engine::Scan,
    area: Area::Secrets,
    severity: Severity::Medium,
    confidence: Confidence::High,
    summary: "Detects a source map in build output, and scans the sources it embeds",
    help: "Build with hidden source maps (upload them to the error tracker privately) and remove .map files from what is deployed",
    docs: include_str!("source_map_shipped.md"),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SourceMap {
    #[serde(default)]
    sources: Vec<Option<String>>,
    #[serde(default)]
    sources_content: Vec<Option<String>>,
    #[serde(default)]
    source_root: Option<String>,
    #[serde(default)]
    sections: Vec<Section>,
}

#[derive(Deserialize)]
struct Section {
    map: Option<Box<SourceMap>>,
}

/// Scans a `.map` through [`scan_map_as`], shipped when it sits in this project's build output
/// (`in_bundle`, and not a dependency's own).
pub(crate) fn scan_map(
    rules: &RuleSet,
    path: &str,
    text: &[u8],
    hasher: &SecretHasher,
    in_bundle: bool,
) -> BlobScan {
    let role = if in_bundle && !crate::bundles::is_dependency_path(path) {
        MapRole::Shipped
    } else {
        MapRole::Embedded
    };
    scan_map_as(rules, path, text, hasher, role)
}

/// Where a source map was found, which decides what its findings say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MapRole {
    /// In this project's build output: the map itself is a finding, its sources are public,
    /// and sources of dependencies inside it are left to the dependency's own files.
    Shipped,
    /// Anywhere else (a dependency's own map, history): only the sources it embeds are
    /// scanned, decoded, instead of the escaped JSON text.
    Embedded,
}

/// Scans the sources a source map embeds (or the file as text if it is not a source map).
pub(crate) fn scan_map_as(
    rules: &RuleSet,
    map_path: &str,
    text: &[u8],
    hasher: &SecretHasher,
    role: MapRole,
) -> BlobScan {
    let mut out = BlobScan::default();
    let map: SourceMap = match serde_json::from_slice(text) {
        Ok(m) => m,
        Err(_) => {
            // Not JSON (or not a source map): scan it as an ordinary file.
            return scan_piece(rules, map_path, text, hasher);
        }
    };
    if map.sources_content.is_empty() && map.sections.is_empty() {
        // A map without sources holds only names and mappings: read it as text.
        if role == MapRole::Embedded {
            return scan_piece(rules, map_path, text, hasher);
        }
    }
    let mut embedded = 0usize;
    let ctx = Ctx {
        rules,
        map_path,
        hasher,
        role,
    };
    scan_sources(&ctx, &map, &mut out, &mut embedded, 0);
    if role == MapRole::Shipped && rules.coded_enabled(CHECK.id) {
        out.findings.insert(
            0,
            super::finding(
                &CHECK,
                map_path,
                1,
                format!(
                    "source map `{map_path}` is shipped with the bundle{}",
                    if embedded > 0 {
                        format!(" and embeds {embedded} original source file(s)")
                    } else {
                        String::new()
                    }
                ),
                hasher,
            ),
        );
    }
    out
}

/// What every source of one map is scanned with.
struct Ctx<'a> {
    rules: &'a RuleSet,
    map_path: &'a str,
    hasher: &'a SecretHasher,
    role: MapRole,
}

fn scan_sources(
    ctx: &Ctx<'_>,
    map: &SourceMap,
    out: &mut BlobScan,
    embedded: &mut usize,
    depth: usize,
) {
    let (rules, map_path, hasher, role) = (ctx.rules, ctx.map_path, ctx.hasher, ctx.role);
    if depth > 4 {
        out.warnings.push(Warning {
            message: format!("{map_path}: index map nested too deeply; inner sections not scanned"),
            policy: None,
            fails: false,
            level: launchgate_core::WarningLevel::Warning,
        });
        return;
    }
    for (i, content) in map.sources_content.iter().enumerate() {
        let Some(content) = content else { continue };
        let source = map
            .sources
            .get(i)
            .and_then(|s| s.as_deref())
            .unwrap_or("(unnamed source)");
        let original = original_path(map_path, map.source_root.as_deref(), source);
        if role == MapRole::Shipped && original.split('/').any(|c| c == "node_modules") {
            continue;
        }
        *embedded += 1;
        let scan = scan_piece(rules, &original, content.as_bytes(), hasher);
        for mut f in scan.findings {
            if let Location::File(l) = &mut f.location {
                l.via = Some(map_path.to_owned());
            }
            // Distinct from the same secret in the source file itself: this copy is public.
            f.fingerprint = launchgate_core::Fingerprint::compute(
                &f.check,
                &format!("{}#{original}", launchgate_core::path_identity(map_path)),
                f.fingerprint.as_str().as_bytes(),
            );
            f.message = match role {
                MapRole::Shipped => format!("{} (shipped to browsers in {map_path})", f.message),
                MapRole::Embedded => {
                    format!("{} (in the sources embedded in {map_path})", f.message)
                }
            };
            out.findings.push(f);
        }
        out.warnings.extend(scan.warnings);
    }
    for s in &map.sections {
        if let Some(m) = &s.map {
            scan_sources(ctx, m, out, embedded, depth + 1);
        }
    }
}

/// The repository path of an original source named in a map: bundler schemes (`webpack://app/`)
/// dropped, then resolved against the map's directory (and `sourceRoot`), `..` collapsed.
pub(crate) fn original_path(map_path: &str, source_root: Option<&str>, source: &str) -> String {
    let mut s = source;
    let mut from_scheme = false;
    if let Some(i) = s.find("://") {
        // webpack://<project>/./src/a.ts → ./src/a.ts
        s = &s[i + 3..];
        s = s.split_once('/').map_or("", |(_, rest)| rest);
        from_scheme = true;
    }
    let mut raw: Vec<&str> = Vec::new();
    if !from_scheme && !s.starts_with('/') {
        raw.extend(map_path.split('/'));
        raw.pop(); // the map's file name
        if let Some(root) = source_root.filter(|r| !r.contains("://")) {
            raw.extend(root.split('/'));
        }
    }
    raw.extend(s.split('/'));
    let mut parts: Vec<&str> = Vec::new();
    for c in raw {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_paths_are_resolved_against_the_map() {
        assert_eq!(
            original_path("dist/assets/index.js.map", None, "../../src/lib/stripe.ts"),
            "src/lib/stripe.ts"
        );
        assert_eq!(
            original_path(
                ".next/static/chunks/app.js.map",
                None,
                "webpack://_N_E/./src/pay.tsx"
            ),
            "src/pay.tsx"
        );
        assert_eq!(
            original_path("web/dist/a.js.map", Some("../"), "src/x.ts"),
            "web/src/x.ts"
        );
    }
}
