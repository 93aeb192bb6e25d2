//! Data rules: invalid data that no configuration can silence.

use super::Meta;
use crate::core::codes;

macro_rules! data_rule {
    ($code:expr, $summary:expr, $doc:expr) => {
        Meta { code: $code, summary: $summary, doc: $doc }
    };
}

pub const RULES: &[Meta] = &[
    data_rule!(
        codes::INVALID_FRONT_MATTER,
        "YAML missing, unparsable, a field of the wrong type, or an unknown field",
        "The front matter between the two `---` lines must be valid YAML with known fields of the right types. \
Numbers are plain numbers: `30%`, `$1.2M` or `1,000` are text to YAML.\n\n\
Weak:\n\n```yaml\ntarget: 30%\ntagret: 30\n```\n\nStronger:\n\n```yaml\nunit: \"%\"\ntarget: 30\n```\n"
    ),
    data_rule!(
        codes::MISSING_FIELD,
        "a required field is absent",
        "An objective needs a title (a `# heading` or `title:`) and at least one key result; a key result needs an \
`id` and a `title`; a KR whose baseline equals its target needs a `direction`.\n\n\
Weak:\n\n```yaml\nkey_results:\n  - title: Uptime\n    baseline: 99.9\n    target: 99.9\n```\n\n\
Stronger:\n\n```yaml\nkey_results:\n  - id: uptime\n    title: Keep API availability at or above 99.9%\n    baseline: 99.9\n    target: 99.9\n    direction: at_least\n```\n"
    ),
    data_rule!(
        codes::DUPLICATE_ID,
        "two KRs share an id in one objective, or two files resolve to one ref",
        "Refs must name exactly one thing, or `drives`, `parent`, trends and diffs would mix two KRs.\n\n\
Weak: two KRs with `id: activation`.\n\nStronger: `id: activation-rate` and `id: activation-time`.\n"
    ),
    data_rule!(
        codes::UNKNOWN_REF,
        "`parent` or `drives` names nothing",
        "A `parent` or `drives` ref must name an existing objective or KR, or the alignment and metric trees break. \
YAML reads ` #` as a comment, so quote refs that contain `#`.\n\n\
Weak:\n\n```yaml\nparent: company/revenue#new-mrr   # unquoted: fine, but `parent: company/revenue #new-mrr` is just `company/revenue`\ndrives: [activaton-rate]\n```\n\n\
Stronger:\n\n```yaml\nparent: \"company/revenue#new-mrr\"\ndrives: [activation-rate]\n```\n"
    ),
    data_rule!(
        codes::DRIVES_CYCLE,
        "the `drives` graph has a cycle",
        "`drives` says which metric a KR is expected to move: inputs drive leading indicators, which drive outputs. \
A cycle (A drives B, B drives A) has no input and no outcome, so the tree cannot be read.\n\n\
Weak: `onboarding-tests` drives `completion` and `completion` drives `onboarding-tests`.\n\n\
Stronger: keep the arrow pointing from the dial you turn to the result you want.\n"
    ),
    data_rule!(
        codes::QUARTER_MISMATCH,
        "the front matter `quarter` disagrees with the folder, or the folder is not a quarter",
        "The quarter folder (`okrs/2026-Q1/...`) decides which quarter an objective belongs to; a `quarter:` \
field that says otherwise usually means a file was copied forward and not updated.\n\n\
Weak: `quarter: 2026-Q1` in `okrs/2026-Q2/growth/activation.md`.\n\nStronger: remove the field, or move the file.\n"
    ),
    data_rule!(
        codes::INVALID_ID,
        "a KR id or a path segment of an objective id is not `[a-z0-9][a-z0-9._-]*`",
        "Ids appear in refs, URLs and command lines, so they are lowercase slugs.\n\n\
Weak: `id: Activation Rate`, `okrs/2026-Q1/Growth/activation.md`.\n\n\
Stronger: `id: activation-rate`, `okrs/2026-Q1/growth/activation.md`.\n"
    ),
    data_rule!(
        codes::HORIZON_MISMATCH,
        "a `parent` names an objective or KR of a shorter horizon, or one whose period does not contain the child's",
        "A quarter objective is the near end of a longer bet: its `parent` points up the horizons, to the \
same or a longer period that the child's period lies within (SPEC section 11). A year objective whose parent \
is a quarter objective, or a 2027 quarter whose parent is the 2026 year objective, turns the bet graph upside \
down and its scores stop adding up.\n\n\
Weak: `parent: 2026-Q1/growth/activation` in `okrs/2026/company/self-serve.md`; \
`parent: 2026/company/self-serve` in `okrs/2027-Q1/growth/activation.md`.\n\n\
Stronger: the year objective names the multi-year bet it serves (`parent: 2026-2028/company/plg`), and each \
quarter names an objective of its own year (`parent: 2027/company/self-serve#arr-share`).\n"
    ),
];
