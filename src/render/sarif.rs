//! `okr check --format sarif`: findings as a SARIF 2.1.0 log for GitHub code
//! scanning (and any other SARIF viewer).
//!
//! The log has one run whose driver is `okr`. Its `rules` lists every rule
//! that appears in the results, in order of first appearance, with the
//! summary, doc and default level from [`crate::analysis::rules`] where the rule is
//! documented. Each result carries:
//!
//! - `level`: `error`, `warning`, or `note` for infos;
//! - `message.text`: [`Diagnostic::full_message`] (message, then the hint);
//! - one location: the file as a relative URI against `%SRCROOT%`, and the
//!   line and column when known (columns count Unicode code points, stated by
//!   the run's `columnKind`). A finding without a file has an empty
//!   `locations` array. SARIF allows that, but GitHub code scanning rejects
//!   the whole upload when any result has no location, so findings sent to
//!   GitHub must carry a file;
//! - `partialFingerprints["okrFinding/v1"]`: a 64-bit FNV-1a hash of the rule,
//!   the ref, the file and the message with its digits masked, never of the
//!   position, so an alert survives edits above it and a count in its
//!   message changing (`stale for 45 days`);
//! - `properties.ref` and `properties.related` when present.

use crate::analysis::rules;
use crate::core::diagnostic::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the SARIF 2.1.0 schema is published for editors and validators.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `partialFingerprints` key; bump the version if the hashed text changes.
pub const FINGERPRINT_KEY: &str = "okrFinding/v1";

/// The base that result URIs are relative to: the checked-out repository.
pub const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    results: SarifResults<'a>,
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Invocation>,
}

/// How the run went: present only to carry a notification about the run
/// itself (not about a file), such as the git history not being read.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    descriptor: NotificationId,
}

#[derive(Serialize)]
struct NotificationId {
    id: &'static str,
}

/// The `descriptor.id` of the notification that the history was not read.
pub const HISTORY_NOTIFICATION: &str = "okr-history";

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
}

/// A `message` or `multiformatMessageString` with plain text only.
#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
}

#[derive(Serialize)]
struct Properties<'a> {
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
    #[serde(skip_serializing_if = "<[std::sync::Arc<str>]>::is_empty")]
    related: &'a [std::sync::Arc<str>],
}

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The results, each converted as it is written: a big organisation's log
/// is never held twice.
struct SarifResults<'a> {
    diags: &'a [Diagnostic],
    rule_ids: &'a [&'static str],
}

impl Serialize for SarifResults<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.diags.iter().map(|d| result(d, self.rule_ids.iter().position(|r| *r == d.rule).unwrap_or(0))),
        )
    }
}

/// A SARIF 2.1.0 log of `diags` from okr `version`, as pretty JSON with a
/// trailing newline.
pub fn sarif(diags: &[Diagnostic], version: &str, history: &super::HistoryUse) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and serde_json writes UTF-8.
    let _ = write_sarif(diags, version, history, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`sarif`] written to `w` as it is produced. When the history was
/// expected but not read (`history`'s notice), the run has one invocation
/// whose `toolExecutionNotifications` says so, as a warning: the run still
/// succeeded, with fewer checks.
pub fn write_sarif(
    diags: &[Diagnostic],
    version: &str,
    history: &super::HistoryUse,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // Rules in order of first use; a result names its rule by index.
    let mut rule_ids: Vec<&'static str> = Vec::new();
    for d in diags {
        if !rule_ids.contains(&d.rule) {
            rule_ids.push(d.rule);
        }
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver { name: "okr", version, rules: rule_ids.iter().copied().map(descriptor).collect() },
            },
            results: SarifResults { diags, rule_ids: &rule_ids },
            column_kind: "unicodeCodePoints",
            invocations: history
                .notice()
                .map(|text| Invocation {
                    execution_successful: true,
                    tool_execution_notifications: vec![Notification {
                        level: "warning",
                        message: Text { text },
                        descriptor: NotificationId { id: HISTORY_NOTIFICATION },
                    }],
                })
                .into_iter()
                .collect(),
        }],
    };
    serde_json::to_writer_pretty(&mut *w, &log)?;
    w.write_all(b"\n")
}

/// The rule's metadata: summary and doc when documented, default level when
/// the rule is known at all.
fn descriptor(id: &'static str) -> ReportingDescriptor {
    let meta = rules::all().into_iter().find(|m| m.code.name == id);
    ReportingDescriptor {
        id,
        short_description: meta.map(|m| Text { text: m.summary.to_string() }),
        full_description: meta.map(|m| Text { text: m.doc.to_string() }),
        help: meta.map(|m| Help { text: m.doc, markdown: m.doc }),
        default_configuration: crate::core::codes::find(id).map(|r| Configuration { level: level(r.default) }),
    }
}

fn result(d: &Diagnostic, rule_index: usize) -> SarifResult<'_> {
    let locations = d
        .file
        .as_deref()
        .map(|file| Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: file_uri(file), uri_base_id: SRCROOT },
                region: d.pos.map(|p| Region { start_line: p.line.max(1), start_column: p.column.max(1) }),
            },
        })
        .into_iter()
        .collect();
    let properties = (d.reference.is_some() || !d.related.is_empty())
        .then_some(Properties { reference: d.reference.as_deref(), related: &d.related });
    SarifResult {
        rule_id: d.rule,
        rule_index,
        level: level(d.severity),
        message: Text { text: d.full_message() },
        locations,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint(d))]),
        properties,
    }
}

/// A project-relative path as a relative URI reference: `\` becomes `/`, and
/// every byte outside the unreserved set and `/` is percent-encoded (so a
/// space, `%`, `#` or a `:` in the first segment cannot change its meaning).
pub fn file_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.trim_start_matches("./").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            b'\\' => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The stable identity of a finding: rule, ref, file and message (digits
/// masked), never the line or column. Sixteen lowercase hex digits.
pub fn fingerprint(d: &Diagnostic) -> String {
    let masked: String = d.message.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect();
    let mut h = Fnv1a::new();
    for part in [d.rule, d.reference.as_deref().unwrap_or(""), d.file.as_deref().unwrap_or(""), masked.as_str()] {
        h.write(part.as_bytes());
        // A separator that cannot occur in the parts keeps ("ab", "c") and
        // ("a", "bc") apart.
        h.write(&[0]);
    }
    format!("{:016x}", h.finish())
}

/// 64-bit FNV-1a.
struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Fnv1a {
        Fnv1a(Self::OFFSET_BASIS)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Pos;
    use crate::render::HistoryUse;
    use serde_json::Value;

    /// The OASIS SARIF 2.1.0 schema (draft-07); see tests/data/README.md.
    const SCHEMA: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sarif-schema-2.1.0.json"));

    /// One finding of each severity, with and without position, file and ref,
    /// a planned rule without a doc and a rule no registry knows.
    fn sample() -> Vec<Diagnostic> {
        vec![
            Diagnostic::error(crate::core::codes::INVALID_FRONT_MATTER.name, "`target` must be a number, found `30%`")
                .at("okrs/2026-Q1/growth/activation.md", Pos::new(7, 13))
                .span_len(3)
                .with_ref("2026-Q1/growth/activation#activation-rate")
                .hint("write `30` and put the unit in `unit: \"%\"`"),
            Diagnostic::new("no-target", Severity::Warning, "KR `nps` has no target")
                .at("okrs/2026-Q1/growth/activation.md", Pos::new(20, 5))
                .with_ref("2026-Q1/growth/activation#nps"),
            Diagnostic::error(crate::core::codes::UNKNOWN_REF.name, "`parent` names nothing")
                .in_file("okrs/2026-Q1/sales team/pipeline.md")
                .with_ref("2026-Q1/sales team/pipeline")
                .related("2026-Q1/company/revenue"),
            Diagnostic::new("sandbagging", Severity::Info, "average confidence 0.95"),
            Diagnostic::new("layer-mix", Severity::Info, "only lagging KRs")
                .at("okrs/2026-Q1/growth/activation.md", Pos::new(1, 1)),
            Diagnostic::error("config", "unknown key `rulez`").at("okr.toml", Pos::new(3, 1)),
            Diagnostic::new("no-target", Severity::Warning, "KR `csat` has no target")
                .at("okrs/2026-Q1/growth/activation.md", Pos::new(31, 5))
                .with_ref("2026-Q1/growth/activation#csat"),
        ]
    }

    fn render(diags: &[Diagnostic]) -> Value {
        render_with(diags, &HistoryUse::read())
    }

    fn render_with(diags: &[Diagnostic], history: &HistoryUse) -> Value {
        let s = sarif(diags, "0.1.0", history);
        assert!(s.ends_with("}\n"), "pretty JSON with a trailing newline");
        serde_json::from_str(&s).unwrap()
    }

    #[test]
    fn validates_against_the_sarif_2_1_0_schema() {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        let validator = jsonschema::draft7::options().should_validate_formats(true).build(&schema).unwrap();
        let shallow = HistoryUse::missing("this is a shallow clone", true);
        for (diags, history) in [(sample(), HistoryUse::read()), (Vec::new(), HistoryUse::read()), (sample(), shallow)]
        {
            let log = render_with(&diags, &history);
            let errors: Vec<String> =
                validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
            assert!(errors.is_empty(), "{errors:#?}\n{log:#}");
        }
        // The validator does reject what the schema forbids.
        let mut bad = render(&sample());
        bad["runs"][0]["results"][0]["level"] = "info".into();
        bad["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
        bad["runs"][0]["tool"]["driver"]["rules"][0]["extra"] = true.into();
        assert_eq!(validator.iter_errors(&bad).count(), 3);
    }

    /// The history notice is a run-level notification, not a result: it
    /// has no location, and code scanning would reject a result without one.
    #[test]
    fn a_missing_history_is_a_tool_execution_notification() {
        let read = render(&sample());
        assert!(read["runs"][0].get("invocations").is_none(), "{read:#}");
        let asked = render_with(&sample(), &HistoryUse::missing("--no-history was given", false));
        assert!(asked["runs"][0].get("invocations").is_none(), "{asked:#}");
        let log = render_with(&sample(), &HistoryUse::missing("this is a shallow clone", true));
        let inv = &log["runs"][0]["invocations"];
        assert_eq!(inv.as_array().map(Vec::len), Some(1), "{log:#}");
        assert_eq!(inv[0]["executionSuccessful"], true);
        let note = &inv[0]["toolExecutionNotifications"][0];
        assert_eq!((&note["level"], &note["descriptor"]["id"]), (&"warning".into(), &HISTORY_NOTIFICATION.into()));
        assert!(note["message"]["text"].as_str().is_some_and(|t| t.contains("shallow clone")), "{log:#}");
        assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(sample().len()));
    }

    #[test]
    fn log_shape_rule_indexes_and_levels() {
        let diags = sample();
        let log = render(&diags);
        assert_eq!(log["$schema"], SCHEMA_URI);
        assert_eq!(log["version"], "2.1.0");
        let runs = log["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "okr");
        assert_eq!(driver["version"], "0.1.0");
        assert!(driver.get("informationUri").is_none());

        // One descriptor per rule that fired, in order of first appearance.
        let ids: Vec<&str> = driver["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["invalid-front-matter", "no-target", "unknown-ref", "sandbagging", "layer-mix", "config"]);

        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), diags.len());
        for (r, d) in results.iter().zip(&diags) {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(r["ruleId"], d.rule);
            assert_eq!(driver["rules"][index]["id"], d.rule);
            let expected = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            assert_eq!(r["level"], expected);
            assert_eq!(r["message"]["text"], d.full_message());
            let fp = r["partialFingerprints"][FINGERPRINT_KEY].as_str().unwrap();
            assert_eq!(fp.len(), 16);
            assert!(fp.bytes().all(|b| b.is_ascii_hexdigit()));
        }
        // The two no-target findings share a descriptor.
        assert_eq!(results[1]["ruleIndex"], 1);
        assert_eq!(results[6]["ruleIndex"], 1);

        // Hint joined to the message, position and ref carried.
        let first = &results[0];
        assert_eq!(
            first["message"]["text"],
            "`target` must be a number, found `30%`\nhelp: write `30` and put the unit in `unit: \"%\"`"
        );
        let loc = &first["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "okrs/2026-Q1/growth/activation.md");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(loc["region"]["startLine"], 7);
        assert_eq!(loc["region"]["startColumn"], 13);
        assert_eq!(first["properties"]["ref"], "2026-Q1/growth/activation#activation-rate");
        assert!(first["properties"].get("related").is_none());

        // A file without a position: no region; the path is URI-encoded.
        let no_pos = &results[2];
        let loc = &no_pos["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "okrs/2026-Q1/sales%20team/pipeline.md");
        assert!(loc.get("region").is_none());
        assert_eq!(no_pos["properties"]["related"], serde_json::json!(["2026-Q1/company/revenue"]));

        // No file: no location, no properties.
        let no_file = &results[3];
        assert_eq!(no_file["locations"], serde_json::json!([]));
        assert!(no_file.get("properties").is_none());
    }

    #[test]
    fn rule_metadata_comes_from_the_registry() {
        let log = render(&sample());
        let rules_json = &log["runs"][0]["tool"]["driver"]["rules"];
        // Documented rule: summary, doc and default level.
        let meta = rules::all().into_iter().find(|m| m.code == crate::core::codes::INVALID_FRONT_MATTER).unwrap();
        let r = &rules_json[0];
        assert_eq!(r["shortDescription"]["text"], meta.summary);
        assert_eq!(r["fullDescription"]["text"], meta.doc);
        assert_eq!(r["help"]["markdown"], meta.doc);
        assert_eq!(r["help"]["text"], meta.doc);
        assert_eq!(r["defaultConfiguration"]["level"], "error");
        // A quality rule: documented too, with its own default level.
        let quality = &rules_json[1];
        assert_eq!(quality["id"], "no-target");
        assert!(quality["shortDescription"]["text"].as_str().unwrap().contains("target"));
        assert_eq!(quality["defaultConfiguration"]["level"], "warning");
        assert_eq!(rules_json[3]["defaultConfiguration"]["level"], "note");
        // A rule no registry knows (`config`): the id alone.
        assert_eq!(rules_json[5], serde_json::json!({"id": "config"}));
    }

    #[test]
    fn fingerprints_ignore_position_and_counts_but_not_identity() {
        let base = Diagnostic::new("stale", Severity::Warning, "not updated for 45 days")
            .at("okrs/2026-Q1/growth/a.md", Pos::new(10, 3))
            .with_ref("2026-Q1/growth/a#x");
        let fp = fingerprint(&base);
        let mut moved = base.clone();
        moved.pos = Some(Pos::new(42, 1));
        assert_eq!(fingerprint(&moved), fp);
        let mut later = base.clone();
        later.message = "not updated for 46 days".into();
        assert_eq!(fingerprint(&later), fp);
        let mut hinted = base.clone().hint("update `current`");
        assert_eq!(fingerprint(&hinted), fp);
        hinted.reference = Some("2026-Q1/growth/a#y".into());
        assert_ne!(fingerprint(&hinted), fp);
        let mut other_rule = base.clone();
        other_rule.rule = "moved-goalposts";
        assert_ne!(fingerprint(&other_rule), fp);
        let mut other_file = base.clone();
        other_file.file = Some("okrs/2026-Q1/growth/b.md".into());
        assert_ne!(fingerprint(&other_file), fp);
        let mut other_text = base;
        other_text.message = "not updated since the quarter began".into();
        assert_ne!(fingerprint(&other_text), fp);
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        // Test vectors of the FNV reference (64-bit FNV-1a).
        let hash = |s: &str| {
            let mut h = Fnv1a::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn file_uris_are_relative_and_encoded() {
        assert_eq!(file_uri("okrs/2026-Q1/a.md"), "okrs/2026-Q1/a.md");
        assert_eq!(file_uri("./okrs/a.md"), "okrs/a.md");
        assert_eq!(file_uri("okrs\\win\\a.md"), "okrs/win/a.md");
        assert_eq!(file_uri("okrs/a b#1%:é.md"), "okrs/a%20b%231%25%3A%C3%A9.md");
    }
}
