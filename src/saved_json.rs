//! A JSON file a user saved by hand from an API (a forge's responses,
//! Graph or Google pages): read with a size cap, and as UTF-8 whatever
//! the saving shell wrote. Windows PowerShell 5.1's `>` writes UTF-16
//! with a byte-order mark, `Out-File` and many editors a UTF-8 one.

use crate::Warning;
use anyhow::{anyhow, bail, Result};
use std::io::Read;

/// The file at `path` as UTF-8 bytes: refused above `max_bytes`; a UTF-8
/// byte-order mark dropped; UTF-16 (with its mark) converted; anything
/// else not UTF-8 read as Latin-1 with a warning.
pub fn read(path: &str, max_bytes: u64, warnings: &mut Vec<Warning>) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| anyhow!("cannot read '{path}': {e}"))?;
    let mut bytes = Vec::new();
    (file.take(max_bytes + 1).read_to_end(&mut bytes))
        .map_err(|e| anyhow!("cannot read '{path}': {e}"))?;
    if bytes.len() as u64 > max_bytes {
        bail!(
            "'{path}' is larger than {} MB; save fewer weeks per file",
            max_bytes / (1024 * 1024)
        );
    }
    Ok(crate::calendar::decode_text(bytes, path, warnings).into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_marks_and_utf16_read_as_the_same_text() {
        let dir = tempfile::tempdir().unwrap();
        let text = r#"{"value":[{"subject":"Café"}]}"#;
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for (name, bytes) in [("le", le), ("be", be), ("bom", bom)] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let mut warnings = Vec::new();
            let read = read(path.to_str().unwrap(), 1024, &mut warnings).unwrap();
            assert_eq!(String::from_utf8(read).unwrap(), text, "{name}");
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
        }
    }
}
