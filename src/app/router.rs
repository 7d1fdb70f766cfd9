//! The app's router: the page follows the address bar, and links within the app change it
//! without loading the page again.
//!
//! The app's pages are one flat table ([`Page`]), so a router needs no more than the address
//! in a signal, the page it names, and two listeners on the window: a click on a link to an
//! address under the app's base is taken over (`history.pushState`), and the back and forward
//! buttons (`popstate`) set the address again. This replaced `leptos_router`, whose nested
//! routes and matching this app never used: the download is 46 KB gzip smaller (the pages had
//! been built once more inside the router's generic route table; see
//! docs/decisions/0003-own-router.md).
//!
//! A click is left to the browser, as a browser would expect, when it is not a plain click
//! (another button, a modifier key: a new tab or window), when the link has a `target`, a
//! `download` attribute or `rel="external"`, or when it leads away from the app's origin or
//! base path. In-page links (`#…`) handle their own clicks (see [`super::focus`]).

use super::routes::{base_path, Page};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The part of the address the app reads: the path, the query without its `?`, the fragment
/// with its `#`, as the browser's `location` has them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    pub path: String,
    pub search: String,
    pub hash: String,
}

impl Address {
    /// The address the browser shows.
    fn current() -> Address {
        let location = window().location();
        Address {
            path: location.pathname().unwrap_or_default(),
            search: location
                .search()
                .unwrap_or_default()
                .trim_start_matches('?')
                .to_owned(),
            hash: location.hash().unwrap_or_default(),
        }
    }
}

/// The router's state, in context ([`use_router`]).
#[derive(Clone, Copy)]
pub struct Router {
    /// The address; set on every navigation, also to the address already shown (opening
    /// *Aufnahme* from the navigation while on it starts a new check).
    pub address: ReadSignal<Address>,
    set_address: WriteSignal<Address>,
    /// The path alone (changes only when the path does).
    pub path: Memo<String>,
    /// The query alone, without its `?`.
    pub search: Memo<String>,
    /// The page the path names under the app's base; `None`: no page of the app.
    pub page: Memo<Option<Page>>,
}

impl Router {
    /// Starts the router for the app's lifetime and provides it in context.
    pub fn provide() -> Router {
        let (address, set_address) = signal(Address::current());
        let path = Memo::new(move |_| address.with(|a| a.path.clone()));
        let search = Memo::new(move |_| address.with(|a| a.search.clone()));
        let page = Memo::new(move |_| path.with(|p| Page::from_location(p, base_path())));
        let router = Router {
            address,
            set_address,
            path,
            search,
            page,
        };
        provide_context(router);
        let clicks = window_event_listener(ev::click, move |ev| router.follow_link(&ev));
        let history =
            window_event_listener(ev::popstate, move |_| set_address.set(Address::current()));
        on_cleanup(move || {
            clicks.remove();
            history.remove();
        });
        router
    }

    /// Goes to `to`, a path (with query) relative to the app's base, as `Page::path` and the
    /// case list's addresses are: `replace` takes the place of the current history entry
    /// rather than adding one; `scroll` moves to the top of the page (or to the fragment's
    /// element).
    pub fn go(self, to: &str, replace: bool, scroll: bool) {
        self.navigate(&format!("{}{to}", base_path()), replace, scroll);
    }

    /// Goes to `full`, an absolute path with query and fragment (the base included).
    fn navigate(self, full: &str, replace: bool, scroll: bool) {
        if let Ok(history) = window().history() {
            let shown = Address::current();
            let same = full == full_path(&shown);
            // An error here (a path the browser refuses) leaves the address as it is: the
            // page then follows what the browser shows.
            let _unchanged_on_error = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(full))
            } else if same {
                Ok(())
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(full))
            };
        }
        let address = Address::current();
        if scroll {
            scroll_to(&address.hash);
        }
        self.set_address.set(address);
    }

    /// The window's click listener: takes over a plain click on a link into the app.
    fn follow_link(self, ev: &ev::MouseEvent) {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.alt_key()
            || ev.ctrl_key()
            || ev.shift_key()
        {
            return;
        }
        let Some(link) = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
            .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let external = link
            .get_attribute("rel")
            .is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r == "external"));
        if !link.target().is_empty() || link.has_attribute("download") || external {
            return;
        }
        let Ok(url) = web_sys::Url::new(&link.href()) else {
            return;
        };
        let origin = window().location().origin().unwrap_or_default();
        let path = url.pathname();
        if url.origin() != origin || !within_base(&path, base_path()) {
            return;
        }
        ev.prevent_default();
        let full = format!("{path}{}{}", url.search(), url.hash());
        self.navigate(&full, false, !link.has_attribute("data-noscroll"));
    }
}

/// The router from context.
pub fn use_router() -> Router {
    expect_context::<Router>()
}

/// `path?search#hash` of an address, as a link would name it.
fn full_path(address: &Address) -> String {
    let question = if address.search.is_empty() { "" } else { "?" };
    format!(
        "{}{question}{}{}",
        address.path, address.search, address.hash
    )
}

/// Whether `path` lies under the app's `base` (`""` at a server's root, else e.g. `/kim`).
fn within_base(path: &str, base: &str) -> bool {
    match path.strip_prefix(base) {
        Some(rest) => rest.is_empty() || rest.starts_with('/'),
        None => false,
    }
}

/// After a navigation: the element the fragment names into view, else the top of the page.
fn scroll_to(hash: &str) {
    let id = hash.trim_start_matches('#');
    let target = (!id.is_empty())
        .then(|| {
            let decoded = js_sys::decode_uri_component(id)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| id.to_owned());
            document().get_element_by_id(&decoded)
        })
        .flatten();
    match target {
        Some(element) => element.scroll_into_view(),
        None => window().scroll_to_with_x_and_y(0.0, 0.0),
    }
}

/// The parameters of a query (`a=1&b=x`), read by the browser's `URLSearchParams` (`+` and
/// `%20` are spaces; malformed escapes are kept as they are).
pub struct Query(Option<web_sys::UrlSearchParams>);

impl Query {
    pub fn parse(search: &str) -> Query {
        Query(web_sys::UrlSearchParams::new_with_str(search).ok())
    }

    /// The first value of `key`, if the query has one.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.as_ref()?.get(key)
    }

    /// The query of `pairs` in their order, `?` first, each part escaped as
    /// `encodeURIComponent` does; `""` for no pairs.
    pub fn build<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
        let mut query = String::new();
        for (key, value) in pairs {
            query.push(if query.is_empty() { '?' } else { '&' });
            query.push_str(&String::from(js_sys::encode_uri_component(key)));
            query.push('=');
            query.push_str(&String::from(js_sys::encode_uri_component(value)));
        }
        query
    }
}

/// A link to a page of the app, marked as the page shown (`aria-current="page"`) while it is.
/// Attributes given with `attr:` (a class, a label) go onto the `<a>`.
#[component]
pub fn PageLink(
    /// The page linked to.
    page: Page,
    children: Children,
) -> impl IntoView {
    let router = use_router();
    let current = move || (router.page.get() == Some(page)).then_some("page");
    view! { <a href=page.href() aria-current=current>{children()}</a> }
}
