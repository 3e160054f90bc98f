//! A YAML document as a tree of spanned nodes.
//!
//! serde-saphyr parses (with its duplicate-key and alias-bomb protections) and hands us every node
//! with its position. Policies are validated from this tree by hand rather than by serde derive,
//! so that every problem in a file is reported at once instead of only the first one, and so that
//! `extends` can merge documents while each value remembers which file it came from.

use std::fmt::Write as _;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::source::{SourceId, Span};

/// A YAML node with the position it was written at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) span: Span,
}

/// The value of a node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// What kind of value this is, in words, for "expected X, found Y" messages.
    pub(crate) fn describe(&self) -> &'static str {
        match self.kind {
            Kind::Null => "nothing (null)",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` in a mapping node.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// A copy of a mapping node without the given keys.
    pub(crate) fn without_keys(&self, keys: &[&str]) -> Node {
        match &self.kind {
            Kind::Map(entries) => Node {
                kind: Kind::Map(
                    entries
                        .iter()
                        .filter(|(k, _)| !k.as_str().is_some_and(|k| keys.contains(&k)))
                        .cloned()
                        .collect(),
                ),
                span: self.span,
            },
            _ => self.clone(),
        }
    }
}

/// A parse failure: position (if known) and message.
#[derive(Debug, Clone)]
pub(crate) struct ParseFailure {
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) message: String,
}

/// Parses one YAML document. An empty document is a null node.
pub(crate) fn parse(text: &str, source: SourceId) -> Result<Node, ParseFailure> {
    // YAML 1.2 booleans only: `no`, `off` and `y` stay strings (the Norway problem), and the
    // validator accepts `off`/`on` where a check is switched.
    let options = serde_saphyr::options! { strict_booleans: true };
    match serde_saphyr::from_str_with_options::<RawNode>(text, options) {
        Ok(raw) => Ok(raw.into_node(source)),
        Err(e) => {
            let (line, column) = e
                .location()
                .map(|l| (l.line() as u32, l.column() as u32))
                .unwrap_or((0, 0));
            Err(ParseFailure {
                line,
                column,
                message: plain_message(&e.without_snippet().to_string()),
            })
        }
    }
}

/// serde-saphyr's messages start with "line L column C: "; we show the position ourselves.
fn plain_message(msg: &str) -> String {
    let msg = msg.strip_prefix("error: ").unwrap_or(msg);
    let first_line = msg.lines().next().unwrap_or(msg);
    if let Some(rest) = first_line.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
        && rest[..idx].contains("column")
    {
        return tidy(&rest[idx + 2..]);
    }
    tidy(first_line)
}

/// Drops what only makes sense to a Rust caller of the YAML library (its option names) and a
/// trailing " at line L, column C" that the diagnostic already shows.
fn tidy(msg: &str) -> String {
    let mut msg = msg.to_owned();
    if let Some(i) = msg.find(", set DuplicateKeyPolicy") {
        msg.truncate(i);
        msg.push_str(" (each key may appear once in a mapping)");
    }
    if let Some(i) = msg.rfind(" at line ")
        && msg[i..].contains("column")
    {
        msg.truncate(i);
    }
    msg
}

/// The node as deserialized, before it knows its source.
struct RawNode {
    kind: RawKind,
    line: u64,
    column: u64,
    len: u64,
}

enum RawKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<RawNode>),
    Map(Vec<(RawNode, RawNode)>),
}

impl RawNode {
    fn into_node(self, source: SourceId) -> Node {
        let span = Span {
            source,
            line: self.line as u32,
            column: self.column as u32,
            len: self.len.clamp(1, u64::from(u32::MAX)) as u32,
        };
        let kind = match self.kind {
            RawKind::Null => Kind::Null,
            RawKind::Bool(b) => Kind::Bool(b),
            RawKind::Int(i) => Kind::Int(i),
            RawKind::Float(f) => Kind::Float(f),
            RawKind::Str(s) => Kind::Str(s),
            RawKind::Seq(items) => {
                Kind::Seq(items.into_iter().map(|n| n.into_node(source)).collect())
            }
            RawKind::Map(entries) => Kind::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.into_node(source), v.into_node(source)))
                    .collect(),
            ),
        };
        Node { kind, span }
    }
}

struct RawKindOnly(RawKind);

impl<'de> Deserialize<'de> for RawKindOnly {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawKindOnly;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<RawKindOnly, E> {
                Ok(RawKindOnly(RawKind::Null))
            }
            fn visit_none<E>(self) -> Result<RawKindOnly, E> {
                Ok(RawKindOnly(RawKind::Null))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawKindOnly, D::Error> {
                RawKindOnly::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<RawKindOnly, E> {
                Ok(RawKindOnly(RawKind::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<RawKindOnly, E> {
                Ok(RawKindOnly(RawKind::Int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawKindOnly, E> {
                match i64::try_from(v) {
                    Ok(i) => Ok(RawKindOnly(RawKind::Int(i))),
                    Err(_) => Ok(RawKindOnly(RawKind::Float(v as f64))),
                }
            }
            fn visit_f64<E>(self, v: f64) -> Result<RawKindOnly, E> {
                Ok(RawKindOnly(RawKind::Float(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<RawKindOnly, E> {
                Ok(RawKindOnly(RawKind::Str(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<RawKindOnly, E> {
                Ok(RawKindOnly(RawKind::Str(v)))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<RawKindOnly, E> {
                Ok(RawKindOnly(RawKind::Str(
                    String::from_utf8_lossy(v).into_owned(),
                )))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<RawKindOnly, A::Error> {
                let mut items = Vec::new();
                while let Some(n) = a.next_element::<RawNode>()? {
                    items.push(n);
                }
                Ok(RawKindOnly(RawKind::Seq(items)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<RawKindOnly, A::Error> {
                let mut entries = Vec::new();
                while let Some(k) = a.next_key::<RawNode>()? {
                    let v = a.next_value::<RawNode>()?;
                    entries.push((k, v));
                }
                Ok(RawKindOnly(RawKind::Map(entries)))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<RawKindOnly>::deserialize(d)?;
        let len = match &s.value.0 {
            RawKind::Str(v) => s.referenced.span().len().max(v.chars().count() as u64),
            _ => s.referenced.span().len(),
        };
        Ok(RawNode {
            kind: s.value.0,
            line: s.referenced.line(),
            column: s.referenced.column(),
            len,
        })
    }
}

/// Merges `overlay` onto `base`: mappings merge key by key, lists listed in `append_at` (paths
/// of keys from the root) are concatenated, everything else in `overlay` replaces `base`.
pub(crate) fn merge(
    base: Node,
    overlay: Node,
    path: &mut Vec<String>,
    append_at: &[&[&str]],
) -> Node {
    match (base.kind, overlay.kind) {
        (Kind::Map(mut base_entries), Kind::Map(overlay_entries)) => {
            for (k, v) in overlay_entries {
                let key = k.as_str().map(str::to_owned);
                let existing = key.as_deref().and_then(|key| {
                    base_entries
                        .iter()
                        .position(|(bk, _)| bk.as_str() == Some(key))
                });
                match (existing, key) {
                    (Some(i), Some(key)) => {
                        let (bk, bv) = base_entries.remove(i);
                        path.push(key);
                        let merged = merge(bv, v, path, append_at);
                        path.pop();
                        // Keep the overlay's key span: that is where the user last wrote it.
                        let _ = bk;
                        base_entries.insert(i, (k, merged));
                    }
                    _ => base_entries.push((k, v)),
                }
            }
            Node {
                kind: Kind::Map(base_entries),
                span: overlay.span,
            }
        }
        (Kind::Seq(mut base_items), Kind::Seq(overlay_items))
            if append_at.iter().any(|p| {
                p.len() == path.len() && p.iter().zip(path.iter()).all(|(a, b)| a == b)
            }) =>
        {
            base_items.extend(overlay_items);
            Node {
                kind: Kind::Seq(base_items),
                span: overlay.span,
            }
        }
        (_, kind) => Node {
            kind,
            span: overlay.span,
        },
    }
}

/// Renders a node as block-style YAML. `origin` is called for every scalar mapping value and may
/// return a comment (e.g. the file and line it came from).
pub(crate) fn to_yaml(node: &Node, origin: &dyn Fn(Span) -> Option<String>) -> String {
    let mut out = String::new();
    emit(node, 0, &mut out, origin);
    out
}

fn emit(node: &Node, indent: usize, out: &mut String, origin: &dyn Fn(Span) -> Option<String>) {
    let pad = " ".repeat(indent);
    match &node.kind {
        Kind::Map(entries) if entries.is_empty() => out.push_str(&format!("{pad}{{}}\n")),
        Kind::Seq(items) if items.is_empty() => out.push_str(&format!("{pad}[]\n")),
        Kind::Map(entries) => {
            for (k, v) in entries {
                let key = scalar(k);
                match &v.kind {
                    Kind::Map(e) if !e.is_empty() => {
                        let _ = writeln!(out, "{pad}{key}:");
                        emit(v, indent + 2, out, origin);
                    }
                    Kind::Seq(i) if !i.is_empty() => {
                        let _ = writeln!(out, "{pad}{key}:");
                        emit(v, indent, out, origin);
                    }
                    _ => {
                        let _ = write!(out, "{pad}{key}: {}", scalar(v));
                        if let Some(c) = origin(v.span) {
                            let _ = write!(out, "  # {c}");
                        }
                        out.push('\n');
                    }
                }
            }
        }
        Kind::Seq(items) => {
            for item in items {
                match &item.kind {
                    Kind::Map(e) if !e.is_empty() => {
                        // The first entry goes on the dash line, the rest line up under it.
                        let mut inner = String::new();
                        emit(item, indent + 2, &mut inner, origin);
                        let inner = inner.replacen(&" ".repeat(indent + 2), "", 1);
                        let _ = write!(out, "{pad}- {inner}");
                    }
                    Kind::Seq(i) if !i.is_empty() => {
                        let _ = writeln!(out, "{pad}-");
                        emit(item, indent + 2, out, origin);
                    }
                    _ => {
                        let _ = writeln!(out, "{pad}- {}", scalar(item));
                    }
                }
            }
        }
        _ => {
            let _ = writeln!(out, "{pad}{}", scalar(node));
        }
    }
}

fn scalar(node: &Node) -> String {
    match &node.kind {
        Kind::Null => "null".to_owned(),
        Kind::Bool(b) => b.to_string(),
        Kind::Int(i) => i.to_string(),
        Kind::Float(f) => f.to_string(),
        Kind::Str(s) => quote_if_needed(s),
        Kind::Seq(_) => "[]".to_owned(),
        Kind::Map(_) => "{}".to_owned(),
    }
}

/// Leaves a string plain when YAML would read it back as the same string, else double-quotes it
/// (JSON escapes are valid YAML).
fn quote_if_needed(s: &str) -> String {
    let plain_safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./@+~*".contains(c) || c == ' ')
        && !s.starts_with([' ', '-', '*', '~', '@'])
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null"
        )
        && s.parse::<f64>().is_err()
        && !s.starts_with("0x")
        && !s.starts_with("0o")
        && !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '_' || c == '.');
    if plain_safe || is_date(s) {
        s.to_owned()
    } else {
        let mut q = String::with_capacity(s.len() + 2);
        q.push('"');
        for c in s.chars() {
            match c {
                '"' => q.push_str("\\\""),
                '\\' => q.push_str("\\\\"),
                '\n' => q.push_str("\\n"),
                '\t' => q.push_str("\\t"),
                c if c.is_control() => {
                    let _ = write!(q, "\\u{:04x}", c as u32);
                }
                c => q.push(c),
            }
        }
        q.push('"');
        q
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_wording_is_removed_from_parse_errors() {
        let e = parse("a: 1\na: 2\n", SourceId(0)).unwrap_err();
        assert_eq!(
            e.message,
            "duplicate mapping key: a (each key may appear once in a mapping)"
        );
        assert_eq!((e.line, e.column), (2, 1));
    }

    fn parse_ok(text: &str) -> Node {
        parse(text, SourceId(0)).unwrap()
    }

    #[test]
    fn nodes_keep_line_and_column() {
        let n = parse_ok("version: 1\nscan:\n  max-file-size: 5MiB\n");
        let scan = n.get("scan").unwrap();
        let size = scan.get("max-file-size").unwrap();
        assert_eq!(size.as_str(), Some("5MiB"));
        assert_eq!((size.span.line, size.span.column), (3, 18));
        assert_eq!(size.span.len, 4);
    }

    #[test]
    fn duplicate_keys_are_a_parse_error_with_a_position() {
        let e = parse("a: 1\na: 2\n", SourceId(0)).unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("duplicate mapping key"), "{}", e.message);
    }

    #[test]
    fn merge_overlays_maps_replaces_scalars_and_appends_chosen_lists() {
        let base = parse_ok("a: 1\nm: {x: 1, y: 2}\nl: [1, 2]\nignore: [1]\n");
        let over = parse_ok("a: 2\nm: {y: 3}\nl: [3]\nignore: [2]\n");
        let merged = merge(base, over, &mut Vec::new(), &[&["ignore"]]);
        let yaml = to_yaml(&merged, &|_| None);
        assert_eq!(
            yaml,
            "a: 2\nm:\n  x: 1\n  y: 3\nl:\n- 3\nignore:\n- 1\n- 2\n"
        );
    }

    #[test]
    fn emitted_yaml_reads_back_to_the_same_tree() {
        let text = "version: 1\nchecks:\n  x: off\n  y: {severity: low}\nignore:\n  - check: a\n    reason: \"it's: fine # really\"\n    expires: 2027-01-01\nattest: {}\nlist: [yes, \"no\", '1.5', 10, true]\n";
        let n = parse_ok(text);
        let yaml = to_yaml(&n, &|_| None);
        let back = parse_ok(&yaml);
        assert_eq!(to_yaml(&back, &|_| None), yaml);
        assert_eq!(
            back.get("ignore").map(|i| to_yaml(i, &|_| None)),
            Some(
                "- check: a\n  reason: \"it's: fine # really\"\n  expires: 2027-01-01\n".to_owned()
            )
        );
    }
}
