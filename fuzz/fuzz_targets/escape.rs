//! okr's escaping functions on any text: see `checks::escape`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::escape(data));
