//! Markdown to HTML that cannot run script: objective bodies and the
//! retro, through pulldown-cmark, with raw HTML shown as text and unsafe
//! link targets dropped.

use std::collections::VecDeque;

/// Whether a link target is safe to keep: http(s), mailto, or relative.
/// Browsers ignore tabs and line breaks inside a URL scheme, so they are
/// removed before looking.
pub fn safe_url(url: &str) -> bool {
    let clean: String =
        url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    match clean.find([':', '/', '?', '#']) {
        Some(i) if clean.as_bytes()[i] == b':' => matches!(&clean[..i], "http" | "https" | "mailto"),
        _ => true,
    }
}

/// An objective's Markdown body as HTML that cannot run script: raw HTML is
/// shown as text, links other than http(s), mailto and relative ones lose
/// their target, images become links (nothing is loaded), the heading that
/// gave the title is left out and the others are moved two levels down (the
/// body sits under the page's `<h2>`).
pub fn markdown_html(body: &str, title: &str) -> String {
    markdown_html_shifted(body, title, 2)
}

/// A heading level moved down by `by` levels (up when negative), kept within
/// `<h1>`..`<h6>`.
fn shift_level(level: pulldown_cmark::HeadingLevel, by: i8) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    let n = (level as i8 + by).clamp(1, 6);
    [H1, H2, H3, H4, H5, H6][(n - 1) as usize]
}

/// Markdown okr wrote itself (the retro) rendered one section at a time:
/// every line starting with `#` is a heading that nothing before it
/// continues, so the HTML is that of [`markdown_html_shifted`] on the whole
/// text, while the parser holds only one section (a quarter of thousands of
/// KRs makes a retro of many megabytes).
pub(super) fn markdown_sections_html(md: &str, by: i8) -> String {
    let mut html = String::new();
    for_each_section(md, |section| html.push_str(&markdown_html_shifted(section, "", by)));
    html
}

/// Calls `f` with each section of `md`: the text up to each line that
/// starts with `#`, and the rest.
pub(super) fn for_each_section(md: &str, mut f: impl FnMut(&str)) {
    let mut start = 0;
    for (i, _) in md.match_indices("\n#") {
        f(&md[start..=i]);
        start = i + 1;
    }
    f(&md[start..]);
}

/// [`markdown_html`] with the body's headings moved down by `by` levels; the
/// title heading is the first heading that lands at level `1 + by`.
pub(super) fn markdown_html_shifted(body: &str, title: &str, by: i8) -> String {
    use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // Events ready to be written: the HTML writer pulls them one at a time,
    // so a long document is never held as a list of events.
    let mut out: VecDeque<Event<'_>> = VecDeque::new();
    let mut title_done = false;
    // Inside a level-1 heading: its events, held until we know whether it is the title.
    let mut held: Option<Vec<Event<'_>>> = None;
    // For each open link or image: whether its start was kept.
    let mut links: Vec<bool> = Vec::new();
    let mut parser = Parser::new_ext(body, opts);
    let events = std::iter::from_fn(move || loop {
        if let Some(ev) = out.pop_front() {
            return Some(ev);
        }
        let Some(ev) = parser.next() else {
            // An unfinished title heading at the end is kept as it is.
            out.extend(held.take()?);
            continue;
        };
        let ev = match ev {
            // A line break inside a table cell is the one tag let through.
            Event::InlineHtml(h) if matches!(h.trim(), "<br>" | "<br/>" | "<br />") => Event::HardBreak,
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::Start(Tag::Heading { level, id: _, classes: _, attrs: _ }) => {
                let is_top = level == HeadingLevel::H1;
                let level = shift_level(level, by);
                let start = Event::Start(Tag::Heading { level, id: None, classes: Vec::new(), attrs: Vec::new() });
                if is_top && !title_done {
                    held = Some(vec![start]);
                    continue;
                }
                start
            }
            Event::End(TagEnd::Heading(level)) => {
                let level = shift_level(level, by);
                if let Some(mut h) = held.take() {
                    title_done = true;
                    if plain_text(&h).trim() != title.trim() {
                        h.push(Event::End(TagEnd::Heading(level)));
                        out.extend(h);
                    }
                    continue;
                }
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let keep = safe_url(&dest_url);
                links.push(keep);
                if !keep {
                    continue;
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { dest_url, title, id, .. }) => {
                let keep = safe_url(&dest_url);
                links.push(keep);
                if !keep {
                    continue;
                }
                Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, title, id })
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if !links.pop().unwrap_or(false) {
                    continue;
                }
                Event::End(TagEnd::Link)
            }
            other => other,
        };
        match held.as_mut() {
            Some(h) => h.push(ev),
            None => return Some(ev),
        }
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The text of some events (a heading's), without its markup.
fn plain_text(events: &[pulldown_cmark::Event<'_>]) -> String {
    use pulldown_cmark::Event;
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}
