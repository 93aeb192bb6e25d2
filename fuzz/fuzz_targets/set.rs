//! `okr set`'s in-place edit on any file, KR id and value: see `checks::set`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::set(data));
