//! Time budgets for the stages of the pipeline.

use std::time::{Duration, Instant};

/// When a stage must give up: started from an optional budget and checked at
/// points where stopping is cheap (between parse chunks, between sentences
/// analysed, between audio chunks).
///
/// A budget is cooperative: a stage checks it between steps, so it overruns by
/// at most one step, and every step is bounded by the stage's size limits.
///
/// ```
/// use khulasa_core::Deadline;
/// use std::time::Duration;
/// assert!(!Deadline::none().expired());
/// assert!(!Deadline::after(Some(Duration::from_secs(60))).expired());
/// assert!(Deadline::after(Some(Duration::ZERO)).expired());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    at: Option<(Instant, Duration)>,
}

impl Deadline {
    /// No clock: the stage is bounded by its size limits only.
    pub fn none() -> Deadline {
        Deadline { at: None }
    }

    /// A deadline `budget` from now; `None` is [`Deadline::none`].
    pub fn after(budget: Option<Duration>) -> Deadline {
        Deadline {
            at: budget.map(|b| (Instant::now().checked_add(b).unwrap_or_else(far_future), b)),
        }
    }

    /// True once the budget is spent.
    pub fn expired(&self) -> bool {
        matches!(self.at, Some((at, _)) if Instant::now() >= at)
    }

    /// The budget this deadline was started with.
    pub fn budget(&self) -> Option<Duration> {
        self.at.map(|(_, b)| b)
    }

    /// `Err(budget)` once the budget is spent, for `?` in a stage's loop.
    pub fn check(&self) -> Result<(), Duration> {
        match self.at {
            Some((at, budget)) if Instant::now() >= at => Err(budget),
            _ => Ok(()),
        }
    }
}

impl Default for Deadline {
    fn default() -> Self {
        Deadline::none()
    }
}

/// A budget too large to add to now (`Duration::MAX`): about a century on.
fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(100 * 365 * 24 * 3600)
}

/// Formats a budget for messages: `5 s`, `1.5 s`, `250 ms`.
pub fn format_budget(d: Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_budget_names_itself() {
        let d = Deadline::after(Some(Duration::from_millis(1)));
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(d.check(), Err(Duration::from_millis(1)));
        assert!(d.expired());
    }

    #[test]
    fn no_budget_never_expires_and_huge_ones_do_not_overflow() {
        assert_eq!(Deadline::none().check(), Ok(()));
        let d = Deadline::after(Some(Duration::MAX));
        assert!(!d.expired());
        assert_eq!(d.budget(), Some(Duration::MAX));
    }

    #[test]
    fn budgets_read_as_people_write_them() {
        assert_eq!(format_budget(Duration::from_secs(5)), "5 s");
        assert_eq!(format_budget(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(format_budget(Duration::from_millis(250)), "250 ms");
    }
}
