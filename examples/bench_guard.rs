//! Throughput of the output guard (`okr::core::escape::guard_output`, and the
//! `okr::output::Guarded` writer that streams `okr check` and `okr status`
//! output through it) against writing the same bytes raw.
//!
//!   cargo run --release --example bench_guard -- FILE...
//!
//! Each FILE is a captured okr output (scripts/bench-guard.sh captures them
//! from a large workspace). For each, in MB/s: the raw write (a copy into a
//! buffer), the guarded writer into the same buffer fed in 64-byte pieces
//! (like serde_json's small writes) and in 8 KiB pieces, and `guard_output`
//! on the whole text (what `print` and `print_commands` do).

use okr::core::escape::guard_output;
use okr::output::Guarded;
use std::io::{self, Write};

use std::time::{Duration, Instant};

/// Runs `f` until at least `min` has passed; the time of one run.
fn time(min: Duration, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < min || runs == 0 {
        f();
        runs += 1;
    }
    start.elapsed() / runs
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn main() -> io::Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: bench_guard FILE...");
        std::process::exit(2);
    }
    let min = Duration::from_millis(500);
    println!("| output | size | raw write | guarded, 64 B writes | guarded, 8 KiB writes | guard_output whole |");
    println!("|---|---:|---:|---:|---:|---:|");
    for file in &files {
        let bytes = std::fs::read(file)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let commands = text.starts_with("::");
        // Both into one reused buffer: the raw write is a copy.
        let mut buf: Vec<u8> = Vec::with_capacity(bytes.len() + bytes.len() / 8);
        let raw = time(min, || {
            buf.clear();
            for piece in bytes.chunks(8192) {
                let _ = buf.write_all(piece);
            }
            std::hint::black_box(&buf);
        });
        let mut guarded = |chunk: usize| {
            time(min, || {
                buf.clear();
                let mut g = Guarded::new(&mut buf);
                for piece in bytes.chunks(chunk) {
                    let _ = g.write_all(piece);
                }
                let _ = g.finish();
                std::hint::black_box(&buf);
            })
        };
        let (small, large) = (guarded(64), guarded(8192));
        let whole = time(min, || {
            std::hint::black_box(guard_output(std::hint::black_box(&text), commands));
        });
        let name = std::path::Path::new(file).file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
        println!(
            "| {name} | {:.1} MB | {:.0} MB/s | {:.0} MB/s ({:.1} ms) | {:.0} MB/s ({:.1} ms) | {:.0} MB/s ({:.1} ms) |",
            bytes.len() as f64 / 1e6,
            mb_per_s(bytes.len(), raw),
            mb_per_s(bytes.len(), small),
            small.as_secs_f64() * 1e3,
            mb_per_s(bytes.len(), large),
            large.as_secs_f64() * 1e3,
            mb_per_s(bytes.len(), whole),
            whole.as_secs_f64() * 1e3,
        );
    }
    Ok(())
}
