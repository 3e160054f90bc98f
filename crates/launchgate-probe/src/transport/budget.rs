//! The run's request budget: every request takes a place, and running out is reported.

use super::*;

/// The run-wide request budget (every target and API check together), and in a dry run the
/// list of requests that would have been sent.
pub(crate) struct RunBudget {
    pub(super) sent: AtomicU32,
    pub(super) max: u32,
    pub(super) exhausted: std::sync::atomic::AtomicBool,
    pub(super) dry: Option<std::sync::Mutex<Vec<String>>>,
}

impl RunBudget {
    pub(crate) fn new(max: u32, dry: bool) -> Arc<RunBudget> {
        Arc::new(RunBudget {
            sent: AtomicU32::new(0),
            max,
            exhausted: std::sync::atomic::AtomicBool::new(false),
            dry: dry.then(|| std::sync::Mutex::new(Vec::new())),
        })
    }

    /// Requests sent in the run so far.
    pub(crate) fn sent(&self) -> u32 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Whether a request was refused for want of budget.
    pub(crate) fn exhausted(&self) -> bool {
        self.exhausted.load(Ordering::Relaxed)
    }

    /// A dry run: requests are listed, never sent.
    pub(crate) fn is_dry(&self) -> bool {
        self.dry.is_some()
    }

    /// Lists one planned request (dry runs only).
    pub(crate) fn plan(&self, line: String) {
        if let Some(d) = &self.dry
            && let Ok(mut d) = d.lock()
        {
            d.push(line);
        }
    }

    /// The requests listed so far.
    pub(crate) fn planned(&self) -> Vec<String> {
        self.dry
            .as_ref()
            .and_then(|d| d.lock().ok().map(|d| d.clone()))
            .unwrap_or_default()
    }
}
