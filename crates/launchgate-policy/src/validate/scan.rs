//! The `scan:` section.

use super::*;

impl Validator<'_> {
    pub(super) fn scan(&mut self, node: &Node) -> ScanSection {
        let mut scan = ScanSection::default();
        let Some(fields) = self.fields(node, "scan", SCAN_KEYS) else {
            return scan;
        };
        for (key, value) in fields {
            match key {
                "enabled" => scan.enabled = self.boolean(value, key).unwrap_or(true),
                "gitignore" => scan.gitignore = self.boolean(value, key).unwrap_or(true),
                "include" | "exclude" if value.kind == Kind::Null => {}
                "include" | "exclude" => {
                    let globs: Vec<String> = self
                        .string_list(value, key)
                        .into_iter()
                        .filter_map(|(g, n)| self.glob(&g, &n, key).map(|_| g))
                        .collect();
                    if key == "include" {
                        scan.include = globs;
                    } else {
                        scan.exclude = globs;
                    }
                }
                "bundle-max-file-size" => {
                    scan.bundle_max_file_size = self
                        .size(value, key)
                        .unwrap_or(crate::model::DEFAULT_BUNDLE_MAX_FILE_SIZE);
                }
                "max-file-size" => {
                    scan.max_file_size = self.size(value, key).unwrap_or(DEFAULT_MAX_FILE_SIZE);
                }
                "history" => scan.history = self.boolean(value, key).unwrap_or(true),
                "since" if value.kind == Kind::Null => {}
                "since" => scan.since = self.string(value, key),
                "refs" => {
                    if let Some(r) = self.string(value, key) {
                        match r.parse() {
                            Ok(r) => scan.refs = r,
                            Err(_) => self.error(
                                format!("invalid `scan.refs` `{r}`"),
                                value,
                                "expected head (judge what the checked-out branch holds) or all (every branch, tag and stash)",
                            ),
                        }
                    }
                }
                "bundles" if value.kind == Kind::Null => scan.bundles = Some(Vec::new()),
                "bundles" => {
                    scan.bundles = Some(
                        self.string_list(value, key)
                            .into_iter()
                            .filter_map(|(g, n)| self.glob(&g, &n, key).map(|_| g))
                            .collect(),
                    )
                }
                "rules" => {
                    let Some(rules) = self.fields(value, "scan.rules", SCAN_RULES_KEYS) else {
                        continue;
                    };
                    for (k, v) in rules {
                        if k == "import" && v.kind != Kind::Null {
                            let files: Vec<(String, Node)> = self.string_list(v, k);
                            for (f, n) in files {
                                let p = self.relative_path(&n, f);
                                scan.rule_imports.push(p);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        scan
    }

    /// A path written in a policy file, made relative to that file's directory.
    pub(super) fn relative_path(&self, node: &Node, path: String) -> std::path::PathBuf {
        let p = std::path::PathBuf::from(path);
        if p.is_absolute() {
            return p;
        }
        match self
            .sources
            .get(node.span.source)
            .path
            .as_ref()
            .and_then(|f| f.parent())
        {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(p),
            _ => p,
        }
    }

    pub(super) fn size(&mut self, node: &Node, key: &str) -> Option<u64> {
        let parsed = match &node.kind {
            Kind::Int(i) if *i > 0 => Some(*i as u64),
            Kind::Str(s) => parse_size(s),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                format!("invalid size for `{key}`"),
                node,
                "expected a positive size such as `5MiB`, `500KB` or a number of bytes",
            );
        }
        parsed
    }
}
