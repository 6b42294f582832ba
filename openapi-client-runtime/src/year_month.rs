//! A calendar month as the API writes it: `yyyyMM`.

use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

/// A year and month (`202208`), checked when made: a month from 01 to 12, a four-digit year.
///
/// ```
/// use openapi_client_runtime::YearMonth;
/// let august: YearMonth = "202208".parse().unwrap();
/// assert_eq!((august.year(), august.month()), (2022, 8));
/// assert_eq!(august.to_string(), "202208");
/// assert!("2022-13".parse::<YearMonth>().is_err());
/// assert!(YearMonth::new(2022, 13).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: u16,
    month: u8,
}

impl YearMonth {
    /// The month `month` (1 to 12) of `year` (1000 to 9999).
    pub fn new(year: u16, month: u8) -> Result<Self, String> {
        if !(1000..=9999).contains(&year) {
            return Err(format!("the year {year} is not a four-digit year"));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("the month {month} is not between 1 and 12"));
        }
        Ok(YearMonth { year, month })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The month before this one; `None` for 100001, the first a `YearMonth` holds.
    ///
    /// ```
    /// use openapi_client_runtime::YearMonth;
    /// let january = YearMonth::new(2023, 1).unwrap();
    /// assert_eq!(january.pred(), Some(YearMonth::new(2022, 12).unwrap()));
    /// assert_eq!(YearMonth::new(1000, 1).unwrap().pred(), None);
    /// ```
    pub fn pred(self) -> Option<Self> {
        match self.month {
            1 => YearMonth::new(self.year.checked_sub(1)?, 12).ok(),
            month => Some(YearMonth {
                month: month - 1,
                ..self
            }),
        }
    }

    /// The month after this one; `None` for 999912, the last a `YearMonth` holds.
    ///
    /// ```
    /// use openapi_client_runtime::YearMonth;
    /// let december = YearMonth::new(2022, 12).unwrap();
    /// assert_eq!(december.succ(), Some(YearMonth::new(2023, 1).unwrap()));
    /// assert_eq!(YearMonth::new(9999, 12).unwrap().succ(), None);
    /// ```
    pub fn succ(self) -> Option<Self> {
        match self.month {
            12 => YearMonth::new(self.year + 1, 1).ok(),
            month => Some(YearMonth {
                month: month + 1,
                ..self
            }),
        }
    }

    /// The month the system clock is in, in UTC (the clock's time zone is not used: say so
    /// where an API's months follow another zone). A clock outside the years 1000 to 9999
    /// gives the nearest of them.
    pub fn current() -> Self {
        Self::of_utc(SystemTime::now())
    }

    /// The month `time` falls in, in UTC; a time outside the years 1000 to 9999 gives the
    /// nearest of them.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use openapi_client_runtime::YearMonth;
    /// // 2022-08-31T23:59:59Z, and one second later.
    /// let end = SystemTime::UNIX_EPOCH + Duration::from_secs(1_661_990_399);
    /// assert_eq!(YearMonth::of_utc(end).to_string(), "202208");
    /// assert_eq!(YearMonth::of_utc(end + Duration::from_secs(1)).to_string(), "202209");
    /// ```
    pub fn of_utc(time: SystemTime) -> Self {
        let seconds = match time.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        };
        let (year, month) = civil_from_days(seconds.div_euclid(86_400));
        match year {
            ..1000 => YearMonth {
                year: 1000,
                month: 1,
            },
            10_000.. => YearMonth {
                year: 9999,
                month: 12,
            },
            _ => YearMonth {
                year: year as u16,
                month,
            },
        }
    }
}

/// The proleptic Gregorian year and month of a day counted from 1970-01-01, by Howard Hinnant's
/// `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html#civil_from_days>).
/// Written out rather than taken from a date crate: the runtime needs this one conversion, and
/// the tests check it against `httpdate` every week of four centuries.
fn civil_from_days(days: i64) -> (i64, u8) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month as u8)
}

impl FromStr for YearMonth {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "`{text}` is not a year and month written yyyyMM (e.g. 202208)"
            ));
        }
        let year = text[..4]
            .parse()
            .map_err(|_| format!("`{text}` has no valid year"))?;
        let month = text[4..]
            .parse()
            .map_err(|_| format!("`{text}` has no valid month"))?;
        YearMonth::new(year, month).map_err(|reason| format!("`{text}`: {reason}"))
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}", self.year, self.month)
    }
}

impl crate::values::ParamValue for YearMonth {
    fn to_param(&self) -> String {
        self.to_string()
    }
}

/// What a year-month parameter accepts: a [`YearMonth`], or text that is checked.
pub trait IntoYearMonth {
    /// The year-month, or why the value is not one.
    fn into_year_month(self) -> Result<YearMonth, String>;
}

impl IntoYearMonth for YearMonth {
    fn into_year_month(self) -> Result<YearMonth, String> {
        Ok(self)
    }
}

impl IntoYearMonth for &str {
    fn into_year_month(self) -> Result<YearMonth, String> {
        self.parse()
    }
}

impl IntoYearMonth for String {
    fn into_year_month(self) -> Result<YearMonth, String> {
        self.parse()
    }
}

impl IntoYearMonth for &String {
    fn into_year_month(self) -> Result<YearMonth, String> {
        self.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Year and month as an HTTP date (RFC 9110, always GMT) writes them, by `httpdate`.
    fn reference(time: SystemTime) -> (u16, u8) {
        let text = httpdate::fmt_http_date(time); // "Sun, 06 Nov 1994 08:49:37 GMT"
        let parts: Vec<&str> = text.split(' ').collect();
        let month = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]
        .iter()
        .position(|m| *m == parts[2])
        .unwrap() as u8
            + 1;
        (parts[3].parse().unwrap(), month)
    }

    #[test]
    fn the_month_of_a_time_agrees_with_httpdate_every_week_for_four_centuries() {
        // httpdate covers 1970 to 9999; a step of a week and an hour visits every month, at
        // different hours, each day probed at its first and last second.
        let mut time = SystemTime::UNIX_EPOCH;
        let end = SystemTime::UNIX_EPOCH + Duration::from_secs(400 * 366 * 86_400);
        let mut checked = 0;
        while time < end {
            for probe in [time, time + Duration::from_secs(86_399)] {
                let ours = YearMonth::of_utc(probe);
                assert_eq!((ours.year(), ours.month()), reference(probe), "{probe:?}");
                checked += 1;
            }
            time += Duration::from_secs(86_400 * 7 + 3_601);
        }
        assert!(checked > 40_000, "{checked}");
    }

    #[test]
    fn times_before_1970_and_outside_the_range() {
        let before = SystemTime::UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(YearMonth::of_utc(before).to_string(), "196912");
        // 1900-03-01T00:00:00Z: 1900 was not a leap year.
        let march_1900 = SystemTime::UNIX_EPOCH - Duration::from_secs(2_203_891_200);
        assert_eq!(YearMonth::of_utc(march_1900).to_string(), "190003");
        let feb_1900 = march_1900 - Duration::from_secs(1);
        assert_eq!(YearMonth::of_utc(feb_1900).to_string(), "190002");
        let ancient = SystemTime::UNIX_EPOCH - Duration::from_secs(40_000_000_000);
        assert_eq!(YearMonth::of_utc(ancient).to_string(), "100001");
        let far = SystemTime::UNIX_EPOCH + Duration::from_secs(400_000_000_000);
        assert_eq!(YearMonth::of_utc(far).to_string(), "999912");
        let now = YearMonth::current();
        assert_eq!((now.year(), now.month()), reference(SystemTime::now()));
    }

    #[test]
    fn pred_and_succ_walk_the_whole_range() {
        let mut month = YearMonth::new(1000, 1).unwrap();
        let mut steps = 0;
        while let Some(next) = month.succ() {
            assert_eq!(next.pred(), Some(month));
            assert!(next > month);
            month = next;
            steps += 1;
        }
        assert_eq!(month.to_string(), "999912");
        assert_eq!(steps, 9000 * 12 - 1);
    }
}
