//! The `scan:` section: its plain keys come from `ScanSection`'s declaration; `bundles` (where
//! null means "none", not "the defaults") and `rules` are handled here.

use crate::model::RuleSources;

use super::*;

impl Validator<'_> {
    pub(super) fn scan(&mut self, node: &Node) -> ScanSection {
        let mut scan = ScanSection::default();
        for (key, value) in self.options(node, "scan", &mut scan) {
            match key {
                "bundles" if value.kind == Kind::Null => scan.bundles = Some(Vec::new()),
                "bundles" => {
                    if let Some(Value::List(globs)) = self.value(&KeyKind::Globs, value, key) {
                        scan.bundles = Some(globs);
                    }
                }
                "rules" => {
                    let mut rules = RuleSources::default();
                    let _ = self.options(value, "scan.rules", &mut rules);
                    scan.rules = rules;
                }
                _ => {}
            }
        }
        scan
    }
}
