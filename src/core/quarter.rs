//! Quarters (`YYYY-Qn`), fiscal years and expected pace.
//!
//! With `fiscal_year_start_month = m`, quarter `YYYY-Q1` starts on the first
//! day of month `m` of calendar year `YYYY` (fiscal years are named after the
//! calendar year they start in).

use jiff::civil::Date;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i16,
    pub q: u8,
}

impl Quarter {
    /// Parses `YYYY-Qn` (n in 1..=4), exactly.
    pub fn parse(s: &str) -> Option<Quarter> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' || b[5] != b'Q' || !b[..4].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let q = b[6].checked_sub(b'0')?;
        if !(1..=4).contains(&q) {
            return None;
        }
        let year: i16 = s[..4].parse().ok()?;
        if year < 1000 {
            return None;
        }
        Some(Quarter { year, q })
    }

    /// First day of the quarter.
    pub fn start(self, fy_start_month: u8) -> Date {
        let offset = i32::from(fy_start_month.clamp(1, 12) - 1) + i32::from(self.q - 1) * 3;
        let year = i32::from(self.year) + offset / 12;
        let month = offset % 12 + 1;
        // Year is 1000..=9999 (+1), month 1..=12: always a valid date.
        Date::new(year as i16, month as i8, 1).unwrap_or(Date::MAX)
    }

    /// The quarter after this one.
    pub fn next(self) -> Quarter {
        if self.q == 4 {
            Quarter { year: self.year.saturating_add(1), q: 1 }
        } else {
            Quarter { year: self.year, q: self.q + 1 }
        }
    }

    /// The quarter before this one.
    pub fn prev(self) -> Quarter {
        if self.q == 1 {
            Quarter { year: self.year.saturating_sub(1), q: 4 }
        } else {
            Quarter { year: self.year, q: self.q - 1 }
        }
    }

    /// Last day of the quarter (inclusive).
    pub fn last_day(self, fy_start_month: u8) -> Date {
        self.next().start(fy_start_month).yesterday().unwrap_or(Date::MAX)
    }

    /// Number of days in the quarter.
    pub fn days(self, fy_start_month: u8) -> i64 {
        days_between(self.start(fy_start_month), self.next().start(fy_start_month))
    }

    /// Weeks in the quarter: its days / 7.
    pub fn weeks(self, fy_start_month: u8) -> f64 {
        self.days(fy_start_month) as f64 / 7.0
    }

    /// The quarter a date falls in.
    pub fn containing(date: Date, fy_start_month: u8) -> Quarter {
        let m = fy_start_month.clamp(1, 12) as i32;
        let month = i32::from(date.month());
        let since = (month - m).rem_euclid(12);
        let year = if month >= m { date.year() } else { date.year() - 1 };
        Quarter { year, q: (since / 3 + 1) as u8 }
    }

    /// Expected pace: whole days from the first day to `as_of`, over the
    /// quarter's days, clamped to [0, 1].
    pub fn expected(self, as_of: Date, fy_start_month: u8) -> f64 {
        let elapsed = days_between(self.start(fy_start_month), as_of);
        (elapsed as f64 / self.days(fy_start_month) as f64).clamp(0.0, 1.0)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.q)
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// Parses a `YYYY-MM-DD` date, or `today`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    if s == "today" {
        return Ok(today());
    }
    s.parse::<Date>().map_err(|_| format!("`{s}` is not a date: write it as YYYY-MM-DD, for example 2026-02-15"))
}

/// Today's date in UTC, whatever the machine's time zone: the same run gives
/// the same "today" on every runner.
pub fn today() -> Date {
    jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// RFC 3339 UTC time of seconds since the epoch: `2026-01-12T09:30:00Z`
/// (the seconds as digits when out of range).
pub fn rfc3339(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map_or_else(|_| secs.to_string(), |t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn q(s: &str) -> Quarter {
        Quarter::parse(s).unwrap()
    }

    #[test]
    fn rfc3339_is_utc_to_the_second() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_768_210_200), "2026-01-12T09:30:00Z");
        assert_eq!(rfc3339(i64::MAX), i64::MAX.to_string());
    }

    #[test]
    fn parses_only_well_formed_quarters() {
        assert_eq!(q("2026-Q1"), Quarter { year: 2026, q: 1 });
        for bad in ["2026-Q0", "2026-Q5", "2026Q1", "2026-q1", "26-Q1", "2026-Q1 ", "", "0999-Q1"] {
            assert!(Quarter::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn calendar_quarters() {
        assert_eq!(q("2026-Q1").start(1), date(2026, 1, 1));
        assert_eq!(q("2026-Q1").last_day(1), date(2026, 3, 31));
        assert_eq!(q("2026-Q1").days(1), 90);
        assert_eq!(q("2024-Q1").days(1), 91);
        assert_eq!(q("2026-Q4").start(1), date(2026, 10, 1));
        assert_eq!(q("2026-Q4").days(1), 92);
        assert_eq!(Quarter::containing(date(2026, 11, 23), 1), q("2026-Q4"));
        assert_eq!(Quarter::containing(date(2026, 1, 1), 1), q("2026-Q1"));
    }

    #[test]
    fn fiscal_quarters_start_in_the_named_year() {
        // Fiscal year starting in April: 2026-Q1 is April to June 2026.
        assert_eq!(q("2026-Q1").start(4), date(2026, 4, 1));
        assert_eq!(q("2026-Q4").start(4), date(2027, 1, 1));
        assert_eq!(q("2026-Q4").last_day(4), date(2027, 3, 31));
        assert_eq!(Quarter::containing(date(2027, 2, 10), 4), q("2026-Q4"));
        assert_eq!(Quarter::containing(date(2026, 4, 1), 4), q("2026-Q1"));
        assert_eq!(Quarter::containing(date(2026, 3, 31), 4), q("2025-Q4"));
        // February start, as many retailers use.
        assert_eq!(q("2026-Q4").start(2), date(2026, 11, 1));
        assert_eq!(q("2026-Q4").next().start(2), date(2027, 2, 1));
    }

    #[test]
    fn expected_pace_counts_whole_days_and_clamps() {
        let q1 = q("2026-Q1");
        assert_eq!(q1.expected(date(2026, 1, 1), 1), 0.0);
        assert_eq!(q1.expected(date(2026, 2, 15), 1), 45.0 / 90.0);
        assert_eq!(q1.expected(date(2025, 12, 1), 1), 0.0);
        assert_eq!(q1.expected(date(2026, 4, 1), 1), 1.0);
        assert_eq!(q1.expected(date(2027, 1, 1), 1), 1.0);
    }

    #[test]
    fn neighbours() {
        assert_eq!(q("2026-Q4").next(), q("2027-Q1"));
        assert_eq!(q("2026-Q1").prev(), q("2025-Q4"));
        assert_eq!(q("2026-Q1").to_string(), "2026-Q1");
    }

    #[test]
    fn dates_parse_with_a_helpful_error() {
        assert_eq!(parse_date("2026-02-15").unwrap(), date(2026, 2, 15));
        assert!(parse_date("15/02/2026").unwrap_err().contains("YYYY-MM-DD"));
    }
}

/// An ISO week, `2026-W07`: Monday to Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    pub year: i16,
    pub week: i8,
}

impl Week {
    /// Parses `YYYY-Www`.
    pub fn parse(s: &str) -> Option<Week> {
        let (y, w) = s.split_once("-W")?;
        if y.len() != 4 || w.len() != 2 || !y.chars().chain(w.chars()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let week = Week { year: y.parse().ok()?, week: w.parse().ok()? };
        jiff::civil::ISOWeekDate::new(week.year, week.week, jiff::civil::Weekday::Monday).ok()?;
        Some(week)
    }

    /// The ISO week a date falls in.
    pub fn containing(d: Date) -> Week {
        let iso = d.iso_week_date();
        Week { year: iso.year(), week: iso.week() }
    }

    /// The week's Monday.
    pub fn monday(self) -> Date {
        jiff::civil::ISOWeekDate::new(self.year, self.week, jiff::civil::Weekday::Monday)
            .map_or(Date::MIN, |w| w.date())
    }

    /// The week's Sunday.
    pub fn sunday(self) -> Date {
        self.monday().checked_add(jiff::Span::new().days(6)).unwrap_or(Date::MAX)
    }

    /// The following week.
    pub fn next(self) -> Week {
        Week::containing(self.monday().checked_add(jiff::Span::new().days(7)).unwrap_or(Date::MAX))
    }

    /// The week before.
    pub fn prev(self) -> Week {
        Week::containing(self.monday().checked_sub(jiff::Span::new().days(7)).unwrap_or(Date::MIN))
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

#[cfg(test)]
mod week_tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn iso_weeks() {
        let w = Week::parse("2026-W07").unwrap();
        assert_eq!(w.monday(), date(2026, 2, 9));
        assert_eq!(w.sunday(), date(2026, 2, 15));
        assert_eq!(Week::containing(date(2026, 2, 15)), w);
        assert_eq!(w.to_string(), "2026-W07");
        assert_eq!(w.next().to_string(), "2026-W08");
        // 2026-01-01 is a Thursday in week 1 of 2026; 2027-01-01 is in 2026-W53.
        assert_eq!(Week::containing(date(2026, 1, 1)).to_string(), "2026-W01");
        assert_eq!(Week::containing(date(2027, 1, 1)).to_string(), "2026-W53");
        for bad in ["2026-W54", "2026W07", "2026-W7", "26-W07", "2025-W53"] {
            assert!(Week::parse(bad).is_none(), "{bad}");
        }
    }
}
