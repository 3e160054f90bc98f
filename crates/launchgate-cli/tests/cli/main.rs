//! Integration tests: the real `launchgate` binary on real directories and git repositories made
//! by each test. One test binary, one module per area.

// Test helpers outside #[test] functions may unwrap and print freely.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod common;
mod email;
mod exit_codes;
mod formats;
mod history;
mod meta;
mod pipelines;
mod policy;
mod probe;
mod rules;
mod scan;
mod verdict;
