//! A folder outside the browser that the user connected (File System Access API, in
//! Chromium-based browsers): where backups are written by themselves (`app::backup`), and
//! where devices can leave their exports for the coordinating office.
//!
//! The folder is picked once by the user ([`Folder::connect`], which must run on a click); its
//! handle is kept in IndexedDB per [`Purpose`] (the only place a browser keeps such handles),
//! so it is found again after a restart ([`Folder::stored`]). The browser then asks for
//! permission again before anything is read or written ([`Folder::permission`] with `ask`, on
//! a click). Nothing is read or written in a folder the user did not connect.
//!
//! The JavaScript side is `folder.js` beside this file (the API is not in `web_sys` without its
//! unstable flag); every failure comes back as a [`FolderError`], never a panic.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/storage/folder.js")]
extern "C" {
    #[wasm_bindgen(js_name = folderSupported)]
    fn folder_supported() -> bool;
    #[wasm_bindgen(js_name = pickFolder, catch)]
    async fn pick_folder(purpose: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = storeFolder, catch)]
    async fn store_folder(purpose: &str, handle: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = storedFolder, catch)]
    async fn stored_folder(purpose: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = forgetFolder, catch)]
    async fn forget_folder(purpose: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = forgetAllFolders)]
    fn forget_all_folders();
    #[wasm_bindgen(js_name = folderName)]
    fn folder_name(handle: &JsValue) -> String;
    #[wasm_bindgen(js_name = folderPermission, catch)]
    async fn folder_permission(handle: &JsValue, ask: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = writeText, catch)]
    async fn write_text(handle: &JsValue, name: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = listFileSizes, catch)]
    async fn list_file_sizes(handle: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = readText, catch)]
    async fn read_text(handle: &JsValue, name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = droppedFiles, catch)]
    async fn dropped_files_js(data_transfer: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = removeFile, catch)]
    async fn remove_file(handle: &JsValue, name: &str) -> Result<JsValue, JsValue>;
}

/// What a connected folder is for; each purpose keeps its own folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Backups of this device (`app::backup`).
    Backup,
    /// Export files shared between the devices of a Kreis.
    Exchange,
}

impl Purpose {
    fn key(self) -> &'static str {
        match self {
            Purpose::Backup => "sicherung",
            Purpose::Exchange => "austausch",
        }
    }
}

/// Why a folder could not be used. Nothing was changed when one of these is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FolderError {
    /// This browser has no File System Access API (Firefox, Safari).
    #[error("this browser cannot connect folders")]
    Unsupported,
    /// The user closed the folder picker without choosing.
    #[error("no folder was chosen")]
    Cancelled,
    /// The browser's permission for the folder is not granted (or was withdrawn).
    #[error("no permission for the folder")]
    NoPermission,
    /// The file or folder is gone (the drive is not mounted, the file was deleted).
    #[error("not found")]
    NotFound,
    /// The disk or the folder's quota is full.
    #[error("the folder is full")]
    Full,
    /// Anything else, with the browser's message (for logs, not for users).
    #[error("folder access failed: {0}")]
    Failed(String),
}

fn classify(error: JsValue) -> FolderError {
    let (name, message) = error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| (e.name(), e.message()))
        .unwrap_or_else(|| (String::new(), format!("{error:?}")));
    match name.as_str() {
        "AbortError" => FolderError::Cancelled,
        "NotAllowedError" | "SecurityError" => FolderError::NoPermission,
        "NotFoundError" => FolderError::NotFound,
        "QuotaExceededError" => FolderError::Full,
        _ => FolderError::Failed(format!("{name}: {message}")),
    }
}

/// Whether the browser's permission to read and write the folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    Granted,
    /// Not yet granted in this browser session: asking needs the user's click.
    Prompt,
    Denied,
}

/// A connected folder.
#[derive(Clone, Debug)]
pub struct Folder {
    handle: JsValue,
    /// The folder's own name (not its path: browsers do not tell it).
    pub name: String,
}

impl Folder {
    /// Whether this browser can connect folders at all.
    pub fn supported() -> bool {
        folder_supported()
    }

    /// Lets the user pick a folder (call on a click) and keeps it for `purpose`.
    pub async fn connect(purpose: Purpose) -> Result<Folder, FolderError> {
        if !Self::supported() {
            return Err(FolderError::Unsupported);
        }
        let handle = pick_folder(purpose.key()).await.map_err(classify)?;
        store_folder(purpose.key(), &handle)
            .await
            .map_err(classify)?;
        let name = folder_name(&handle);
        Ok(Folder { handle, name })
    }

    /// Lets the user pick a folder for one reading (call on a click), without keeping it.
    pub async fn pick_once(purpose: Purpose) -> Result<Folder, FolderError> {
        if !Self::supported() {
            return Err(FolderError::Unsupported);
        }
        let handle = pick_folder(purpose.key()).await.map_err(classify)?;
        let name = folder_name(&handle);
        Ok(Folder { handle, name })
    }

    /// The folder kept for `purpose`, if one was connected in this browser.
    pub async fn stored(purpose: Purpose) -> Option<Folder> {
        if !Self::supported() {
            return None;
        }
        let handle = stored_folder(purpose.key()).await.ok()?;
        if handle.is_null() || handle.is_undefined() {
            return None;
        }
        let name = folder_name(&handle);
        Some(Folder { handle, name })
    }

    /// Forgets the folder kept for `purpose` (its files stay where they are).
    pub async fn forget(purpose: Purpose) -> Result<(), FolderError> {
        forget_folder(purpose.key()).await.map_err(classify)?;
        Ok(())
    }

    /// Forgets every connected folder (*Alle Daten löschen*); the files stay. The browser
    /// carries the deletion out even when the page is replaced right after.
    pub fn forget_all() {
        forget_all_folders();
    }

    /// The browser's permission for this folder; with `ask` (on a click), asked for when not
    /// yet granted.
    pub async fn permission(&self, ask: bool) -> Permission {
        match folder_permission(&self.handle, ask)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .as_deref()
        {
            Some("granted") => Permission::Granted,
            Some("prompt") => Permission::Prompt,
            _ => Permission::Denied,
        }
    }

    /// Writes `text` as the file `name`, replacing a file of that name whole.
    pub async fn write(&self, name: &str, text: &str) -> Result<(), FolderError> {
        write_text(&self.handle, name, text)
            .await
            .map_err(classify)?;
        Ok(())
    }

    /// The files in the folder (not in its subfolders, in no particular order) with their
    /// sizes in bytes. A file of 0 bytes is one whose
    /// writing was cut short (closed tab, drive gone): the browser creates the name first.
    pub async fn files_with_sizes(&self) -> Result<Vec<(String, u64)>, FolderError> {
        let list = list_file_sizes(&self.handle).await.map_err(classify)?;
        let array: js_sys::Array = list
            .dyn_into()
            .map_err(|_| FolderError::Failed("not a list".into()))?;
        Ok(array
            .iter()
            .filter_map(|pair| {
                let pair: js_sys::Array = pair.dyn_into().ok()?;
                let name = pair.get(0).as_string()?;
                let size = pair.get(1).as_f64()?;
                Some((name, size.max(0.0) as u64))
            })
            .collect())
    }

    /// The text of the file `name`.
    pub async fn read(&self, name: &str) -> Result<String, FolderError> {
        read_text(&self.handle, name)
            .await
            .map_err(classify)?
            .as_string()
            .ok_or_else(|| FolderError::Failed("not text".into()))
    }

    /// Deletes the file `name`.
    pub async fn remove(&self, name: &str) -> Result<(), FolderError> {
        remove_file(&self.handle, name).await.map_err(classify)?;
        Ok(())
    }
}

/// The files dropped on the page (a drag-and-drop event): files, and the files of dropped
/// folders at any depth, where no folder can be connected. Empty when nothing readable came.
pub async fn dropped_files(event: &web_sys::DragEvent) -> Vec<web_sys::File> {
    let transfer =
        js_sys::Reflect::get(event, &JsValue::from_str("dataTransfer")).unwrap_or(JsValue::NULL);
    let Ok(list) = dropped_files_js(&transfer).await else {
        return Vec::new();
    };
    list.dyn_into::<js_sys::Array>()
        .map(|array| {
            array
                .iter()
                .filter_map(|v| v.dyn_into::<web_sys::File>().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// [`Folder::files`] and [`Folder::read`] together: the text of every file in the folder
/// whose name ends in `.json`, sorted by name; a file that cannot be read comes back as its
/// error, so the caller can list it.
impl Folder {
    pub async fn read_all_json(
        &self,
    ) -> Result<Vec<(String, Result<String, FolderError>)>, FolderError> {
        let mut names: Vec<String> = self
            .files_with_sizes()
            .await?
            .into_iter()
            .map(|(name, _)| name)
            .filter(|n| n.to_ascii_lowercase().ends_with(".json"))
            .collect();
        names.sort();
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let text = self.read(&name).await;
            out.push((name, text));
        }
        Ok(out)
    }
}
