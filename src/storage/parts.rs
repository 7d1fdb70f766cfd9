//! The stored document in parts, so that a save re-encodes only what changed.
//!
//! A register of 20,000 cases is about 15 MB of JSON; serialising and compressing all of it
//! after every counted contact took 0.26–0.37 s. Written in parts, a save serialises and
//! compresses only the parts whose records changed and reuses the encoded text of the others:
//!
//! - the **head**: schema version, write count, generation, settings, the rule set and the
//!   yearly figures (small; encoded on every save, since the write count changes);
//! - the **lists** (`cases`, `contacts`, `visits`), each in chunks of [`CHUNK`] records in the
//!   order of the list. A new record changes the last chunk; a recorded event changes the chunk
//!   of its case.
//!
//! Decision: the parts stay in **one** local-storage entry (`STORE_KEY`), as
//! `kim-p1:<head>.<chunk>.<chunk>…`, each part the base64 of a raw DEFLATE stream of its JSON
//! (as [`super::codec`] compresses a whole document). The head's JSON carries how many records
//! each list has (`parts`), so the chunks are known without reading them, and the form of the
//! cases' chunks: rows ([`case_rows`]) since [`CASES_AS_ROWS`], objects before. One entry keeps what
//! every guarantee of [`super`] rests on: one `setItem` per save, which the browser applies
//! whole or not at all (a layout over several keys could be left half-written by a full quota
//! or a closed tab, and would need a journal to recover); one text that the Web Lock, the
//! two-tab merge, the passphrase seal and the quarantine of unreadable text treat as before.
//! What still grows with the register is copying that text into local storage, not serialising
//! and compressing it.
//!
//! Reading parses each part on its own into its records ([`load`]), which go into the document
//! without a copy; the app then confirms the chunks in idle time ([`PartCache::confirm_next`])
//! so that the saves after it compare with them. A document of an earlier
//! schema version is joined back into one JSON document ([`join`]) and migrated as any other.
//! A document with fewer than [`PARTS_FROM`] records is written whole as [`codec::encode`]
//! writes it (plain JSON, readable in the browser's developer tools, or compressed as a whole
//! from 256 KB of JSON); documents written in one piece (plain or `kim-z1:`) are read as
//! before and written in parts with the next save, which is their migration.

use super::codec;
use super::schema::{LoadError, Settings, StoredDocument, CURRENT_SCHEMA_VERSION};
use crate::domain::case::Case;
use crate::domain::contacts::ShortContact;
use crate::domain::rules::RuleSet;
use crate::domain::visits::WelcomeVisit;
use crate::domain::yearly::YearlyFigures;
use crate::domain::Dataset;
use miniz_oxide::inflate::core::inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};

mod case_rows;

/// The marker (and version) of a document in parts.
pub const PARTS_PREFIX: &str = "kim-p1:";

/// Records per chunk: a chunk of cases is about 190 KB of JSON, compressed in a few
/// milliseconds.
pub const CHUNK: usize = 256;

/// A document with at least this many records (cases, contacts and visits together) is written
/// in parts; smaller ones whole ([`codec::encode`]).
pub const PARTS_FROM: usize = 1_000;

/// The most records a list may claim (a guard against a crafted head): 100 million.
const MAX_RECORDS: u64 = 100_000_000;

/// The largest JSON one part may expand to (a guard against corrupt input).
const MAX_PART_BYTES: usize = 256 * 1024 * 1024;

/// A document to be written, borrowed from wherever the caller keeps it.
#[derive(Clone, Copy)]
pub struct DocumentRef<'a> {
    pub write_count: u64,
    pub generation: u64,
    pub settings: &'a Settings,
    pub data: &'a Dataset,
}

impl<'a> From<&'a StoredDocument> for DocumentRef<'a> {
    fn from(document: &'a StoredDocument) -> Self {
        DocumentRef {
            write_count: document.write_count,
            generation: document.generation,
            settings: &document.settings,
            data: &document.data,
        }
    }
}

/// The form of the chunks of cases in a text written before [`CASES_AS_ROWS`]: the objects of
/// the export file. Read, never written.
pub const CASES_AS_OBJECTS: u32 = 0;

/// The form of the chunks of cases written from 03.12.2026: rows ([`case_rows`]) without
/// sessions. Read as [`CASES_WITH_SESSIONS`], which holds it; never written.
pub const CASES_AS_ROWS: u32 = 1;

/// The form of the chunks of cases this version writes: rows with sessions as dates and
/// forms and deregistrations with evaluations ([`case_rows`], issue 28). An older release
/// reads a head with a form it does not know as damaged text and keeps it aside.
pub const CASES_WITH_SESSIONS: u32 = 2;

/// How many records each list has, and the form of the cases' chunks; written in the head.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Counts {
    cases: u64,
    contacts: u64,
    visits: u64,
    /// [`CASES_WITH_SESSIONS`] now, [`CASES_AS_ROWS`] before; absent ([`CASES_AS_OBJECTS`]) in texts written
    /// before. An older version reads rows as a damaged text, which it keeps aside without
    /// writing over it, as it does any text of a newer version.
    #[serde(default)]
    case_form: u32,
}

impl Counts {
    fn of(data: &Dataset) -> Self {
        Counts {
            cases: data.cases.len() as u64,
            contacts: data.contacts.len() as u64,
            visits: data.visits.len() as u64,
            case_form: CASES_WITH_SESSIONS,
        }
    }

    fn chunks(count: u64) -> usize {
        usize::try_from(count.div_ceil(CHUNK as u64)).unwrap_or(usize::MAX)
    }

    fn total_chunks(self) -> usize {
        Self::chunks(self.cases)
            .saturating_add(Self::chunks(self.contacts))
            .saturating_add(Self::chunks(self.visits))
    }

    /// The chunks of the text (head excluded) as the chunks of cases, contacts and visits;
    /// `chunks` must hold [`Counts::total_chunks`] of them ([`read_head`] checks it).
    fn split<'a, 'b>(self, chunks: &'b [&'a str]) -> [&'b [&'a str]; 3] {
        let (cases, rest) = chunks.split_at(Self::chunks(self.cases).min(chunks.len()));
        let (contacts, visits) = rest.split_at(Self::chunks(self.contacts).min(rest.len()));
        [cases, contacts, visits]
    }

    fn plausible(self) -> bool {
        [self.cases, self.contacts, self.visits]
            .iter()
            .all(|&n| n <= MAX_RECORDS)
    }
}

/// The document without its lists, as written.
#[derive(Serialize)]
struct HeadOut<'a> {
    schema_version: u32,
    write_count: u64,
    generation: u64,
    settings: &'a Settings,
    parts: Counts,
    data: HeadData<'a>,
}

#[derive(Serialize)]
struct HeadData<'a> {
    rules: &'a RuleSet,
    yearly: &'a [YearlyFigures],
}

/// The head as read (of the current schema version).
#[derive(Deserialize)]
struct HeadIn {
    #[serde(default)]
    write_count: u64,
    #[serde(default)]
    generation: u64,
    settings: Settings,
    data: HeadDataIn,
}

#[derive(Deserialize)]
struct HeadDataIn {
    rules: RuleSet,
    #[serde(default)]
    yearly: Vec<YearlyFigures>,
}

/// Only what tells a version apart.
#[derive(Deserialize)]
struct Probe {
    schema_version: Option<serde_json::Value>,
    parts: Option<Counts>,
}

/// The whole document as plain JSON.
#[derive(Serialize)]
struct Whole<'a> {
    schema_version: u32,
    write_count: u64,
    generation: u64,
    settings: &'a Settings,
    data: &'a Dataset,
}

/// A record kept in chunks: how a chunk of them is written, and read in the form written.
trait Chunked: Clone + PartialEq + Sized {
    fn write(chunk: &[Self]) -> String;
    fn read(json: &str) -> Result<Vec<Self>, serde_json::Error>;
}

impl Chunked for Case {
    fn write(chunk: &[Self]) -> String {
        case_rows::write(chunk)
    }
    fn read(json: &str) -> Result<Vec<Self>, serde_json::Error> {
        case_rows::read(json)
    }
}

/// Short contacts and visits are written in a chunk as the objects of the export file (a
/// register holds few of them next to the cases' events).
macro_rules! chunked_as_objects {
    ($($record:ty),*) => {$(
        impl Chunked for $record {
            fn write(chunk: &[Self]) -> String {
                serde_json::to_string(chunk).expect("records serialise")
            }
            fn read(json: &str) -> Result<Vec<Self>, serde_json::Error> {
                serde_json::from_str(json)
            }
        }
    )*};
}

chunked_as_objects!(ShortContact, WelcomeVisit);

/// One encoded chunk and what is known of the records it holds.
struct Cached<T> {
    records: Records<T>,
    encoded: String,
}

/// What a save may compare a chunk of the document with.
enum Records<T> {
    /// The records the encoded text holds.
    Known(Vec<T>),
    /// Read at opening: its records went into the document without a copy (copying a
    /// register of 20,000 cases was a sixth of the time to open it) and are not confirmed
    /// yet ([`PartCache::confirm_next`]). A save encodes such a chunk anew.
    Unconfirmed,
    /// Read at opening, and the document's records at its place no longer encode to it.
    Stale,
}

impl<T: PartialEq> Records<T> {
    fn hold(&self, items: &[T]) -> bool {
        matches!(self, Records::Known(known) if known == items)
    }
}

/// Confirms the first unconfirmed chunk of `cache` against the records at its place in
/// `items`: when they serialise to the JSON the chunk holds, they are the chunk's records.
/// `false` when none is left to confirm.
fn confirm_first<T: Chunked>(
    cache: &mut [Cached<T>],
    items: &[T],
    expander: &mut Expander,
) -> bool {
    let Some((index, cached)) = cache
        .iter_mut()
        .enumerate()
        .find(|(_, cached)| matches!(cached.records, Records::Unconfirmed))
    else {
        return false;
    };
    let chunk = items.chunks(CHUNK).nth(index);
    let same = chunk.is_some_and(|chunk| {
        let json = T::write(chunk);
        expander.expand(&cached.encoded).ok() == Some(json.as_str())
    });
    cached.records = match chunk {
        Some(chunk) if same => Records::Known(chunk.to_vec()),
        _ => Records::Stale,
    };
    true
}

/// The chunks written or read last, so the next save re-encodes only those whose records
/// differ.
#[derive(Default)]
pub struct PartCache {
    cases: Vec<Cached<Case>>,
    contacts: Vec<Cached<ShortContact>>,
    visits: Vec<Cached<WelcomeVisit>>,
}

impl PartCache {
    /// Forgets every chunk (the next save encodes everything).
    pub fn clear(&mut self) {
        *self = PartCache::default();
    }

    /// Confirms one chunk read at opening whose records went into the document uncopied
    /// ([`Records::Unconfirmed`]): when `data`'s records at its place still serialise to the
    /// JSON it holds, they are copied as its records, so a save can skip it; otherwise a save
    /// encodes it anew, as it does any unconfirmed chunk. Any `data` is safe to pass; a chunk
    /// is only ever taken as unchanged when it is. Returns `false` when none is left, so the
    /// caller can spread the work over idle time, a chunk (a few milliseconds) at a time.
    pub fn confirm_next(&mut self, data: &Dataset) -> bool {
        let mut expander = Expander::new();
        confirm_first(&mut self.cases, &data.cases, &mut expander)
            || confirm_first(&mut self.contacts, &data.contacts, &mut expander)
            || confirm_first(&mut self.visits, &data.visits, &mut expander)
    }
}

/// The text stored for `document`: whole below [`PARTS_FROM`] records, else in parts,
/// re-encoding only the chunks whose records differ from `cache` (which is updated).
pub fn encode(document: DocumentRef<'_>, cache: &mut PartCache) -> String {
    let data = document.data;
    let records = data.cases.len() + data.contacts.len() + data.visits.len();
    if records < PARTS_FROM {
        cache.clear();
        let whole = Whole {
            schema_version: CURRENT_SCHEMA_VERSION,
            write_count: document.write_count,
            generation: document.generation,
            settings: document.settings,
            data,
        };
        return codec::encode(&serde_json::to_string(&whole).expect("a document serialises"));
    }
    let head = HeadOut {
        schema_version: CURRENT_SCHEMA_VERSION,
        write_count: document.write_count,
        generation: document.generation,
        settings: document.settings,
        parts: Counts::of(data),
        data: HeadData {
            rules: &data.rules,
            yearly: &data.yearly,
        },
    };
    let head = compress(&serde_json::to_string(&head).expect("a head serialises"));
    update(&mut cache.cases, &data.cases);
    update(&mut cache.contacts, &data.contacts);
    update(&mut cache.visits, &data.visits);
    let chunks = cache
        .cases
        .iter()
        .map(|c| &c.encoded)
        .chain(cache.contacts.iter().map(|c| &c.encoded))
        .chain(cache.visits.iter().map(|c| &c.encoded));
    let length =
        PARTS_PREFIX.len() + head.len() + chunks.clone().map(|c| c.len() + 1).sum::<usize>();
    let mut text = String::with_capacity(length);
    text.push_str(PARTS_PREFIX);
    text.push_str(&head);
    for chunk in chunks {
        text.push('.');
        text.push_str(chunk);
    }
    text
}

/// Re-encodes the chunks of `items` that differ from the cached ones.
fn update<T: Chunked>(cache: &mut Vec<Cached<T>>, items: &[T]) {
    let chunks = items.chunks(CHUNK);
    cache.truncate(chunks.len());
    for (index, chunk) in chunks.enumerate() {
        match cache.get_mut(index) {
            Some(cached) if cached.records.hold(chunk) => {}
            slot => {
                let json = T::write(chunk);
                let fresh = Cached {
                    records: Records::Known(chunk.to_vec()),
                    encoded: compress(&json),
                };
                match slot {
                    Some(cached) => *cached = fresh,
                    None => cache.push(fresh),
                }
            }
        }
    }
}

fn compress(json: &str) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), codec::LEVEL);
    let mut text = String::with_capacity(deflated.len() * 4 / 3 + 4);
    codec::base64_encode(&deflated, &mut text);
    text
}

/// Expands parts one after another into one output buffer, so reading a register of a few
/// hundred chunks neither allocates nor zero-fills an output buffer per chunk.
struct Expander {
    state: Box<DecompressorOxide>,
    buffer: Vec<u8>,
}

impl Expander {
    fn new() -> Self {
        Expander {
            state: Box::default(),
            buffer: Vec::new(),
        }
    }

    /// The JSON of one part: base64, then a raw DEFLATE stream, then UTF-8.
    fn expand(&mut self, part: &str) -> Result<&str, LoadError> {
        let damaged = |why: &str| LoadError::Malformed(format!("stored part is damaged: {why}"));
        let deflated = codec::base64_decode(part).ok_or_else(|| damaged("not base64"))?;
        self.state.init();
        let wanted = deflated
            .len()
            .saturating_mul(4)
            .clamp(1 << 12, MAX_PART_BYTES);
        if self.buffer.len() < wanted {
            self.buffer.resize(wanted, 0);
        }
        let mut input = deflated.as_slice();
        let mut written = 0;
        loop {
            // The whole buffer is the output window: the stream refers back into what it wrote.
            let (status, consumed, out) = decompress(
                &mut self.state,
                input,
                &mut self.buffer,
                written,
                TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
            );
            written += out;
            match status {
                TINFLStatus::Done => break,
                TINFLStatus::HasMoreOutput if self.buffer.len() < MAX_PART_BYTES => {
                    input = input.get(consumed..).unwrap_or_default();
                    let grown = self.buffer.len().saturating_mul(2).min(MAX_PART_BYTES);
                    self.buffer.resize(grown, 0);
                }
                status => return Err(damaged(&format!("{status:?}"))),
            }
        }
        let json = self.buffer.get(..written).unwrap_or_default();
        std::str::from_utf8(json).map_err(|_| damaged("not UTF-8"))
    }
}

/// The parts of a `kim-p1:` text, head first; `None` for any other text.
fn split(raw: &str) -> Option<Vec<&str>> {
    Some(raw.strip_prefix(PARTS_PREFIX)?.split('.').collect())
}

/// What [`load`] made of a text in parts.
pub enum Loaded {
    /// A document of the current schema version, read part by part.
    Current(Box<StoredDocument>),
    /// A document of another schema version, joined into one JSON document for the migration
    /// (or the refusal of a newer version).
    Joined(String),
}

/// Reads a text in parts (`None`: `raw` is not one). With `cache`, the chunks read are
/// remembered as encoded, unconfirmed ([`PartCache::confirm_next`]): once confirmed, a save
/// re-encodes only what changed.
pub fn load(raw: &str, cache: Option<&mut PartCache>) -> Option<Result<Loaded, LoadError>> {
    let parts = split(raw)?;
    Some(load_parts(&parts, cache))
}

/// The head of a text in parts, expanded, what it says of itself, and the chunks after it,
/// which must be as many as the head lists.
fn read_head<'a, 'b>(
    parts: &'b [&'a str],
    expander: &mut Expander,
) -> Result<(String, Probe, Counts, &'b [&'a str]), LoadError> {
    let (head, chunks) = parts
        .split_first()
        .ok_or_else(|| LoadError::Malformed("no head".into()))?;
    let head = expander.expand(head)?.to_owned();
    let probe: Probe = serde_json::from_str(&head).map_err(malformed)?;
    let counts = probe
        .parts
        .filter(|c| c.plausible())
        .ok_or_else(|| LoadError::Malformed("the head lists no plausible parts".into()))?;
    if counts.total_chunks() != chunks.len() {
        return Err(LoadError::Malformed(format!(
            "the head lists {} chunks, the text holds {}",
            counts.total_chunks(),
            chunks.len()
        )));
    }
    Ok((head, probe, counts, chunks))
}

fn load_parts(parts: &[&str], cache: Option<&mut PartCache>) -> Result<Loaded, LoadError> {
    let mut expander = Expander::new();
    let (head, probe, counts, chunks) = read_head(parts, &mut expander)?;
    let version = probe
        .schema_version
        .as_ref()
        .and_then(serde_json::Value::as_u64);
    if version.is_some_and(|v| v > u64::from(CURRENT_SCHEMA_VERSION)) {
        // Refused as newer by the schema's check; its lists may be in a form this version
        // does not know, and are not read.
        return Ok(Loaded::Joined(head));
    }
    if version != Some(u64::from(CURRENT_SCHEMA_VERSION)) {
        return join(&head, counts, chunks, &mut expander).map(Loaded::Joined);
    }
    let head: HeadIn = serde_json::from_str(&head).map_err(malformed)?;
    let [case_chunks, contact_chunks, visit_chunks] = counts.split(chunks);
    let mut fresh = PartCache::default();
    let e = &mut expander;
    let cases = match counts.case_form {
        // Rows of form 1 are rows of form 2 without sessions: read, and their chunks kept.
        CASES_AS_ROWS | CASES_WITH_SESSIONS => {
            read_list(case_chunks, counts.cases, &mut fresh.cases, e, Case::read)?
        }
        CASES_AS_OBJECTS => {
            // Written before the rows: the next save writes every chunk of cases anew, as
            // rows, which is the migration.
            let read = |json: &str| serde_json::from_str::<Vec<Case>>(json);
            let cases = read_list(case_chunks, counts.cases, &mut fresh.cases, e, read)?;
            fresh.cases.clear();
            cases
        }
        form => return Err(unknown_case_form(form)),
    };
    let contacts = read_list(
        contact_chunks,
        counts.contacts,
        &mut fresh.contacts,
        e,
        ShortContact::read,
    )?;
    let visits = read_list(
        visit_chunks,
        counts.visits,
        &mut fresh.visits,
        e,
        WelcomeVisit::read,
    )?;
    if let Some(cache) = cache {
        *cache = fresh;
    }
    Ok(Loaded::Current(Box::new(StoredDocument {
        schema_version: CURRENT_SCHEMA_VERSION,
        write_count: head.write_count,
        generation: head.generation,
        settings: head.settings,
        data: Dataset {
            rules: head.data.rules,
            cases,
            contacts,
            visits,
            yearly: head.data.yearly,
        },
    })))
}

/// JSON that does not read as what a part must hold.
fn malformed(error: serde_json::Error) -> LoadError {
    LoadError::Malformed(error.to_string())
}

fn unknown_case_form(form: u32) -> LoadError {
    LoadError::Malformed(format!("the cases are stored in an unknown form ({form})"))
}

/// Reads the chunks of one list with `read`: each must hold [`CHUNK`] records (the last one
/// the rest), so that a chunk read is the chunk a save compares with.
fn read_list<T>(
    chunks: &[&str],
    count: u64,
    cache: &mut Vec<Cached<T>>,
    expander: &mut Expander,
    read: impl Fn(&str) -> Result<Vec<T>, serde_json::Error>,
) -> Result<Vec<T>, LoadError> {
    // As many as the head says, at most as many as the chunks present can hold (a crafted
    // head claims no memory).
    let capacity = usize::try_from(count)
        .unwrap_or(usize::MAX)
        .min(chunks.len().saturating_mul(CHUNK));
    let mut items = Vec::with_capacity(capacity);
    for (index, part) in chunks.iter().enumerate() {
        let chunk = read(expander.expand(part)?).map_err(malformed)?;
        let expected = if index + 1 == chunks.len() {
            count.saturating_sub((index * CHUNK) as u64)
        } else {
            CHUNK as u64
        };
        if chunk.len() as u64 != expected {
            return Err(LoadError::Malformed(format!(
                "a stored chunk holds {} records instead of {expected}",
                chunk.len()
            )));
        }
        items.extend(chunk);
        cache.push(Cached {
            records: Records::Unconfirmed,
            encoded: (*part).to_owned(),
        });
    }
    Ok(items)
}

/// The parts joined into one JSON document: the head's `data` with the lists put back.
fn join(
    head: &str,
    counts: Counts,
    chunks: &[&str],
    expander: &mut Expander,
) -> Result<String, LoadError> {
    let mut value: serde_json::Value = serde_json::from_str(head).map_err(malformed)?;
    let object = value
        .as_object_mut()
        .ok_or_else(|| LoadError::Malformed("the head is not an object".into()))?;
    object.remove("parts");
    let data = object
        .entry("data")
        .or_insert_with(|| serde_json::Value::Object(Default::default()))
        .as_object_mut()
        .ok_or_else(|| LoadError::Malformed("the head's data is not an object".into()))?;
    for (name, list) in ["cases", "contacts", "visits"]
        .into_iter()
        .zip(counts.split(chunks))
    {
        let mut all = Vec::new();
        for part in list {
            let json = expander.expand(part)?;
            let chunk: Vec<serde_json::Value> = match (name, counts.case_form) {
                // Rows back into the objects every version reads (through their text: the
                // objects' serialiser for text is in the build already).
                ("cases", CASES_AS_ROWS | CASES_WITH_SESSIONS) => {
                    let cases = case_rows::read(json).map_err(malformed)?;
                    serde_json::from_str(&serde_json::to_string(&cases).map_err(malformed)?)
                }
                ("cases", CASES_AS_OBJECTS) | ("contacts" | "visits", _) => {
                    serde_json::from_str(json)
                }
                (_, form) => return Err(unknown_case_form(form)),
            }
            .map_err(malformed)?;
            all.extend(chunk);
        }
        data.insert(name.into(), serde_json::Value::Array(all));
    }
    Ok(value.to_string())
}

/// The document's JSON for a person to read (the raw-data download): a text in parts joined,
/// any other text as [`codec::decode`] reads it.
pub fn readable(raw: &str) -> Option<String> {
    let parts = split(raw)?;
    let mut expander = Expander::new();
    let (head, _, counts, chunks) = read_head(&parts, &mut expander).ok()?;
    join(&head, counts, chunks, &mut expander).ok()
}

/// The first byte of a sealed payload that holds a text in parts: then the parts' compressed
/// bytes follow, each behind its length (4 bytes, little-endian), so a sealed register is not
/// base64-encoded twice.
pub const SEALED_PARTS: u8 = 0x02;

/// A text in parts as a sealed payload ([`SEALED_PARTS`]); `None` for any other text.
pub fn to_sealed_payload(raw: &str) -> Option<Vec<u8>> {
    let parts = split(raw)?;
    let mut payload = Vec::with_capacity(raw.len() * 3 / 4 + 1);
    payload.push(SEALED_PARTS);
    for part in parts {
        let bytes = codec::base64_decode(part)?;
        let length = u32::try_from(bytes.len()).ok()?;
        payload.extend_from_slice(&length.to_le_bytes());
        payload.extend_from_slice(&bytes);
    }
    Some(payload)
}

/// [`to_sealed_payload`] reversed (`bytes` after the marker byte); `None` when damaged.
pub fn from_sealed_payload(mut bytes: &[u8]) -> Option<String> {
    let mut text = String::with_capacity(PARTS_PREFIX.len() + bytes.len() * 4 / 3 + 8);
    text.push_str(PARTS_PREFIX);
    let mut first = true;
    while !bytes.is_empty() {
        let (length, rest) = bytes.split_first_chunk::<4>()?;
        let length = usize::try_from(u32::from_le_bytes(*length)).ok()?;
        if rest.len() < length {
            return None;
        }
        let (part, rest) = rest.split_at(length);
        if !first {
            text.push('.');
        }
        first = false;
        codec::base64_encode(part, &mut text);
        bytes = rest;
    }
    (!first).then_some(text)
}

#[cfg(test)]
mod tests;
