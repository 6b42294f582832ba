//! A calendar month as the API writes it: `yyyyMM`.

use std::fmt;
use std::str::FromStr;

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
