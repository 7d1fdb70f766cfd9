//! The document entry as plain text while the passphrase lock is on.
//!
//! [`super::Store`] reads, merges and writes plain text synchronously. With a passphrase lock
//! the entry in local storage is sealed (`envelope`, `crypto`), and Web Crypto only works
//! asynchronously. So the lock does not reach into the store: a [`Vault`] stands between the
//! store and local storage and, while it holds, keeps the document entry ([`STORE_KEY`]) as
//! plain text in memory. Around each save the caller, under the store's Web Lock, opens the
//! sealed entry into the vault, lets the store save into it, and seals what the store wrote
//! back into local storage (`app::state`). Every other key passes through, with one
//! exception: unreadable text the store keeps aside ([`QUARANTINE_PREFIX`]) is kept aside as
//! the *sealed* text it came from, never as the plain text the vault holds, so nothing of the
//! data reaches local storage unencrypted. While the vault does not hold, it is local storage
//! itself.

use super::{BackendError, KeyValue, QUARANTINE_PREFIX, STORE_KEY};
use std::cell::RefCell;
use std::rc::Rc;

/// A backend that can hold the document entry in memory; clones share what is held.
#[derive(Clone, Default)]
pub struct Vault<B> {
    inner: B,
    held: Rc<RefCell<Held>>,
}

#[derive(Default)]
struct Held {
    on: bool,
    text: Option<String>,
    /// The sealed text `text` was opened from (`None`: the stored entry was plain or empty).
    sealed: Option<String>,
}

impl<B: KeyValue> Vault<B> {
    /// A vault over `inner` that holds nothing yet.
    pub fn new(inner: B) -> Self {
        Vault {
            inner,
            held: Rc::default(),
        }
    }

    /// Holds `text` as the document entry from now on: the plain text of the sealed entry
    /// `sealed` (`None` when what is stored is plain or nothing).
    pub fn hold(&self, text: Option<String>, sealed: Option<String>) {
        *self.held.borrow_mut() = Held {
            on: true,
            text,
            sealed,
        };
    }

    /// Stops holding: the document entry is local storage's again.
    pub fn release(&self) {
        *self.held.borrow_mut() = Held::default();
    }

    /// Whether the vault holds the document entry.
    pub fn is_holding(&self) -> bool {
        self.held.borrow().on
    }

    /// The plain text held (what the store last wrote or was given).
    pub fn held_text(&self) -> Option<String> {
        self.held.borrow().text.clone()
    }

    /// The backend underneath.
    pub fn inner(&self) -> &B {
        &self.inner
    }
}

impl<B: KeyValue> KeyValue for Vault<B> {
    /// Local storage's mark, for the document entry while the vault does not hold it (the
    /// text held is in memory: reading it is cheap).
    type Mark = B::Mark;

    fn get_marked(&self, key: &str) -> Result<(Option<String>, Option<B::Mark>), BackendError> {
        if key == STORE_KEY && self.is_holding() {
            return Ok((self.get(key)?, None));
        }
        self.inner.get_marked(key)
    }

    fn set_marked(&self, key: &str, value: &str) -> Result<Option<B::Mark>, BackendError> {
        if key == STORE_KEY && self.is_holding() || key.starts_with(QUARANTINE_PREFIX) {
            return self.set(key, value).map(|()| None);
        }
        self.inner.set_marked(key, value)
    }

    fn is_still(&self, key: &str, mark: &B::Mark) -> bool {
        !(key == STORE_KEY && self.is_holding()) && self.inner.is_still(key, mark)
    }

    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        let held = self.held.borrow();
        if key == STORE_KEY && held.on {
            return Ok(held.text.clone());
        }
        drop(held);
        self.inner.get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        let mut held = self.held.borrow_mut();
        if key == STORE_KEY && held.on {
            held.text = Some(value.to_owned());
            return Ok(());
        }
        if key.starts_with(QUARANTINE_PREFIX) && held.on {
            if let Some(sealed) = held.sealed.clone() {
                drop(held);
                return self.inner.set(key, &sealed);
            }
        }
        drop(held);
        self.inner.set(key, value)
    }

    fn remove(&self, key: &str) -> Result<(), BackendError> {
        let mut held = self.held.borrow_mut();
        if key == STORE_KEY && held.on {
            held.text = None;
            return Ok(());
        }
        drop(held);
        self.inner.remove(key)
    }

    fn keys(&self) -> Result<Vec<String>, BackendError> {
        self.inner.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn while_holding_only_the_document_entry_stays_in_memory() {
        let vault = Vault::new(MemoryStore::default());
        vault.inner().set(STORE_KEY, "kim-e1:sealed").unwrap();
        vault.hold(Some("{\"plain\":1}".into()), Some("kim-e1:sealed".into()));
        assert_eq!(
            vault.get(STORE_KEY).unwrap().as_deref(),
            Some("{\"plain\":1}")
        );
        vault.set(STORE_KEY, "{\"plain\":2}").unwrap();
        vault.set("kim-rheine.other", "through").unwrap();
        vault
            .set("kim-rheine.unreadable.1", "{\"plain\":2}")
            .unwrap();
        assert_eq!(
            vault.inner().get(STORE_KEY).unwrap().as_deref(),
            Some("kim-e1:sealed"),
            "the sealed entry is written by the caller, never by the store"
        );
        assert_eq!(
            vault.inner().get("kim-rheine.other").unwrap().as_deref(),
            Some("through")
        );
        assert_eq!(
            vault
                .inner()
                .get("kim-rheine.unreadable.1")
                .unwrap()
                .as_deref(),
            Some("kim-e1:sealed"),
            "unreadable text is kept aside sealed, never as the plain text held"
        );
        assert_eq!(vault.clone().held_text().as_deref(), Some("{\"plain\":2}"));
        vault.release();
        assert_eq!(
            vault.get(STORE_KEY).unwrap().as_deref(),
            Some("kim-e1:sealed")
        );
    }
}
