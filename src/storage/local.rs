//! The browser backend: `window.localStorage`, plus the Storage API's persistence and quota.

use super::{BackendError, KeyValue};
use gloo_storage::{LocalStorage, Storage as _};
use js_sys::JsString;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `window.localStorage` as a [`KeyValue`] backend.
#[derive(Clone, Copy, Default)]
pub struct LocalStore;

fn classify(error: JsValue) -> BackendError {
    let name = error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.name())
        .unwrap_or_default();
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        BackendError::QuotaExceeded
    } else {
        BackendError::Unavailable(format!("{error:?}"))
    }
}

// `Storage.getItem`/`setItem` with the value as a JavaScript string, not copied into a Rust
// `String`: what a mark holds and compares.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `window.localStorage`, seen through these two methods.
    type RawStorage;
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item_js(this: &RawStorage, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_item_js(this: &RawStorage, key: &str, value: &JsString) -> Result<(), JsValue>;
}

fn raw_storage() -> RawStorage {
    LocalStorage::raw().unchecked_into()
}

impl KeyValue for LocalStore {
    /// The value as the JavaScript string read or written; [`KeyValue::is_still`] compares it
    /// with what `getItem` returns now (`===`, by content, inside the browser).
    type Mark = JsString;

    fn get_marked(&self, key: &str) -> Result<(Option<String>, Option<JsString>), BackendError> {
        let value = raw_storage().get_item_js(key).map_err(classify)?;
        let mark = value.dyn_into::<JsString>().ok();
        Ok((mark.as_ref().map(String::from), mark))
    }

    fn set_marked(&self, key: &str, value: &str) -> Result<Option<JsString>, BackendError> {
        let mark = JsString::from(value);
        raw_storage().set_item_js(key, &mark).map_err(classify)?;
        Ok(Some(mark))
    }

    fn is_still(&self, key: &str, mark: &JsString) -> bool {
        raw_storage()
            .get_item_js(key)
            .is_ok_and(|value| AsRef::<JsValue>::as_ref(mark) == &value)
    }

    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        LocalStorage::raw().get_item(key).map_err(classify)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        LocalStorage::raw().set_item(key, value).map_err(classify)
    }

    fn remove(&self, key: &str) -> Result<(), BackendError> {
        LocalStorage::raw().remove_item(key).map_err(classify)
    }

    fn keys(&self) -> Result<Vec<String>, BackendError> {
        let storage = LocalStorage::raw();
        let length = storage.length().map_err(classify)?;
        Ok((0..length)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect())
    }
}

/// Whether the browser keeps this site's storage under pressure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersistenceState {
    /// Granted: the browser will not evict the data on its own.
    Granted,
    /// Refused (the browser may evict the data when the disk runs full).
    Refused,
    /// This browser has no Storage API.
    Unsupported,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.storage` is missing on old browsers and on insecure origins.
    let storage = js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    if storage.is_undefined() {
        return None;
    }
    Some(navigator.storage())
}

/// Asks the browser for persistent storage (`navigator.storage.persist()`).
pub async fn request_persistence() -> PersistenceState {
    let Some(manager) = storage_manager() else {
        return PersistenceState::Unsupported;
    };
    let Ok(promise) = manager.persist() else {
        return PersistenceState::Unsupported;
    };
    match JsFuture::from(promise).await {
        Ok(value) if value.as_bool() == Some(true) => PersistenceState::Granted,
        Ok(_) => PersistenceState::Refused,
        Err(_) => PersistenceState::Unsupported,
    }
}

/// How much of the origin's quota is used, in bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuotaEstimate {
    pub usage: f64,
    pub quota: f64,
}

/// `navigator.storage.estimate()`, or `None` where unsupported.
pub async fn estimate() -> Option<QuotaEstimate> {
    let manager = storage_manager()?;
    let value = JsFuture::from(manager.estimate().ok()?).await.ok()?;
    let field = |name: &str| {
        js_sys::Reflect::get(&value, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_f64())
    };
    Some(QuotaEstimate {
        usage: field("usage")?,
        quota: field("quota")?,
    })
}

/// The Web Lock every tab of this origin takes for a read-merge-write of [`super::STORE_KEY`].
const STORE_LOCK: &str = "kim-rheine.store";

/// Runs `f` while holding the store's Web Lock (`navigator.locks.request`), so the
/// read-merge-write of two tabs (or windows) never interleaves. `f` runs synchronously inside
/// the lock callback and the lock is released when it returns. Where the browser has no Web
/// Locks (an insecure origin, a very old browser), `f` runs at once: saves are then merged
/// after the fact (on the next save and on the `storage` event) instead of serialised.
pub fn with_store_lock(f: impl FnOnce() + 'static) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;

    let task = Rc::new(RefCell::new(Some(f)));
    let run = {
        let task = Rc::clone(&task);
        move || {
            if let Some(f) = task.borrow_mut().take() {
                f();
            }
        }
    };
    let Some(locks) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("locks")).ok())
        .filter(|locks| locks.is_object())
    else {
        return run();
    };
    let Some(request) = js_sys::Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()
        .and_then(|r| r.dyn_into::<js_sys::Function>().ok())
    else {
        return run();
    };
    let callback = {
        let run = run.clone();
        Closure::once_into_js(move |_lock: JsValue| {
            run();
            JsValue::UNDEFINED
        })
    };
    // The returned promise rejects only when the lock cannot be granted at all (the document
    // is being unloaded); then there is no tab left to save in.
    if request
        .call2(&locks, &JsValue::from_str(STORE_LOCK), &callback)
        .is_err()
    {
        run();
    }
}

/// [`with_store_lock`] for a read-merge-write that awaits (sealing and opening a document
/// with the passphrase key are asynchronous in Web Crypto): the lock is held until the
/// future has finished. Without Web Locks the future runs at once.
pub fn with_store_lock_async<F>(f: impl FnOnce() -> F + 'static)
where
    F: std::future::Future<Output = ()> + 'static,
{
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;

    let task = Rc::new(RefCell::new(Some(f)));
    let start = {
        let task = Rc::clone(&task);
        move || task.borrow_mut().take().map(|f| f())
    };
    let locks = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("locks")).ok())
        .filter(|locks| locks.is_object());
    let request = locks.as_ref().and_then(|locks| {
        js_sys::Reflect::get(locks, &JsValue::from_str("request"))
            .ok()
            .and_then(|r| r.dyn_into::<js_sys::Function>().ok())
    });
    let (Some(locks), Some(request)) = (locks, request) else {
        if let Some(future) = start() {
            wasm_bindgen_futures::spawn_local(future);
        }
        return;
    };
    let callback = {
        let start = start.clone();
        Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            match start() {
                Some(future) => wasm_bindgen_futures::future_to_promise(async move {
                    future.await;
                    Ok(JsValue::UNDEFINED)
                })
                .into(),
                None => JsValue::UNDEFINED,
            }
        })
    };
    if request
        .call2(&locks, &JsValue::from_str(STORE_LOCK), &callback)
        .is_err()
    {
        if let Some(future) = start() {
            wasm_bindgen_futures::spawn_local(future);
        }
    }
}

/// The stored document entry when it is sealed with a passphrase (`super::envelope`), read
/// without opening it: the lock screen needs it before any state exists.
pub fn sealed_entry() -> Option<String> {
    let text = raw_storage()
        .get_item_js(super::STORE_KEY)
        .ok()?
        .dyn_into::<JsString>()
        .ok()?;
    starts_sealed(&text).then(|| String::from(&text))
}

/// [`super::envelope::is_sealed`] of a JavaScript string, read from its first characters: a
/// register's entry is megabytes long, and the app asks this before every start. The whole
/// text is read only when its start is a long run of whitespace.
fn starts_sealed(text: &JsString) -> bool {
    const HEAD: u32 = 64;
    let head = String::from(text.slice(0, HEAD));
    if text.length() <= HEAD || head.trim_start().len() >= super::envelope::PREFIX.len() {
        super::envelope::is_sealed(&head)
    } else {
        super::envelope::is_sealed(&String::from(text))
    }
}
