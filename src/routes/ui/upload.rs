//! A form that may carry a card image: sent as `multipart/form-data` by the pages that have a
//! file field (a link's edit page, the share kit, a campaign's settings), or urlencoded by
//! anything else (the fields alone); and the image it carried, checked and stored.

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::PageError;
use super::forms::Pairs;
use crate::db::Db;
use crate::error::Error;
use crate::links::media;

/// The form field of the card image.
const IMAGE_FIELD: &str = "card_image";

/// The fields of a form, and the bytes of its card image when one was chosen.
pub struct FileForm {
    pub fields: Pairs,
    pub image: Option<Vec<u8>>,
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
            Some(bytes) => match media::store(db, bytes).await {
                Ok(image) => {
                    let reference = image.reference.clone();
                    (Some(image), Ok(Some(reference)))
                }
                Err(refusal) => (None, Err(refusal)),
            },
            None => (None, Ok(None)),
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
                image: None,
            });
        }
        let mut form = Multipart::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut fields = Vec::new();
        let mut image = None;
        while let Some(field) = form
            .next_field()
            .await
            .map_err(IntoResponse::into_response)?
        {
            let name = field.name().unwrap_or_default().to_owned();
            if field.file_name().is_some() {
                let bytes = field.bytes().await.map_err(IntoResponse::into_response)?;
                // A file field left empty still comes, with no bytes.
                if name == IMAGE_FIELD && !bytes.is_empty() {
                    image = Some(bytes.to_vec());
                }
            } else {
                let value = field.text().await.map_err(IntoResponse::into_response)?;
                fields.push((name, value));
            }
        }
        Ok(FileForm {
            fields: Pairs(fields),
            image,
        })
    }
}
