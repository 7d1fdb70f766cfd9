//! An in-memory [`KeyValue`] backend with an optional quota, for native tests.

use super::{BackendError, KeyValue};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A key-value map in memory. Clones share the same map, like two tabs sharing one
/// `localStorage`.
#[derive(Clone, Default)]
pub struct MemoryStore {
    entries: Rc<RefCell<BTreeMap<String, String>>>,
    /// Maximum total characters of keys and values, like the browser's quota.
    quota: Rc<RefCell<Option<usize>>>,
}

impl MemoryStore {
    /// An empty store without quota.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the quota in characters (keys + values); `None` removes it.
    pub fn set_quota(&self, quota: Option<usize>) {
        *self.quota.borrow_mut() = quota;
    }

    fn used_without(&self, key: &str) -> usize {
        self.entries
            .borrow()
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl KeyValue for MemoryStore {
    /// The value itself: compared by content, as local storage's mark is.
    type Mark = String;

    fn get_marked(&self, key: &str) -> Result<(Option<String>, Option<String>), BackendError> {
        let value = self.get(key)?;
        Ok((value.clone(), value))
    }

    fn set_marked(&self, key: &str, value: &str) -> Result<Option<String>, BackendError> {
        self.set(key, value).map(|()| Some(value.to_owned()))
    }

    fn is_still(&self, key: &str, mark: &String) -> bool {
        self.entries.borrow().get(key) == Some(mark)
    }

    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        Ok(self.entries.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        if let Some(quota) = *self.quota.borrow() {
            if self.used_without(key) + key.len() + value.len() > quota {
                return Err(BackendError::QuotaExceeded);
            }
        }
        self.entries
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), BackendError> {
        self.entries.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, BackendError> {
        Ok(self.entries.borrow().keys().cloned().collect())
    }
}
