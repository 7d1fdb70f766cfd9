//! The list's state in the address: search, filters, sort, page and the open case as query
//! parameters, so they survive opening a case, the back button and a reload, and a link to a
//! list or a case can be kept. The words are German, as the user sees them in the address bar:
//!
//! | parameter | value | meaning |
//! |---|---|---|
//! | `suche` | text as typed | search by case code ([`CodeQuery`]) |
//! | `traeger` | provider id of the rule set | filter by provider |
//! | `status` | `aktiv` / `abgemeldet` | filter by status |
//! | `bereich` | area id of the rule set | filter by area |
//! | `ohne-termin` | `1` | only the active cases due for review ([`crate::domain::review`]) |
//! | `sort` | `fallcode`, `traeger`, `bereich`, `aufnahme`, `status`, `aenderung`, `termin` | sort column |
//! | `absteigend` | `1` | descending (with `sort`) |
//! | `seite` | 2, 3, … | page (1 is left out) |
//! | `fall` | case code | the open case |
//!
//! Without `sort` the newest admissions come first. A value the page does not know (an id the
//! rules lack, a page that is not a number, a code that is not one) is ignored.

use crate::app::router::Query;
use crate::app::routes::Page;
use crate::domain::case::Status;
use crate::domain::register::{CodeQuery, Filter, SortKey};
use crate::domain::rules::RuleSet;
use crate::domain::*;
use leptos::prelude::*;

/// The list's order when the address names none: the newest admissions first.
pub(super) const DEFAULT_SORT: (SortKey, bool) = (SortKey::AdmittedOn, true);

/// The sort keys with their words in the address.
pub(super) const SORT_WORDS: [(SortKey, &str); 7] = [
    (SortKey::Code, "fallcode"),
    (SortKey::Provider, "traeger"),
    (SortKey::Area, "bereich"),
    (SortKey::AdmittedOn, "aufnahme"),
    (SortKey::Status, "status"),
    (SortKey::LastChange, "aenderung"),
    (SortKey::LastSession, "termin"),
];

/// The parameter of the filter of cases due for review.
pub(super) const DUE_WORD: &str = "ohne-termin";

/// What the address says about the list (see the module documentation for the words).
#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct ListQuery {
    /// The search text as typed (`suche`).
    pub(super) search: String,
    /// `traeger`: a provider of the rule set.
    pub(super) provider: Option<ProviderId>,
    /// `status`: `aktiv` or `abgemeldet`.
    pub(super) status: Option<Status>,
    /// `bereich`: an area of the rule set.
    pub(super) area: Option<AreaId>,
    /// `ohne-termin=1`: only the cases due for review.
    pub(super) due: bool,
    /// `sort` and `absteigend=1`; `None` is [`DEFAULT_SORT`].
    pub(super) sort: Option<(SortKey, bool)>,
    /// `seite`, counted from 0 here and from 1 in the address.
    pub(super) page: usize,
    /// `fall`: the open case.
    pub(super) open: Option<CaseCode>,
}

impl ListQuery {
    /// Reads the address; anything unknown (a provider the rules do not have, a page that is
    /// not a number, a code that is not one) is left out.
    pub(super) fn from_params(params: &Query, rules: &RuleSet) -> Self {
        let provider = params
            .get("traeger")
            .filter(|id| rules.providers.iter().any(|p| p.id.as_str() == id))
            .map(ProviderId::new);
        let area = params
            .get("bereich")
            .filter(|id| rules.areas.iter().any(|a| a.id.as_str() == id))
            .map(AreaId::new);
        let status = params.get("status").as_deref().and_then(status_from_word);
        let sort = params.get("sort").and_then(|word| {
            let key = SORT_WORDS.iter().find(|(_, w)| *w == word)?.0;
            Some((key, params.get("absteigend").as_deref() == Some("1")))
        });
        let page = params
            .get("seite")
            .and_then(|n| n.parse::<usize>().ok())
            .map_or(0, |n| n.saturating_sub(1));
        ListQuery {
            search: params.get("suche").unwrap_or_default(),
            provider,
            status,
            area,
            due: params.get(DUE_WORD).as_deref() == Some("1"),
            sort,
            page,
            open: params.get("fall").as_deref().and_then(CaseCode::parse),
        }
    }

    /// The path and query of this state, relative to the app's base.
    pub(super) fn path(&self) -> String {
        let mut params: Vec<(&'static str, String)> = Vec::new();
        if !self.search.is_empty() {
            params.push(("suche", self.search.clone()));
        }
        if let Some(provider) = &self.provider {
            params.push(("traeger", provider.as_str().to_owned()));
        }
        if let Some(status) = self.status {
            params.push(("status", status_word(status).to_owned()));
        }
        if let Some(area) = &self.area {
            params.push(("bereich", area.as_str().to_owned()));
        }
        if self.due {
            params.push((DUE_WORD, "1".to_owned()));
        }
        if let Some((key, descending)) = self.sort.filter(|sort| *sort != DEFAULT_SORT) {
            params.push(("sort", sort_word(key).to_owned()));
            if descending {
                params.push(("absteigend", "1".to_owned()));
            }
        }
        if self.page > 0 {
            params.push(("seite", (self.page + 1).to_string()));
        }
        if let Some(code) = &self.open {
            params.push(("fall", code.as_str().to_owned()));
        }
        let query = Query::build(params.iter().map(|(key, value)| (*key, value.as_str())));
        format!("{}{query}", Page::Cases.path())
    }

    pub(super) fn filter(&self) -> Filter {
        Filter {
            provider: self.provider.clone(),
            status: self.status,
            area: self.area.clone(),
            due: self.due,
            code: CodeQuery::parse(&self.search),
        }
    }

    pub(super) fn sort(&self) -> (SortKey, bool) {
        self.sort.unwrap_or(DEFAULT_SORT)
    }
}

/// The status as the source document calls it.
pub(super) fn status_word(status: Status) -> &'static str {
    match status {
        Status::Active => "aktiv",
        Status::Inactive => "abgemeldet",
    }
}

/// The statuses the list filters by, in the order offered.
pub(super) const STATUSES: [Status; 2] = [Status::Active, Status::Inactive];

pub(super) fn status_from_word(word: &str) -> Option<Status> {
    STATUSES
        .into_iter()
        .find(|status| status_word(*status) == word)
}

pub(super) fn sort_word(key: SortKey) -> &'static str {
    SORT_WORDS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("aufnahme", |(_, word)| word)
}

/// The list's state and the way to change it: every change goes through the address.
#[derive(Clone, Copy)]
pub(super) struct ListAddress {
    pub(super) query: Memo<ListQuery>,
    /// Navigates to a state; `true` adds a history entry, `false` replaces the current one.
    pub(super) go: Callback<(ListQuery, bool)>,
}

impl ListAddress {
    /// Changes the state; `push` when the change is a step back should undo (opening and
    /// closing a case).
    pub(super) fn change(self, push: bool, edit: impl FnOnce(&mut ListQuery)) {
        let before = self.query.get_untracked();
        let mut after = before.clone();
        edit(&mut after);
        if after != before {
            self.go.run((after, push));
        }
    }
}
