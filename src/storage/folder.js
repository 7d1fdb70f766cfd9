// The folder access of KIM (File System Access API), imported by src/storage/folder.rs.
//
// A folder the user picked once (a network drive, a synced cloud folder, a USB stick) is kept
// as its handle in IndexedDB: handles cannot be stored anywhere else, and only the browser can
// read them back. Nothing is read or written before the user connected a folder; after a
// restart the browser asks for permission again (`requestPermission`, on a click).
//
// Every function returns a promise or a plain value and throws DOMExceptions as the API does;
// the Rust side turns them into `FolderError`.

const DB = "kim-rheine.folders";
const STORE = "handles";

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, action) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export function folderSupported() {
  return typeof window.showDirectoryPicker === "function" && typeof indexedDB !== "undefined";
}

export async function pickFolder(purpose) {
  return await window.showDirectoryPicker({ id: "kim-" + purpose, mode: "readwrite" });
}

export async function storeFolder(purpose, handle) {
  await withStore("readwrite", (store) => store.put(handle, purpose));
}

export async function storedFolder(purpose) {
  if (typeof indexedDB === "undefined") return null;
  const handle = await withStore("readonly", (store) => store.get(purpose));
  return handle ?? null;
}

export async function forgetFolder(purpose) {
  await withStore("readwrite", (store) => store.delete(purpose));
}

// Issued at once (the request is the browser's from then on): called right before the page is
// replaced after "Alle Daten löschen".
export function forgetAllFolders() {
  if (typeof indexedDB !== "undefined") indexedDB.deleteDatabase(DB);
}

export function folderName(handle) {
  return handle.name;
}

// "granted", "prompt" or "denied". With `ask`, a permission not yet granted is requested
// (needs a user's click). A handle without the permission methods (the origin private file
// system in some browsers) is always granted.
export async function folderPermission(handle, ask) {
  const options = { mode: "readwrite" };
  if (typeof handle.queryPermission !== "function") return "granted";
  let state = await handle.queryPermission(options);
  if (state !== "granted" && ask && typeof handle.requestPermission === "function") {
    state = await handle.requestPermission(options);
  }
  return state;
}

// Written to a temporary file by the browser and put in place on close: a reader never sees
// half a file.
export async function writeText(handle, name, text) {
  const file = await handle.getFileHandle(name, { create: true });
  const writable = await file.createWritable();
  try {
    await writable.write(text);
    await writable.close();
  } catch (error) {
    await writable.abort().catch(() => {});
    throw error;
  }
}

// [name, size in bytes] of every file: a file of 0 bytes is one whose writing was cut short
// (the browser creates the name before the content is put in place).
export async function listFileSizes(handle) {
  const files = [];
  for await (const [name, entry] of handle.entries()) {
    if (entry.kind !== "file") continue;
    // Deleted between listing and reading (another tab or device pruning): not there.
    const size = await entry.getFile().then((file) => file.size, () => null);
    if (size !== null) files.push([name, size]);
  }
  return files;
}

export async function readText(handle, name) {
  const file = await (await handle.getFileHandle(name)).getFile();
  return await file.text();
}

export async function removeFile(handle, name) {
  await handle.removeEntry(name);
}

// The files of a drop (files, or folders walked to any depth), as File objects. Uses the
// entries API where the browser has it (every current one), else the plain file list.
export async function droppedFiles(dataTransfer) {
  if (!dataTransfer) return [];
  const items = Array.from(dataTransfer.items ?? []);
  const entries = items.map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  if (entries.length === 0) return Array.from(dataTransfer.files ?? []);
  const files = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      files.push(await new Promise((resolve, reject) => entry.file(resolve, reject)));
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}
