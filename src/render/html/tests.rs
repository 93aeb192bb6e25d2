use super::charts::{arc, chart_svg, ChartSvg, PLOT_L, PLOT_R};
use super::*;
use crate::core::quarter::Quarter;
use crate::views::report::Chart;

#[test]
fn raw_html_in_bodies_is_shown_as_text() {
    let html = markdown_html(
        "# Title\n\nHello <script>alert(1)</script> there.\n\n<img src=x onerror=alert(2)>\n\n<div onclick=\"x()\">block</div>\n",
        "Title",
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<div"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"), "{html}");
}

#[test]
fn unsafe_link_targets_are_dropped_and_images_become_links() {
    let html = markdown_html(
        "[a](javascript:alert(1)) [b](JaVa\tScRiPt:alert(1)) [c](javascript&#58;alert(1)) [d](data:text/html,x) \
         [e](vbscript:x) [ok](https://example.com/?q=\"x\") [rel](../notes.md) [mail](mailto:a@example.com) \
         ![chart](https://example.com/c.png) ![bad](javascript:alert(3))",
        "T",
    );
    let lower = html.to_ascii_lowercase();
    for bad in ["href=\"javascript", "href=\"java", "href=\"data:", "href=\"vbscript", "<img"] {
        assert!(!lower.contains(bad), "{bad} in {html}");
    }
    assert_eq!(lower.matches("<a ").count(), 4, "{html}");
    assert!(html.contains(r#"<a href="https://example.com/?q=%22x%22">ok</a>"#), "{html}");
    assert!(html.contains(r#"<a href="../notes.md">rel</a>"#), "{html}");
    assert!(html.contains(r#"<a href="mailto:a@example.com">mail</a>"#), "{html}");
    assert!(html.contains(r#"<a href="https://example.com/c.png">chart</a>"#), "{html}");
    // The text of dropped links stays.
    for text in ["a", "c", "d", "e", "bad"] {
        assert!(html.contains(&format!("{text} ")) || html.contains(&format!("{text}</p>")), "{text} in {html}");
    }
}

#[test]
fn the_title_heading_is_left_out_and_other_headings_move_down() {
    let html = markdown_html("# My objective\n\nIntro.\n\n## Bets\n\n# Another top heading\n", "My objective");
    assert!(!html.contains("My objective"), "{html}");
    assert!(html.contains("<h4>Bets</h4>"), "{html}");
    assert!(html.contains("<h3>Another top heading</h3>"), "{html}");
    // A first heading that is not the title is kept.
    let html = markdown_html("# Something else\n", "Title from front matter");
    assert!(html.contains("<h3>Something else</h3>"), "{html}");
}

#[test]
fn safe_urls() {
    for ok in ["https://a.b", "http://a", "mailto:x@y", "#kr", "notes.md", "../x", "/abs", "?q=1", "a/b:c"] {
        assert!(safe_url(ok), "{ok}");
    }
    for bad in
        ["javascript:x", " javascript:x", "JAVASCRIPT:x", "java\nscript:x", "data:x", "file:///etc", "vbscript:x"]
    {
        assert!(!safe_url(bad), "{bad}");
    }
}

#[test]
fn pixel_numbers_are_short() {
    assert_eq!(Px(12.0).to_string(), "12");
    assert_eq!(Px(12.345).to_string(), "12.3");
    assert_eq!(Px(-0.04).to_string(), "0");
}

#[test]
fn y_axis_ticks_are_round_numbers_around_the_data() {
    let (lo, hi, t) = y_ticks(25.0, 32.0);
    assert_eq!((lo, hi), (24.0, 32.0));
    assert_eq!(t.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(), ["24", "26", "28", "30", "32"]);
    let (_, _, t) = y_ticks(1.5, 3.5);
    assert_eq!(t.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(), ["1.5", "2.0", "2.5", "3.0", "3.5"]);
    // No spread, or nothing finite: still a usable axis.
    let (lo, hi, t) = y_ticks(5.0, 5.0);
    assert!(lo < 5.0 && hi > 5.0 && t.len() >= 2);
    let (lo, hi, _) = y_ticks(f64::INFINITY, f64::NEG_INFINITY);
    assert_eq!((lo, hi), (0.0, 1.0));
}

#[test]
fn arcs_go_clockwise_and_flag_large_sweeps() {
    assert_eq!(arc(60.0, 60.0, 46.0, 180.0, 360.0), "M14 60A46 46 0 0 1 106 60");
    assert!(arc(60.0, 60.0, 46.0, 135.0, 405.0).contains(" 0 1 1 "));
}

#[test]
fn page_paths_are_safe_and_relative_roots_match_their_depth() {
    assert_eq!(safe_segment("growth"), "growth");
    assert_eq!(safe_segment("..bad name"), "_..bad_name");
    assert_eq!(safe_segment(""), "_");
    assert_eq!(root_of("index.html"), "");
    assert_eq!(root_of("objectives/growth/activation.html"), "../../");
}

#[test]
fn br_is_the_one_tag_let_through_and_headings_can_move_up() {
    let html = markdown_html("| a |\n|---|\n| x<br>y <br/> z <b>no</b> |\n", "T");
    assert!(html.contains("x<br />\ny <br />"), "{html}");
    assert!(html.contains("&lt;b&gt;no&lt;/b&gt;"), "{html}");
    let html = markdown_html_shifted("## Retro 2026-Q3\n\n### Portfolio\n", "", -1);
    assert!(html.contains("<h1>Retro 2026-Q3</h1>") && html.contains("<h2>Portfolio</h2>"), "{html}");
}

#[test]
fn the_retro_renders_the_same_a_section_at_a_time() {
    let md = "## Retro 2026-Q1\n\nGraded on 2026-03-31.\n\n\
### Grades\n\n| objective | score | band |\n|---|---:|---|\n| Grow *usage* | 0.7 | hit |\n| Cut churn<br>again | 0.2 | missed |\n\n\
> [!NOTE]\n> a quote that goes on\n\n\
### Targets moved\n\n- `growth/a#x`: 10 → 12 by Maya\n- `growth/b#y`: 3 → 1\n  continued line\n\n\
#### Deeper\n\nA paragraph with [a link](https://example.com) and [bad](javascript:alert(1)).\n\n\
### Carry-overs\n\n1. one\n2. two\n";
    let whole = markdown_html_shifted(md, "", -1);
    assert_eq!(markdown_sections_html(md, -1), whole);
    assert!(whole.matches("<h2>").count() == 3 && whole.contains("<table>"), "{whole}");
}

/// A chart of a KR whose target was raised from 30 to 32 mid-quarter.
fn moved_target_chart(targets: [f64; 3], file_target: f64) -> ChartSvg {
    let text = format!(
        "---\nowner: maya\nkey_results:\n  - id: rate\n    title: Raise activation\n    unit: \"%\"\n    baseline: 20\n    target: {file_target}\n    current: 26\n---\n# Activate\n"
    );
    let o = crate::core::parse::parse_file("okrs/2026-Q1/growth/a.md", "2026-Q1/growth/a.md", text.as_bytes())
        .objective
        .expect("parses");
    let q = Quarter::parse("2026-Q1").expect("quarter");
    let (start, end) = (crate::history::day_start(q.start(1)), crate::history::day_start(q.next().start(1)));
    let day = 86_400;
    let points = [(start - 5 * day, 22.0), (start + 20 * day, 24.0), (start + 40 * day, 26.0)]
        .iter()
        .zip(targets)
        .map(|(&(landed, value), target)| crate::views::report::CheckIn {
            landed,
            time: landed,
            value,
            target: Some(target),
            commit: "0123456789abcdef0123456789abcdef01234567",
            author: "Maya",
            summary: "check-in",
            carried: landed < start,
            confidence: None,
            milestone: None,
        })
        .collect();
    let c = Chart { start, end, as_of: start + 50 * day, baseline: Some(20.0), target: Some(file_target), points };
    chart_svg("c", &c, &o.key_results[0], "Raise activation", q, 1, jiff::civil::date(2026, 2, 19), 0.5)
}

#[test]
fn the_target_line_steps_where_the_target_moved() {
    // Never moved: one level line across the plot.
    let level = moved_target_chart([30.0, 30.0, 30.0], 30.0);
    let t = level.target.expect("target");
    assert!(t.moved.is_none());
    assert_eq!(t.d, format!("M{} {}H{}", Px(PLOT_L), t.y, Px(PLOT_R)));
    assert!(level.desc.contains(" Target 30%. Linear pace"), "{}", level.desc);

    // Raised at the third check-in: level from the start, a step up, then level to the end.
    let moved = moved_target_chart([30.0, 30.0, 32.0], 32.0);
    let t = moved.target.expect("target");
    let parts: Vec<&str> = t.d.split(['H', 'V']).collect();
    assert_eq!(parts.len(), 4, "{}", t.d);
    assert!(t.d.starts_with(&format!("M{} ", Px(PLOT_L))), "{}", t.d);
    assert!(t.d.ends_with(&format!("V{}H{}", t.y, Px(PLOT_R))), "{}", t.d);
    let first_y: f64 = parts[0].split(' ').nth(1).expect("y").parse().expect("number");
    assert!(first_y > t.y.0, "the new target is higher, so drawn above: {}", t.d);
    let moved_text = "The target moved: 30%, then 32% from 2026-02-10.";
    assert_eq!(t.moved.as_deref(), Some(moved_text));
    assert!(moved.desc.contains(&format!(" {moved_text} Linear pace")), "{}", moved.desc);

    // Changed in the files but not committed yet: the step is on the as-of day.
    let local = moved_target_chart([30.0, 30.0, 30.0], 28.0);
    assert_eq!(
        local.target.expect("target").moved.as_deref(),
        Some("The target moved: 30%, then 28% from 2026-02-20.")
    );
}
