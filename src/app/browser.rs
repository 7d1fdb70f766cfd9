//! Thin wrappers over browser APIs the pages need: randomness, the clock, file downloads and
//! uploads, and the service worker's update notice. The domain never calls these; pages pass
//! their results in as arguments.

use chrono::NaiveDate;
use wasm_bindgen::{JsCast, JsValue};

/// 64 random bits from `crypto.getRandomValues`.
pub fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .expect("Web Crypto is available in every supported browser");
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .expect("getRandomValues on 8 bytes cannot fail");
    u64::from_le_bytes(bytes)
}

/// Runs `task` when the browser is idle (`requestIdleCallback`), or after a short pause in a
/// browser without it (Safari).
pub fn when_idle(task: impl Fn() + 'static) {
    let has_idle_callback = web_sys::window().is_some_and(|window| {
        js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
            .is_ok_and(|f| f.is_function())
    });
    if has_idle_callback {
        leptos::prelude::request_idle_callback(task);
    } else {
        leptos::prelude::set_timeout(task, std::time::Duration::from_millis(50));
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Today's date in the browser's local time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .expect("the browser's date is valid")
}

/// The local date of a moment given in milliseconds since the Unix epoch; today's date if
/// the moment is outside the browser's calendar.
pub fn date_of_ms(ms: i64) -> NaiveDate {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    NaiveDate::from_ymd_opt(
        date.get_full_year() as i32,
        date.get_month() + 1,
        date.get_date(),
    )
    .unwrap_or_else(today)
}

/// The current moment as RFC 3339 text (UTC), for export files.
pub fn now_rfc3339() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

/// Offers `content` as a file download named `file_name`. Returns whether it worked.
pub fn download(file_name: &str, mime: &str, content: &str) -> bool {
    download_inner(file_name, mime, content).is_ok()
}

fn download_inner(file_name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_class_name("visually-hidden");
    document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?
        .append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Whether the service worker announced that a new release is installed and waiting.
pub fn update_ready() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("kimUpdateReady")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Activates the waiting release; the page reloads when it takes over.
pub fn apply_update() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(function) = js_sys::Reflect::get(&window, &JsValue::from_str("kimApplyUpdate")) {
        if let Some(function) = function.dyn_ref::<js_sys::Function>() {
            let _ignored_result_reload_follows = function.call0(&window);
            return;
        }
    }
    let _ignored_result_reload_follows = window.location().reload();
}

/// Reads a file the user picked, as text.
pub async fn read_file_text(file: web_sys::File) -> Result<String, String> {
    let promise = file.text();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| format!("{e:?}"))?
        .as_string()
        .ok_or_else(|| "not text".to_string())
}

/// Runs `f` and records its duration as a `performance.measure` named `name` (seen in the
/// browser's performance tools and read by the report benchmark, `.ci/bench-report.mjs`).
pub fn measure<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return f();
    };
    let start = format!("{name}:start");
    let end = format!("{name}:end");
    let _marks_are_best_effort = performance.mark(&start);
    let result = f();
    let _ = performance.mark(&end);
    let _ = performance.measure_with_start_mark_and_end_mark(name, &start, &end);
    performance.clear_marks_with_mark_name(&start);
    performance.clear_marks_with_mark_name(&end);
    result
}

/// Starts a measurement that [`end_measure`] finishes, for work that awaits (unlocking,
/// sealed saves); the benchmark reads the `performance` entry named `name`.
pub fn start_measure(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _marks_are_best_effort = performance.mark(&format!("{name}:start"));
    }
}

/// Ends a measurement begun with [`start_measure`].
pub fn end_measure(name: &str) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let start = format!("{name}:start");
    let end = format!("{name}:end");
    let _ = performance.mark(&end);
    let _ = performance.measure_with_start_mark_and_end_mark(name, &start, &end);
    performance.clear_marks_with_mark_name(&start);
    performance.clear_marks_with_mark_name(&end);
}

/// The file chosen in an `<input type="file">` whose change event this is. The input is
/// cleared, so choosing the same file again fires another change.
pub fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// Every file chosen in an `<input type="file" multiple>` whose change event this is; the
/// input is cleared, so choosing the same files again fires another change.
pub fn chosen_files(ev: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// Lets the browser paint (a progress bar) before the next piece of work: resolves on the
/// next task.
pub async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _paint_only = window.set_timeout_with_callback(&resolve);
        }
    });
    let _resolves_always = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Puts a table on the clipboard as HTML (pasted into Word or LibreOffice Writer it is a real
/// table) and as tab-separated text (pasted into Excel it fills cells). Where the browser has
/// no `ClipboardItem`, the text alone. Returns whether it worked (the browser may refuse).
pub async fn copy_table(html: &str, text: &str) -> bool {
    copy_table_inner(html, text).await.is_ok()
}

async fn copy_table_inner(html: &str, text: &str) -> Result<(), JsValue> {
    use js_sys::{Array, Function, Object, Promise, Reflect};
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let clipboard = Reflect::get(&window.navigator(), &"clipboard".into())?;
    if clipboard.is_undefined() {
        return Err(JsValue::from_str("no clipboard"));
    }
    let blob = |content: &str, mime: &str| {
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        web_sys::Blob::new_with_str_sequence_and_options(
            &Array::of1(&JsValue::from_str(content)),
            &options,
        )
    };
    let item_class = Reflect::get(&window, &"ClipboardItem".into())?;
    let promise = if let Some(item_class) = item_class.dyn_ref::<Function>() {
        let parts = Object::new();
        Reflect::set(
            &parts,
            &"text/html".into(),
            &blob(html, "text/html")?.into(),
        )?;
        Reflect::set(
            &parts,
            &"text/plain".into(),
            &blob(text, "text/plain")?.into(),
        )?;
        let item = Reflect::construct(item_class, &Array::of1(&parts))?;
        let write: Function = Reflect::get(&clipboard, &"write".into())?.dyn_into()?;
        write.call1(&clipboard, &Array::of1(&item))?
    } else {
        let write: Function = Reflect::get(&clipboard, &"writeText".into())?.dyn_into()?;
        write.call1(&clipboard, &JsValue::from_str(text))?
    };
    wasm_bindgen_futures::JsFuture::from(promise.dyn_into::<Promise>()?).await?;
    Ok(())
}

/// The local date and time of a moment (milliseconds since the Unix epoch) as "07.12.2026,
/// 14:05 Uhr".
pub fn date_time_of_ms(ms: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!(
        "{}, {:02}:{:02} Uhr",
        crate::app::format::date(date_of_ms(ms)),
        date.get_hours(),
        date.get_minutes()
    )
}

/// Whether this browser deletes the app's data after seven days without use: Safari's rule for
/// script-written storage (on iPhone and iPad for every browser, which all run on Safari's
/// engine; on a Mac in Safari), unless the app runs from the home screen or the Dock.
pub fn deletes_data_after_seven_days() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let user_agent = navigator.user_agent().unwrap_or_default();
    let touch_points = navigator.max_touch_points();
    let standalone = window
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
        || js_sys::Reflect::get(&navigator, &JsValue::from_str("standalone"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
    seven_day_rule_applies(&user_agent, touch_points, standalone)
}

/// [`deletes_data_after_seven_days`] from what the browser says of itself: its user agent, how
/// many touch points its screen has (an iPad presents itself as a Mac with touch), and whether
/// the app runs installed (home screen or Dock).
pub fn seven_day_rule_applies(user_agent: &str, touch_points: i32, standalone: bool) -> bool {
    if standalone {
        return false;
    }
    let ios = ["iPhone", "iPad", "iPod"]
        .iter()
        .any(|d| user_agent.contains(d))
        || (user_agent.contains("Macintosh") && touch_points > 1);
    let mac_safari = user_agent.contains("Macintosh")
        && user_agent.contains("Safari/")
        && !["Chrome/", "Chromium/", "Edg/", "Firefox/", "OPR/"]
            .iter()
            .any(|other| user_agent.contains(other));
    ios || mac_safari
}

/// Waits `ms` milliseconds (a `setTimeout` as a future).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
