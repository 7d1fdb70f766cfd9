//! The browser backend: `window.localStorage`, plus the Storage API's persistence and quota.

use super::{BackendError, KeyValue};
use gloo_storage::{LocalStorage, Storage as _};
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

impl KeyValue for LocalStore {
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
