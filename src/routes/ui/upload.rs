//! A form that may carry a card image: sent as `multipart/form-data` by the pages that have a
//! file field (a link's edit page, the share kit, a campaign's settings), or urlencoded by
//! anything else (the fields alone); and the image it carried, checked and stored.

use axum::Form;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::PageError;
use super::forms::Pairs;
use crate::db::Db;
use crate::error::Error;
use crate::links::media;

/// The form field of the card image.
const IMAGE_FIELD: &str = "card_image";

/// Largest body of a form that may carry a card image. Far above the image's own limit
/// ([`media::MAX_BYTES`]): a phone's photo of several megabytes is read through and refused
/// with the form's fields kept, as any other mistake in the form, rather than cut off before
/// the handler with nothing kept. Past the image's limit its bytes are dropped as they come.
pub const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// The fields of a form, and the card image it carried.
pub struct FileForm {
    pub fields: Pairs,
    image: Sent,
}

/// The card image a form carried.
enum Sent {
    /// None chosen (an empty file field).
    Nothing,
    Image(Vec<u8>),
    /// Larger than [`media::MAX_BYTES`]: refused, its bytes not kept.
    TooLarge,
}

/// A form's answer, and whether the card it saved names the image sent with it.
pub enum Answer {
    /// Saved, with a card that names the image sent (if any): the image stays.
    Named(Response),
    /// Refused, or saved with a card that kept an image of its own: an image the form added
    /// goes, unless a card names it.
    Unnamed(Response),
}

impl FileForm {
    /// Whether a card image was chosen, kept or refused: a form refused for any reason then
    /// says the image was not kept, to be chosen again.
    pub fn sent_image(&self) -> bool {
        !matches!(self.image, Sent::Nothing)
    }

    /// Answers the form with `work`, given the image sent checked and stored
    /// ([`media::store`]): its reference (`media:{id}`; `None` when none was chosen), or its
    /// refusal (an [`Error::Invalid`] saying what is wrong with it). Once answered, the image
    /// is [released](media::Stored::release) as the answer says: a refused form keeps none.
    pub async fn answer(
        &self,
        db: &Db,
        work: impl AsyncFnOnce(Result<Option<String>, Error>) -> Result<Answer, PageError>,
    ) -> Result<Response, PageError> {
        let (image, reference) = match &self.image {
            Sent::Image(bytes) => match media::store(db, bytes).await {
                Ok(image) => {
                    let reference = image.reference.clone();
                    (Some(image), Ok(Some(reference)))
                }
                Err(refusal) => (None, Err(refusal)),
            },
            Sent::TooLarge => (None, Err(Error::invalid(media::too_large()))),
            Sent::Nothing => (None, Ok(None)),
        };
        let answer = work(reference).await;
        if let Some(image) = image {
            image
                .release(db, matches!(answer, Ok(Answer::Named(_))))
                .await;
        }
        answer.map(|(Answer::Named(response) | Answer::Unnamed(response))| response)
    }
}

impl<S: Send + Sync> FromRequest<S> for FileForm {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let multipart = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("multipart/form-data"));
        if !multipart {
            let Form(pairs) = Form::<Vec<(String, String)>>::from_request(request, state)
                .await
                .map_err(IntoResponse::into_response)?;
            return Ok(FileForm {
                fields: Pairs(pairs),
                image: Sent::Nothing,
            });
        }
        let mut form = Multipart::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut fields = Vec::new();
        let mut image = Sent::Nothing;
        while let Some(mut field) = form.next_field().await.map_err(refused)? {
            let name = field.name().unwrap_or_default().to_owned();
            if field.file_name().is_some() {
                // Read through, so that the fields after it come too; only an image within
                // its limit is kept.
                let (mut bytes, mut too_large) = (Vec::new(), false);
                while let Some(chunk) = field.chunk().await.map_err(refused)? {
                    too_large |= bytes.len() + chunk.len() > media::MAX_BYTES;
                    if too_large {
                        bytes = Vec::new();
                    } else {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                // A file field left empty still comes, with no bytes.
                if name == IMAGE_FIELD && too_large {
                    image = Sent::TooLarge;
                } else if name == IMAGE_FIELD && !bytes.is_empty() {
                    image = Sent::Image(bytes);
                }
            } else {
                let value = field.text().await.map_err(refused)?;
                fields.push((name, value));
            }
        }
        Ok(FileForm {
            fields: Pairs(fields),
            image,
        })
    }
}

/// A form the server could not read: past [`BODY_LIMIT`], a page that says so in the
/// visitor's language (nothing of the form was kept); anything else as axum words it.
fn refused(err: MultipartError) -> Response {
    if err.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return err.into_response();
    }
    let most = (BODY_LIMIT / 1024 / 1024).to_string();
    let image = (media::MAX_BYTES / 1024 / 1024).to_string();
    let text = crate::i18n::t2("error-form-too-large-text", "most", most, "image", image);
    PageError::refused(StatusCode::PAYLOAD_TOO_LARGE, "error-form-too-large", text).into_response()
}
