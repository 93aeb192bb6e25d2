//! Release plumbing: one version (Cargo.toml, the action's pinned binaries,
//! the docs), one repository slug (`okr::REPOSITORY`) everywhere, the
//! README's promises to a newcomer, and scripts/test.sh on a machine
//! without Chromium.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_version_does_not_drift() {
    let out = Command::new("bash").arg("scripts/release.sh").arg("check").current_dir(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{}\n", env!("CARGO_PKG_VERSION")));
    // A tag for another version is refused.
    let out =
        Command::new("bash").args(["scripts/release.sh", "check", "v99.0.0"]).current_dir(root()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the tag v99.0.0 is not v"));
}

/// Every `github.com/OWNER/okr` and `OWNER/okr@` names [`okr::REPOSITORY`].
#[test]
fn one_repository_slug_everywhere() {
    let mut files = vec![
        "README.md",
        "CONTRIBUTING.md",
        "Cargo.toml",
        "action.yml",
        "action/install.sh",
        "scripts/release.sh",
        "dist-workspace.toml",
        "docs/github-action.md",
        "docs/commands.md",
        "docs/format.md",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    for e in std::fs::read_dir(root().join("docs/workflows")).unwrap() {
        files.push(format!("docs/workflows/{}", e.unwrap().file_name().to_string_lossy()));
    }
    let mut seen = 0;
    for f in &files {
        let text = read(f);
        for (i, _) in text.match_indices("/okr") {
            let before = &text[..i];
            let owner_start =
                before.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).map_or(0, |p| p + 1);
            let owner = &before[owner_start..];
            let after = &text[i + 4..];
            if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                continue; // `/okrs`, `/okr-comment.yml`: not the slug
            }
            let slug_like = before[..owner_start].ends_with("github.com/")
                || after.starts_with('@')
                || before[..owner_start].ends_with("REPOSITORY=\"");
            if slug_like && !owner.is_empty() {
                seen += 1;
                assert_eq!(
                    format!("{owner}/okr"),
                    okr::REPOSITORY,
                    "{f}: {}",
                    &text[owner_start..(i + 20).min(text.len())]
                );
            }
        }
    }
    assert!(seen >= 10, "only {seen} mentions of the slug found");
    assert!(read("action/install.sh").contains(&format!("REPOSITORY=\"{}\"", okr::REPOSITORY)));
    assert!(read("scripts/release.sh").contains(&format!("REPOSITORY=\"{}\"", okr::REPOSITORY)));
    assert!(read("Cargo.toml").contains(&format!("repository = \"https://github.com/{}\"", okr::REPOSITORY)));
    for doc in ["README.md", "docs/github-action.md", "docs/commands.md", "docs/format.md"] {
        let text = read(doc);
        assert!(!text.contains("SPEC"), "{doc} names the spec, which users do not have");
        assert!(!text.contains("shared folder"), "{doc} names the shared folder");
    }
}

/// The two commands the project promises a newcomer, the README's first
/// code block, and `.ci/run` runs the same test command.
#[test]
fn the_readme_promises_two_commands() {
    let readme = read("README.md");
    let block = readme.split("```sh\n").nth(1).expect("a sh block").split("```").next().unwrap();
    let commands: Vec<&str> = block.lines().map(|l| l.split("  #").next().unwrap().trim()).collect();
    assert_eq!(commands, ["cargo run -- status --as-of 2026-12-01", "bash scripts/test.sh"]);
    assert!(read(".ci/run").contains("\nbash scripts/test.sh\n"));
}

/// Without Chromium and without a way to install it, the test command stops
/// with one line saying what to install, before building anything.
#[test]
fn the_test_command_says_what_to_install() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    for tool in ["dirname", "git"] {
        let real = Command::new("bash").args(["-c", &format!("command -v {tool}")]).output().unwrap();
        let real = String::from_utf8(real.stdout).unwrap();
        std::os::unix::fs::symlink(real.trim(), bin.join(tool)).unwrap();
    }
    // Not root: nothing to install with.
    std::fs::write(bin.join("id"), "#!/bin/sh\necho 1000\n").unwrap();
    Command::new("chmod").arg("+x").arg(bin.join("id")).status().unwrap();
    let bash =
        String::from_utf8(Command::new("bash").args(["-c", "command -v bash"]).output().unwrap().stdout).unwrap();
    let out =
        Command::new(bash.trim()).arg(root().join("scripts/test.sh")).env_clear().env("PATH", &bin).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "okr's tests need chromium: install chromium (Debian/Ubuntu: sudo apt-get install chromium), or set OKR_SKIP_BROWSER=1 to skip the browser checks\n"
    );
}
