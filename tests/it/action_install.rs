//! The action's install step (action/install.sh), run as the action runs it,
//! against a local HTTP server standing in for the GitHub release: a real
//! archive of the okr binary whose SHA-256 is committed is installed; a
//! tampered archive is refused; a missing one falls back to building from the
//! action's source, with the toolchain pinned, whatever the checked-out
//! workspace's rust-toolchain.toml or .cargo/config.toml say.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

const TARGET: &str = "x86_64-unknown-linux-musl";

/// Serves `files` (URL path -> body) on 127.0.0.1; any other path is a 404.
/// Returns the base URL. The thread ends with the test process.
fn serve(files: HashMap<String, Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let files = Arc::new(files);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Skip the headers.
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            let (status, body) = match files.get(&path) {
                Some(b) => ("200 OK", b.clone()),
                None => ("404 Not Found", b"not found".to_vec()),
            };
            let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://{addr}")
}

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(out.stdout).unwrap().split_whitespace().next().unwrap().to_string()
}

/// A release archive laid out as `dist` lays it out
/// (`okr-<target>/okr` in `okr-<target>.tar.xz`), holding the okr binary
/// under test.
fn real_archive(dir: &Path) -> PathBuf {
    let inner = dir.join(format!("okr-{TARGET}"));
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_okr"), inner.join("okr")).unwrap();
    std::fs::write(inner.join("README.md"), "okr\n").unwrap();
    let archive = dir.join(format!("okr-{TARGET}.tar.xz"));
    let ok = Command::new("tar")
        .env("XZ_OPT", "-0")
        .arg("-cJf")
        .arg(&archive)
        .arg("-C")
        .arg(dir)
        .arg(format!("okr-{TARGET}"))
        .status()
        .unwrap();
    assert!(ok.success());
    archive
}

/// An action directory: the install script, a Cargo.toml at `version` and
/// action/checksums.txt with `sums`. With `buildable`, a tiny crate named okr
/// whose binary prints `okr VERSION (built)`, so the fallback build is real
/// and quick.
fn action_dir(root: &Path, version: &str, sums: &str) -> PathBuf {
    let action = root.join("action-src");
    std::fs::create_dir_all(action.join("action")).unwrap();
    std::fs::create_dir_all(action.join("src")).unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("action/install.sh"), action.join("action/install.sh"))
        .unwrap();
    std::fs::write(
        action.join("Cargo.toml"),
        format!("[package]\nname = \"okr\"\nversion = \"{version}\"\nedition = \"2021\"\n\n[workspace]\n"),
    )
    .unwrap();
    std::fs::write(
        action.join("Cargo.lock"),
        format!("version = 4\n\n[[package]]\nname = \"okr\"\nversion = \"{version}\"\n"),
    )
    .unwrap();
    std::fs::write(
        action.join("src/main.rs"),
        "fn main() { println!(\"okr {} (built)\", env!(\"CARGO_PKG_VERSION\")); }\n",
    )
    .unwrap();
    std::fs::write(action.join("action/checksums.txt"), format!("# okr {version}\n{sums}")).unwrap();
    action
}

struct Run {
    out: Output,
    dest: PathBuf,
}

impl Run {
    fn log(&self) -> String {
        format!("{}{}", String::from_utf8_lossy(&self.out.stdout), String::from_utf8_lossy(&self.out.stderr))
    }
    fn version(&self) -> String {
        let out = Command::new(self.dest.join("bin/okr")).arg("--version").output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    }
}

/// Runs the install step as the action does: from the workspace, with
/// GitHub's variables.
fn install(root: &Path, action: &Path, workspace: &Path, base: &str) -> Run {
    let dest = root.join("tool");
    let runner_temp = root.join("runner-temp");
    std::fs::create_dir_all(&runner_temp).unwrap();
    let out = Command::new("bash")
        .arg(action.join("action/install.sh"))
        .current_dir(workspace)
        .env("GITHUB_ACTION_PATH", action)
        .env("OKR_TOOL_DIR", &dest)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", &runner_temp)
        .env("OKR_DOWNLOAD_URL", base)
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO_TARGET_DIR")
        .env("RUSTUP_AUTO_INSTALL", "0")
        .output()
        .unwrap();
    Run { out, dest }
}

fn workspace(root: &Path) -> PathBuf {
    let ws = root.join("workspace");
    std::fs::create_dir_all(&ws).unwrap();
    ws
}

#[test]
fn a_release_archive_whose_checksum_is_committed_is_installed() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = real_archive(&tmp.path().join("release"));
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("okr-{TARGET}.tar.xz");
    let action = action_dir(tmp.path(), version, &format!("{}  {name}\n", sha256(&archive)));
    let base = serve(HashMap::from([(format!("/v{version}/{name}"), std::fs::read(&archive).unwrap())]));
    let run = install(tmp.path(), &action, &workspace(tmp.path()), &base);
    assert!(run.out.status.success(), "{}", run.log());
    assert!(run.log().contains("matches action/checksums.txt"), "{}", run.log());
    assert!(!run.log().contains("building okr"), "{}", run.log());
    assert_eq!(run.version(), format!("okr {version}\n"));
}

#[test]
fn a_tampered_archive_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = real_archive(&tmp.path().join("release"));
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("okr-{TARGET}.tar.xz");
    let action = action_dir(tmp.path(), version, &format!("{}  {name}\n", sha256(&archive)));
    let mut tampered = std::fs::read(&archive).unwrap();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    let base = serve(HashMap::from([(format!("/v{version}/{name}"), tampered)]));
    let run = install(tmp.path(), &action, &workspace(tmp.path()), &base);
    assert_eq!(run.out.status.code(), Some(1), "{}", run.log());
    assert!(run.log().contains("does not match the SHA-256 committed in the action"), "{}", run.log());
    assert!(!run.log().contains("building okr"), "a tampered archive is no reason to build: {}", run.log());
    assert!(!run.dest.join("bin/okr").exists());
}

#[test]
fn a_missing_archive_falls_back_to_building_from_the_action_source() {
    let tmp = tempfile::tempdir().unwrap();
    let name = format!("okr-{TARGET}.tar.xz");
    let action = action_dir(tmp.path(), "9.8.7", &format!("{}  {name}\n", "0".repeat(64)));
    let base = serve(HashMap::new());
    let run = install(tmp.path(), &action, &workspace(tmp.path()), &base);
    assert!(run.out.status.success(), "{}", run.log());
    assert!(run.log().contains("has no release archive at"), "{}", run.log());
    assert!(run.log().contains("building okr 9.8.7 from the action's source"), "{}", run.log());
    assert_eq!(run.version(), "okr 9.8.7 (built)\n");
}

#[test]
fn without_a_committed_checksum_the_action_builds_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let action = action_dir(tmp.path(), "9.8.7", "");
    let run = install(tmp.path(), &action, &workspace(tmp.path()), &serve(HashMap::new()));
    assert!(run.out.status.success(), "{}", run.log());
    assert!(run.log().contains("no checksum for okr-x86_64-unknown-linux-musl.tar.xz of okr 9.8.7"), "{}", run.log());
    assert_eq!(run.version(), "okr 9.8.7 (built)\n");
}

/// The fallback build must not let the pull request choose the toolchain:
/// a rust-toolchain.toml naming a toolchain `path` would run the attacker's
/// cargo, an old channel would break the build, and a .cargo/config.toml
/// could wrap rustc.
#[test]
fn the_fallback_build_ignores_a_hostile_workspace_toolchain() {
    for toolchain in ["path = \"EVIL\"", "channel = \"1.20.0\""] {
        let tmp = tempfile::tempdir().unwrap();
        let evil = tmp.path().join("evil");
        let marker = tmp.path().join("pwned");
        std::fs::create_dir_all(evil.join("bin")).unwrap();
        for tool in ["cargo", "rustc", "wrapper"] {
            let script = evil.join("bin").join(tool);
            std::fs::write(&script, format!("#!/bin/sh\necho {tool} >> '{}'\nexit 1\n", marker.display())).unwrap();
            Command::new("chmod").arg("+x").arg(&script).status().unwrap();
        }
        let ws = workspace(tmp.path());
        std::fs::write(
            ws.join("rust-toolchain.toml"),
            format!("[toolchain]\n{}\n", toolchain.replace("EVIL", &evil.display().to_string())),
        )
        .unwrap();
        std::fs::create_dir_all(ws.join(".cargo")).unwrap();
        std::fs::write(
            ws.join(".cargo/config.toml"),
            format!("[build]\nrustc-wrapper = \"{}\"\n", evil.join("bin/wrapper").display()),
        )
        .unwrap();
        let action = action_dir(tmp.path(), "9.8.7", "");
        let run = install(tmp.path(), &action, &ws, &serve(HashMap::new()));
        assert!(!marker.exists(), "{toolchain}: the workspace's tools ran: {}", run.log());
        assert!(run.out.status.success(), "{toolchain}: {}", run.log());
        assert_eq!(run.version(), "okr 9.8.7 (built)\n");
    }
}
