//! Files the app stores for studios: session type covers, under the media folder that the
//! server publishes at `/media/`.

use crate::server::tokens::random_token;
use domain::session_type::{CoverImage, ImageFormat};
use std::path::PathBuf;
use store::StudioId;

#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    pub const URL_PREFIX: &'static str = "/media/";

    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    /// Where students' browsers load a cover from.
    pub fn url_of(cover: &CoverImage) -> String {
        format!("{}{}", Self::URL_PREFIX, cover.as_str())
    }

    fn owner_prefix(studio_id: StudioId) -> String {
        format!("covers/{studio_id}-")
    }

    /// Stores an already checked image under a fresh name that carries the studio's id.
    pub async fn save_cover(
        &self,
        studio_id: StudioId,
        format: ImageFormat,
        bytes: &[u8],
    ) -> Result<CoverImage, std::io::Error> {
        let name = format!(
            "{}{}.{}",
            Self::owner_prefix(studio_id),
            random_token(),
            format.extension()
        );
        let cover = CoverImage::parse("cover_image", &name)
            .map_err(|error| std::io::Error::other(error.message))?;
        let path = self.root.join(cover.as_str());
        if let Some(folder) = path.parent() {
            tokio::fs::create_dir_all(folder).await?;
        }
        tokio::fs::write(&path, bytes).await?;
        Ok(cover)
    }

    /// Whether the cover is a stored file that this studio uploaded.
    pub async fn is_cover_of(&self, studio_id: StudioId, cover: &CoverImage) -> bool {
        cover.as_str().starts_with(&Self::owner_prefix(studio_id))
            && tokio::fs::try_exists(self.root.join(cover.as_str()))
                .await
                .unwrap_or(false)
    }
}
