//! Card images uploaded in the web UI: what an image is, read from its bytes (never from its
//! name or the type the browser claimed), and the name it is stored and served under.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::options::{MEDIA_PREFIX, PreviewCard};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;

/// Largest image accepted: chat apps fetch cards of a few hundred kilobytes at most.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// An image that passed the checks, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Hex digest of the bytes and the extension: `3f2a….png`. The same image uploaded twice
    /// is stored once.
    pub id: String,
    pub content_type: &'static str,
}

/// The refusal of an image over [`MAX_BYTES`].
pub fn too_large() -> Message {
    let megabytes = MAX_BYTES / 1024 / 1024;
    Message::new("refusal-image-too-large").with("max", megabytes.to_string())
}

/// Checks an upload: PNG, JPEG or WebP by its first bytes, at most [`MAX_BYTES`].
pub fn check(bytes: &[u8]) -> Result<Image, Message> {
    if bytes.is_empty() {
        return Err(Message::new("refusal-image-empty"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(too_large());
    }
    let (content_type, extension) =
        kind(bytes).ok_or_else(|| Message::new("refusal-image-kind"))?;
    let digest = Sha256::digest(bytes);
    Ok(Image {
        id: format!("{}.{extension}", hex::encode(&digest[..16])),
        content_type,
    })
}

/// An image a form stored: the reference a card keeps, and whether this upload added it.
#[derive(Debug)]
pub struct Stored {
    /// `media:{id}`.
    pub reference: String,
    id: String,
    /// The image was not there before (the same bytes uploaded before are one image).
    new: bool,
}

impl Stored {
    /// Once the form is answered: removes the image if this upload added it and no card names
    /// it now, so that a form refused after the image was stored, or a card that kept an
    /// image of its own, leaves nothing behind. `named`: the form was saved with a card that
    /// names the image, which then stays with nothing to look up (the look-up scans every
    /// link's options). An image uploaded before is left alone, as a card may name it.
    pub async fn release(self, db: &Db, named: bool) {
        if self.new && !named {
            remove_unused(db, &self.id).await;
        }
    }
}

/// Removes the uploaded image the card `before` named when the card `after` names it no more
/// and no other card does: a card that changes or drops its image leaves none behind.
pub async fn forget_replaced(db: &Db, before: Option<&PreviewCard>, after: Option<&PreviewCard>) {
    let old = before.and_then(|card| card.image.as_deref());
    let new = after.and_then(|card| card.image.as_deref());
    if let Some(id) = old.and_then(|image| image.strip_prefix(MEDIA_PREFIX))
        && new != old
    {
        remove_unused(db, id).await;
    }
}

/// Removes the uploaded images the cards of deleted links or campaigns named, each looked for
/// once (a campaign's links share its card), when no card left names it.
pub async fn forget_deleted<'a>(db: &Db, cards: impl IntoIterator<Item = &'a PreviewCard>) {
    let ids: BTreeSet<&str> = cards
        .into_iter()
        .filter_map(|card| card.image.as_deref()?.strip_prefix(MEDIA_PREFIX))
        .collect();
    for id in ids {
        remove_unused(db, id).await;
    }
}

/// Deletes the image `id` unless a card names it. A failure is logged and left: it costs the
/// space of one image, never the answer of the change that let it go.
async fn remove_unused(db: &Db, id: &str) {
    if let Err(error) = db.delete_unused_media(id).await {
        tracing::warn!(%error, %id, "an unused uploaded image could not be removed");
    }
}

/// Checks and stores an upload.
pub async fn store(db: &Db, bytes: &[u8]) -> Result<Stored, Error> {
    let image = check(bytes).map_err(Error::invalid)?;
    let new = db
        .insert_media(&image.id, image.content_type, bytes, now_ms())
        .await?;
    Ok(Stored {
        reference: format!("{MEDIA_PREFIX}{}", image.id),
        id: image.id,
        new,
    })
}

/// The type of an image by its signature.
fn kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(PNG) {
        return Some(("image/png", "png"));
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(("image/jpeg", "jpg"));
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(("image/webp", "webp"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_bytes() {
        let png = check(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
        assert_eq!(png.content_type, "image/png");
        assert!(
            png.id.ends_with(".png") && png.id.len() == 32 + 4,
            "{}",
            png.id
        );
        assert!(crate::links::options::input::is_media_id(&png.id));
        assert_eq!(
            check(b"\xFF\xD8\xFF\xE0\0\x10JFIF").unwrap().content_type,
            "image/jpeg"
        );
        assert_eq!(
            check(b"RIFF\x24\0\0\0WEBPVP8 ").unwrap().content_type,
            "image/webp"
        );
        // The same bytes, the same name.
        assert_eq!(
            check(b"\xFF\xD8\xFF\xE1").unwrap().id,
            check(b"\xFF\xD8\xFF\xE1").unwrap().id
        );
    }

    #[test]
    fn anything_else_is_refused_whatever_its_name() {
        for bytes in [
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"[..],
            b"<html><script>alert(1)</script>",
            b"GIF89a\x01\0\x01\0",
            b"RIFF\x24\0\0\0WAVEfmt ",
            b"\x89PNG",
        ] {
            assert!(
                check(bytes)
                    .unwrap_err()
                    .english()
                    .contains("PNG, JPEG or WebP"),
                "{bytes:?}"
            );
        }
        assert!(check(b"").unwrap_err().english().contains("empty"));
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_BYTES + 1, 0);
        assert!(
            check(&big)
                .unwrap_err()
                .english()
                .contains("larger than 2 MB")
        );
        big.truncate(MAX_BYTES);
        assert!(check(&big).is_ok(), "exactly 2 MB");
    }
}
