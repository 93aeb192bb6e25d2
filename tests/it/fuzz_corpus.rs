//! Replays the committed fuzz corpus (`fuzz/corpus/parse` and
//! `fuzz/corpus/set`) through the fuzz targets' own checks, so that
//! `cargo test` catches a regression on any input the fuzzer once found
//! interesting, without the fuzzer or a nightly toolchain.

use crate::checks;

use std::path::{Path, PathBuf};

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .collect();
    files.sort();
    files
}

/// Runs `check` on every file of a corpus; fails naming every file that panics.
fn replay(target: &str, check: fn(&[u8])) {
    let files = corpus(target);
    assert!(files.len() >= 20, "the {target} corpus has only {} files", files.len());
    let failed: Vec<String> = files
        .iter()
        .filter(|f| {
            let data = std::fs::read(f).expect("read corpus file");
            std::panic::catch_unwind(|| check(&data)).is_err()
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{} of {} {target} inputs fail:\n{}", failed.len(), files.len(), failed.join("\n"));
}

#[test]
fn parse_corpus_replays() {
    replay("parse", checks::parse);
}

#[test]
fn set_corpus_replays() {
    replay("set", checks::set);
}

#[test]
fn escape_corpus_replays() {
    replay("escape", checks::escape);
}
