use super::*;

fn kr(t: &str) -> Option<String> {
    kr_task_reason(t)
}

fn obj(t: &str) -> Option<String> {
    objective_output_reason(t)
}

#[test]
fn deliverable_verbs() {
    assert_eq!(kr("Ship the onboarding redesign").as_deref(), Some("starts with \"Ship\", which names a deliverable"));
    assert_eq!(
        kr("Roll out SSO to all enterprise accounts").as_deref(),
        Some("starts with \"Roll out\", which names a deliverable")
    );
    assert_eq!(kr("Set up a data warehouse").as_deref(), Some("starts with \"Set up\", which names a deliverable"));
    assert!(kr("Launching the referral programme in the UK").is_some());
    assert!(kr("Migrate billing to Stripe").is_some());
    assert!(kr("Upgrade the main database to Postgres 16").is_some());
    // Moving customers is still the team's own work …
    assert_eq!(
        kr("Migrate 100% of customers to the new billing system").as_deref(),
        Some("starts with \"Migrate\", which names a deliverable")
    );
    // … unless a metric moves.
    assert_eq!(kr("Move repeat purchase rate within 90 days from 22% to 30%"), None);
}

#[test]
fn activity_verbs() {
    assert_eq!(
        kr("Run a brand awareness campaign in the Nordics").as_deref(),
        Some("starts with \"Run\", which names an activity")
    );
}

#[test]
fn activity_counts() {
    assert_eq!(
        kr("Hold 12 customer interviews").as_deref(),
        Some("counts an activity (\"hold 12 customer interviews\")")
    );
    assert_eq!(kr("Make 300 cold calls per week").as_deref(), Some("counts an activity (\"make 300 cold calls\")"));
    assert_eq!(kr("Deliver 20 workshops").as_deref(), Some("counts an activity (\"deliver 20 workshops\")"));
    assert!(kr("Hold at least 15 discovery calls with churned accounts").is_some());
    assert!(kr("Survey 200 customers about pricing").is_some());
    assert!(kr("Close 400 support tickets per week").is_some());
}

#[test]
fn tasks_dressed_as_percentages() {
    assert_eq!(
        kr("Dashboard redesign 100% complete").as_deref(),
        Some("reports how much of a piece of work is done (\"100% complete\")")
    );
    assert!(kr("Billing migration 80% done").is_some());
    // Customers completing something is behaviour.
    assert_eq!(kr("Raise the share of trials that complete onboarding from 40% to 60%"), None);
    assert_eq!(kr("90% of new accounts complete setup in their first week"), None);
}

#[test]
fn team_pace_is_not_an_outcome() {
    assert_eq!(
        kr("Increase velocity").as_deref(),
        Some("measures the team's own pace (\"velocity\") rather than a customer result")
    );
    assert!(kr("Increase team velocity by 20%").is_some());
    assert!(kr("Raise sprint velocity from 30 to 40 story points").is_some());
    // Sales velocity is a commercial result.
    assert_eq!(kr("Raise sales velocity from $12k to $15k per day"), None);
}

#[test]
fn own_output_even_with_baseline_and_target() {
    assert_eq!(
        kr("Increase the number of blog posts from 4 to 12 per month").as_deref(),
        Some("counts the team's own output (\"blog posts\") rather than a customer result")
    );
    assert!(kr("Publish 12 articles per month, up from 4").is_some());
    // A share of posts that rank is a result, not a count of effort.
    assert_eq!(kr("Increase the share of blog posts that rank on page one from 12% to 30%"), None);
    // Customers attending webinars is behaviour.
    assert_eq!(kr("Grow the number of customers who attend two or more webinars from 150 to 400"), None);
}

#[test]
fn deadlines() {
    assert_eq!(kr("Customer portal live by June 30").as_deref(), Some("has a deadline (\"by June 30\")"));
    assert_eq!(
        kr("Pricing calculator approved by legal before October").as_deref(),
        Some("has a deadline (\"before October\")")
    );
    assert_eq!(
        kr("Have the new pricing page live before Black Friday").as_deref(),
        Some("has a deadline (\"before Black Friday\")")
    );
    assert_eq!(kr("SOC 2 report in hand by the end of Q3").as_deref(), Some("has a deadline (\"by the end of Q3\")"));
    // "by 30%" is a change, not a date.
    assert_eq!(kr("Increase trial sign-ups from the pricing page by 30% over last quarter"), None);
    // A measured outcome with a date stays an outcome.
    assert_eq!(kr("Grow annual recurring revenue by 25% by the end of Q4"), None);
    // An outcome verb makes the date a time box.
    assert_eq!(kr("Reach cash-flow breakeven by December"), None);
    // "before the due date" is part of the metric.
    assert_eq!(kr("Lift the share of renewals signed before the due date from 55% to 85%"), None);
}

#[test]
fn done_states() {
    assert_eq!(
        kr("New returns flow shipped to all regions").as_deref(),
        Some("describes a deliverable being done (\"shipped\")")
    );
    assert_eq!(kr("Grow live chat usage from 10% to 25% of sessions"), None);
}

#[test]
fn certifications() {
    assert!(kr("Achieve SOC 2 Type II certification").is_some());
    assert_eq!(kr("Achieve 99.95% API availability"), None);
    assert!(obj("Achieve ISO 27001 certification").is_some());
}

#[test]
fn vague_improvement() {
    assert_eq!(
        kr("Improve the onboarding emails").as_deref(),
        Some("starts with \"Improve\" but names no measure or target")
    );
    assert!(kr("Optimise slow database queries").is_some());
    assert_eq!(kr("Improve customer satisfaction with onboarding from 7.1 to 8.5"), None);
}

#[test]
fn outcomes_stay_quiet() {
    for t in [
        "Launch-to-adoption: 40% of accounts use the new editor weekly",
        "Achieve 99.95% API availability",
        "Reduce time-to-first-value from 8 to 4 days",
        "Make 80% of on-call pages actionable, up from 45%",
        "Contact 80% of inbound leads within 5 minutes, up from 20%",
        "Resolve 95% of billing questions on first contact",
        "Move repeat purchase rate within 90 days from 22% to 30%",
        "Keep p99 API latency under 800 ms in every week of the quarter",
        "Reach 500 paying customers on the Team plan, up from 320",
        "Sign 40 new mid-market customers, up from 25 last quarter",
        "Add 300 net new paying customers",
        "Close $1.2M in new expansion revenue",
        "Ship-to-value: 60% of new workspaces publish a dashboard in week one",
        "Release frequency goes from 2 to 10 deploys per week",
        "Grow qualified meetings accepted by prospects from 40 to 65 per month",
        "Lift onboarding calls that end with a connected data source from 50% to 80%",
    ] {
        assert_eq!(kr(t), None, "{t}");
    }
}

#[test]
fn objectives_leading_with_a_deliverable() {
    assert_eq!(
        obj("Launch the new mobile app").as_deref(),
        Some("starts with \"Launch\", which names a deliverable rather than a destination")
    );
    assert!(obj("Roll out the new CRM").is_some());
    assert!(obj("Stand up a data warehouse on Snowflake").is_some());
    assert!(obj("Create a design system").is_some());
    assert!(obj("Build a partner portal").is_some());
    assert!(obj("Run a rebrand").is_some());
    assert!(obj("Launch in the German market").is_some());
    assert!(obj("Switch to a single observability vendor").is_some());
    assert!(obj("Hire 20 engineers for the platform group").is_some());
    assert!(obj("New billing system launched").is_some());
}

#[test]
fn objectives_with_a_destination() {
    for t in [
        "Make onboarding effortless for new teams",
        "Create a workplace engineers recommend to their friends",
        "Build a culture where feedback is welcome",
        "Run the most dependable payments platform in Europe",
        "Turn trial users into loyal paying customers",
        "Win the mid-market in Germany",
        "Grow mid-market revenue predictably",
        "Move upmarket without losing our small-business base",
        "Deliver an experience customers brag about",
    ] {
        assert_eq!(obj(t), None, "{t}");
    }
}

#[test]
fn tokenizer_keeps_metric_marks() {
    let t = tokenize("Cut p95 (checkout) latency below 300 ms: <2%, $85k.");
    let lows: Vec<&str> = t.iter().map(|t| t.low.as_str()).collect();
    assert_eq!(lows, ["cut", "p95", "checkout", "latency", "below", "300", "ms", "<2%", "$85k"]);
    assert!(t[6].colon);
}
