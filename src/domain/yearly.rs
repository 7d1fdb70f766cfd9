//! *Baustein 3*: yearly totals from the foreigners' and naturalisation authorities, entered by
//! hand (they arrive as totals, not as cases).
//!
//! The same bounds hold for figures typed into the form ([`validate`], with the current year)
//! and for figures read from a file ([`validate_imported`], without a clock): the year lies in
//! the years of [`calendar`], counts are at most [`MAX_COUNT`], posts are finite and between 0
//! and [`MAX_POSTS`].

use crate::domain::calendar;
use serde::{Deserialize, Serialize};

/// The figures of one calendar year; a missing figure is `None`, not zero.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearlyFigures {
    pub year: i32,
    /// Residence permits for good integration (§ 25a and § 25b AufenthG).
    pub residence_permits: Option<u32>,
    /// Naturalisations (*Einbürgerungen*).
    pub naturalisations: Option<u32>,
    /// Posts at the foreigners' authority (*Ausländerbehörde*, ABH).
    pub posts_abh: Option<f64>,
    /// Posts at the naturalisation authority (*Einbürgerungsbehörde*, EBH).
    pub posts_ebh: Option<f64>,
}

/// The first year figures can be entered for (KIM's *Baustein 3* figures reach back to 2017):
/// the first year of [`calendar`].
pub const FIRST_YEAR: i32 = calendar::FIRST_YEAR;

/// The largest plausible count of permits or naturalisations in one year; a higher number is a
/// typing mistake (Rheine's figures are in the tens and hundreds).
pub const MAX_COUNT: u32 = 100_000;

/// The largest plausible number of posts at one authority.
pub const MAX_POSTS: f64 = 100.0;

/// Which figure of a year a validation error concerns, so the UI can name the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Figure {
    /// [`YearlyFigures::residence_permits`].
    ResidencePermits,
    /// [`YearlyFigures::naturalisations`].
    Naturalisations,
    /// [`YearlyFigures::posts_abh`].
    PostsAbh,
    /// [`YearlyFigures::posts_ebh`].
    PostsEbh,
}

/// Why yearly figures are refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum YearlyError {
    /// The year lies before [`FIRST_YEAR`] or after `last_year`: the current year when typed
    /// in, [`calendar::LAST_YEAR`] when read from a file.
    #[error("year {year} is not between {FIRST_YEAR} and {last_year}")]
    YearOutOfRange { year: i32, last_year: i32 },
    /// A count is above [`MAX_COUNT`].
    #[error("{figure:?} of {value} is implausible")]
    ImplausibleCount { figure: Figure, value: u32 },
    /// A number of posts is negative, above [`MAX_POSTS`] or not a number.
    #[error("{figure:?} of {value} posts is implausible")]
    ImplausiblePosts { figure: Figure, value: f64 },
}

/// Checks one year's figures: the year lies between [`FIRST_YEAR`] and `today_year` (both
/// included; the current year may be entered early) and not after [`calendar::LAST_YEAR`],
/// counts are at most [`MAX_COUNT`], posts are finite and between 0 and [`MAX_POSTS`]. Missing
/// figures are fine; posts need not be rounded to two decimals. The first problem found is
/// returned, in field order.
pub fn validate(figures: &YearlyFigures, today_year: i32) -> Result<(), YearlyError> {
    let last_year = today_year.min(calendar::LAST_YEAR);
    if !(FIRST_YEAR..=last_year).contains(&figures.year) {
        return Err(YearlyError::YearOutOfRange {
            year: figures.year,
            last_year,
        });
    }
    let counts = [
        (Figure::ResidencePermits, figures.residence_permits),
        (Figure::Naturalisations, figures.naturalisations),
    ];
    for (figure, value) in counts {
        if let Some(value) = value.filter(|&v| v > MAX_COUNT) {
            return Err(YearlyError::ImplausibleCount { figure, value });
        }
    }
    let posts = [
        (Figure::PostsAbh, figures.posts_abh),
        (Figure::PostsEbh, figures.posts_ebh),
    ];
    for (figure, value) in posts {
        if let Some(value) = value.filter(|v| !(v.is_finite() && (0.0..=MAX_POSTS).contains(v))) {
            return Err(YearlyError::ImplausiblePosts { figure, value });
        }
    }
    Ok(())
}

/// Checks figures read from a file: [`validate`] without a clock, so any year up to
/// [`calendar::LAST_YEAR`] passes (a laptop whose clock runs ahead must not make its export
/// unimportable).
pub fn validate_imported(figures: &YearlyFigures) -> Result<(), YearlyError> {
    validate(figures, calendar::LAST_YEAR)
}

/// Stores `figures`, replacing the entry of the same year (every entry of that year, should a
/// list hold two); the list stays sorted by year when it was.
pub fn upsert(list: &mut Vec<YearlyFigures>, figures: YearlyFigures) {
    list.retain(|entry| entry.year != figures.year);
    let at = list.partition_point(|entry| entry.year < figures.year);
    list.insert(at, figures);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(year: i32) -> YearlyFigures {
        YearlyFigures {
            year,
            residence_permits: Some(31),
            naturalisations: Some(82),
            posts_abh: Some(0.5),
            posts_ebh: Some(0.5),
        }
    }

    #[test]
    fn validation_limits() {
        let cases: [(YearlyFigures, Result<(), YearlyError>); 16] = [
            (year(2022), Ok(())),
            (year(FIRST_YEAR), Ok(())),
            (year(2023), Ok(())),
            (
                year(FIRST_YEAR - 1),
                Err(YearlyError::YearOutOfRange {
                    year: FIRST_YEAR - 1,
                    last_year: 2023,
                }),
            ),
            (
                year(2024),
                Err(YearlyError::YearOutOfRange {
                    year: 2024,
                    last_year: 2023,
                }),
            ),
            (
                YearlyFigures {
                    residence_permits: None,
                    naturalisations: None,
                    posts_abh: None,
                    posts_ebh: None,
                    ..year(2020)
                },
                Ok(()),
            ),
            (
                YearlyFigures {
                    residence_permits: Some(MAX_COUNT),
                    naturalisations: Some(0),
                    ..year(2020)
                },
                Ok(()),
            ),
            (
                YearlyFigures {
                    residence_permits: Some(MAX_COUNT + 1),
                    ..year(2020)
                },
                Err(YearlyError::ImplausibleCount {
                    figure: Figure::ResidencePermits,
                    value: MAX_COUNT + 1,
                }),
            ),
            (
                YearlyFigures {
                    naturalisations: Some(u32::MAX),
                    ..year(2020)
                },
                Err(YearlyError::ImplausibleCount {
                    figure: Figure::Naturalisations,
                    value: u32::MAX,
                }),
            ),
            (
                YearlyFigures {
                    posts_abh: Some(0.0),
                    posts_ebh: Some(MAX_POSTS),
                    ..year(2020)
                },
                Ok(()),
            ),
            (
                YearlyFigures {
                    posts_abh: Some(0.333),
                    ..year(2020)
                },
                Ok(()),
            ),
            (
                YearlyFigures {
                    posts_abh: Some(-0.5),
                    ..year(2020)
                },
                Err(YearlyError::ImplausiblePosts {
                    figure: Figure::PostsAbh,
                    value: -0.5,
                }),
            ),
            (
                YearlyFigures {
                    posts_ebh: Some(100.5),
                    ..year(2020)
                },
                Err(YearlyError::ImplausiblePosts {
                    figure: Figure::PostsEbh,
                    value: 100.5,
                }),
            ),
            (
                YearlyFigures {
                    posts_ebh: Some(f64::INFINITY),
                    ..year(2020)
                },
                Err(YearlyError::ImplausiblePosts {
                    figure: Figure::PostsEbh,
                    value: f64::INFINITY,
                }),
            ),
            (
                YearlyFigures {
                    posts_abh: Some(-1.0),
                    residence_permits: Some(MAX_COUNT + 1),
                    ..year(1999)
                },
                Err(YearlyError::YearOutOfRange {
                    year: 1999,
                    last_year: 2023,
                }),
            ),
            (
                YearlyFigures {
                    posts_abh: Some(-1.0),
                    naturalisations: Some(MAX_COUNT + 1),
                    ..year(2021)
                },
                Err(YearlyError::ImplausibleCount {
                    figure: Figure::Naturalisations,
                    value: MAX_COUNT + 1,
                }),
            ),
        ];
        for (figures, expected) in cases {
            assert_eq!(validate(&figures, 2023), expected, "{figures:?}");
        }
    }

    #[test]
    fn nan_posts_are_refused() {
        let figures = YearlyFigures {
            posts_abh: Some(f64::NAN),
            ..year(2020)
        };
        assert!(matches!(
            validate(&figures, 2023),
            Err(YearlyError::ImplausiblePosts {
                figure: Figure::PostsAbh,
                value,
            }) if value.is_nan()
        ));
    }

    #[test]
    fn imported_figures_have_the_same_bounds_without_a_clock() {
        let cases: [(YearlyFigures, bool); 13] = [
            (year(0), false),
            (year(i32::MAX), false),
            (year(i32::MIN), false),
            (year(FIRST_YEAR - 1), false),
            (year(calendar::LAST_YEAR + 1), false),
            (year(calendar::LAST_YEAR), true),
            (year(FIRST_YEAR), true),
            (
                YearlyFigures {
                    residence_permits: Some(u32::MAX),
                    ..year(2022)
                },
                false,
            ),
            (
                YearlyFigures {
                    naturalisations: Some(u32::MAX),
                    ..year(2022)
                },
                false,
            ),
            (
                YearlyFigures {
                    posts_abh: Some(1e308),
                    ..year(2022)
                },
                false,
            ),
            (
                YearlyFigures {
                    posts_ebh: Some(f64::NEG_INFINITY),
                    ..year(2022)
                },
                false,
            ),
            (
                YearlyFigures {
                    posts_ebh: Some(-0.01),
                    ..year(2022)
                },
                false,
            ),
            (
                YearlyFigures {
                    posts_abh: Some(f64::NAN),
                    ..year(2022)
                },
                false,
            ),
        ];
        for (figures, plausible) in cases {
            assert_eq!(
                validate_imported(&figures).is_ok(),
                plausible,
                "{figures:?}"
            );
        }
        assert_eq!(
            validate_imported(&year(0)),
            Err(YearlyError::YearOutOfRange {
                year: 0,
                last_year: calendar::LAST_YEAR
            })
        );
        // A clock past the span does not widen it.
        assert_eq!(
            validate(&year(calendar::LAST_YEAR + 1), i32::MAX),
            Err(YearlyError::YearOutOfRange {
                year: calendar::LAST_YEAR + 1,
                last_year: calendar::LAST_YEAR
            })
        );
    }

    #[test]
    fn upsert_replaces_the_year_and_keeps_order() {
        let mut list = Vec::new();
        for y in [2019, 2017, 2018] {
            upsert(&mut list, year(y));
        }
        let years: Vec<i32> = list.iter().map(|f| f.year).collect();
        assert_eq!(years, [2017, 2018, 2019]);

        let corrected = YearlyFigures {
            residence_permits: Some(33),
            ..year(2018)
        };
        upsert(&mut list, corrected.clone());
        assert_eq!(list.len(), 3);
        assert_eq!(list[1], corrected);
        assert_eq!(list[0], year(2017));
        assert_eq!(list[2], year(2019));

        let mut doubled = vec![year(2020), year(2021), year(2020)];
        upsert(&mut doubled, corrected.clone());
        upsert(
            &mut doubled,
            YearlyFigures {
                naturalisations: None,
                ..year(2020)
            },
        );
        let years: Vec<i32> = doubled.iter().map(|f| f.year).collect();
        assert_eq!(years, [2018, 2020, 2021]);
        assert_eq!(doubled[1].naturalisations, None);
    }
}
