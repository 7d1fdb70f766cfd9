//! Case folding for what people type here: ASCII and the German letters.
//!
//! Size, measured: `str::to_uppercase` and `char::to_lowercase` bring the standard library's
//! Unicode case tables into the wasm, 23 KB (about 10 KB compressed), for two uses: the
//! confirmation word before deleting everything (*LÖSCHEN*) and names in file names. Both only
//! ever meet German text. Decision: letters outside ASCII and ä, ö, ü (and ß, which has no
//! single upper-case letter in use) keep their case.

/// `c` in upper case, for ASCII letters and ä, ö, ü; any other character as it is.
pub fn upper(c: char) -> char {
    match c {
        'ä' => 'Ä',
        'ö' => 'Ö',
        'ü' => 'Ü',
        c => c.to_ascii_uppercase(),
    }
}

/// `c` in lower case, for ASCII letters, Ä, Ö, Ü and the capital ẞ; any other character as it
/// is.
pub fn lower(c: char) -> char {
    match c {
        'Ä' => 'ä',
        'Ö' => 'ö',
        'Ü' => 'ü',
        'ẞ' => 'ß',
        c => c.to_ascii_lowercase(),
    }
}

/// Whether `typed` is `word` in any case (of [`upper`]), spaces around it ignored.
pub fn same_word(typed: &str, word: &str) -> bool {
    typed.trim().chars().map(upper).eq(word.chars().map(upper))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_letters_fold_like_the_unicode_tables() {
        for c in ('\0'..='\u{7f}').chain("äöüÄÖÜß".chars()) {
            assert_eq!(
                upper(c).to_string(),
                c.to_uppercase().to_string().replace("SS", "ß")
            );
            assert_eq!(lower(c).to_string(), c.to_lowercase().to_string());
        }
        assert_eq!(lower('ẞ'), 'ß');
    }

    #[test]
    fn the_confirmation_word_is_recognised_in_any_case() {
        for typed in ["LÖSCHEN", "löschen", "  Löschen ", "lÖsChEn"] {
            assert!(same_word(typed, "LÖSCHEN"), "{typed}");
        }
        for typed in ["LOESCHEN", "LÖSCHE", "LÖSCHEN!", "", "L ÖSCHEN"] {
            assert!(!same_word(typed, "LÖSCHEN"), "{typed}");
        }
    }
}
