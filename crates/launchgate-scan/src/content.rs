//! Deciding what a file's bytes are before scanning them: text as is, UTF-16 (with a byte order
//! mark, as Windows tools write `.env` and `.ps1` files) decoded to UTF-8, binary skipped.

use std::borrow::Cow;

/// Bytes inspected for a NUL to decide that a file is binary (as git does).
const BINARY_SNIFF: usize = 8000;

/// What to do with a buffer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Content<'a> {
    /// Scan these bytes.
    Text(Cow<'a, [u8]>),
    /// Do not scan: a NUL in the first few kilobytes.
    Binary,
}

/// Classifies `buf`, decoding UTF-16 when it starts with a byte order mark.
pub(crate) fn classify(buf: &[u8]) -> Content<'_> {
    let utf16 = match buf {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    if let Some((rest, unit)) = utf16 {
        let units = rest.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        let text: String = char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        return Content::Text(Cow::Owned(text.into_bytes()));
    }
    if memchr::memchr(0, &buf[..buf.len().min(BINARY_SNIFF)]).is_some() {
        Content::Binary
    } else {
        Content::Text(Cow::Borrowed(buf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_a_bom_is_decoded_and_nul_means_binary() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("KEY=é\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(classify(&le), Content::Text(Cow::Owned("KEY=é\n".into())));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("A".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(classify(&be), Content::Text(Cow::Owned("A".into())));
        assert_eq!(classify(b"PNG\0\x01"), Content::Binary);
        assert_eq!(classify(b"plain"), Content::Text(Cow::Borrowed(b"plain")));
    }
}
