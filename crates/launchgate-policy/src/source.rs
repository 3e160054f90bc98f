//! Policy source files and positions in them. Every value read from a policy keeps a [`Span`] so
//! diagnostics, warnings and probe findings can point at the exact line that configured them.

use std::path::PathBuf;

use launchgate_core::PolicyAnchor;

/// Index of a source in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourceId(pub(crate) u32);

/// One policy file (or built-in policy) that was read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in messages: the path as the user wrote it, or `builtin:<name>`.
    pub name: String,
    /// The file's text.
    pub text: String,
    /// The file on disk, for resolving relative `extends`; `None` for built-ins.
    pub path: Option<PathBuf>,
}

/// All sources read while loading one policy.
#[derive(Debug, Clone, Default)]
pub struct Sources(Vec<Source>);

impl Sources {
    pub(crate) fn add(&mut self, source: Source) -> SourceId {
        self.0.push(source);
        SourceId((self.0.len() - 1) as u32)
    }

    /// The source with the given id.
    pub fn get(&self, id: SourceId) -> &Source {
        &self.0[id.0 as usize]
    }

    /// Every source, in the order read.
    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.0.iter()
    }

    /// A portable anchor (file, line, column) for a span.
    pub fn anchor(&self, span: Span) -> PolicyAnchor {
        PolicyAnchor {
            file: self.get(span.source).name.clone(),
            line: span.line,
            column: span.column,
        }
    }
}

/// A position in a source: 1-based line and column (in characters) and a length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file.
    pub source: SourceId,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Length in characters (at least 1 when shown).
    pub len: u32,
}
