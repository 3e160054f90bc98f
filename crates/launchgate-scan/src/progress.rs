//! Progress for long scans: a self-updating line on a terminal (objects, bytes, findings), and
//! nothing at all elsewhere. CI logs get one summary line from the caller instead.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

/// Shared counters, updated by every worker; the line is redrawn at most ten times a second.
#[derive(Debug)]
pub(crate) struct Progress {
    enabled: bool,
    started: Instant,
    total: AtomicU64,
    done: AtomicU64,
    bytes: AtomicU64,
    last_draw_ms: AtomicU64,
    drawn: AtomicBool,
}

impl Progress {
    /// A progress line on stderr when `enabled` (the caller checks for a terminal).
    pub(crate) fn new(enabled: bool) -> Self {
        Progress {
            enabled,
            started: Instant::now(),
            total: AtomicU64::new(0),
            done: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            last_draw_ms: AtomicU64::new(0),
            drawn: AtomicBool::new(false),
        }
    }

    pub(crate) fn start_history(&self, blobs: u64) {
        self.total.fetch_add(blobs, Ordering::Relaxed);
    }

    pub(crate) fn blob_done(&self, bytes: u64) {
        self.done.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        if !self.enabled {
            return;
        }
        let now = self.started.elapsed().as_millis() as u64;
        let last = self.last_draw_ms.load(Ordering::Relaxed);
        if now.saturating_sub(last) < 100
            || self
                .last_draw_ms
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        let done = self.done.load(Ordering::Relaxed);
        let total = self.total.load(Ordering::Relaxed);
        let mb = self.bytes.load(Ordering::Relaxed) as f64 / 1e6;
        let secs = (now as f64 / 1000.0).max(0.001);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K  scanning history: {done}/{total} blobs, {mb:.0} MB, {:.0} MB/s",
            mb / secs
        );
        let _ = err.flush();
        self.drawn.store(true, Ordering::Relaxed);
    }

    /// Clears the line, if one was drawn.
    pub(crate) fn finish(&self) {
        if self.drawn.load(Ordering::Relaxed) {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}
