//! The demo article: an Arabic news page written for khulasa (a made-up
//! story, not taken from any site), loaded into an empty store so that the
//! first `khulasa serve` shows a real reader page.

use crate::state::{AppState, ServerError};
use crate::work::Source;
use khulasa_core::Length;
use khulasa_pipeline::Input;
use khulasa_store::{ArticleId, Page};

/// The demo page's HTML, as a news site would serve it (menus, share bar,
/// font and listen widgets included: extraction must see past them).
pub const DEMO_HTML: &str = include_str!("../assets/demo-article.html");

/// Where the demo page claims to live (a reserved example domain).
pub const DEMO_URL: &str = "https://news.example/economy/2025/03/13/solar-desalination";

/// Where this server serves the demo photo.
pub const DEMO_PHOTO: &str = "/assets/demo-photo.svg";

/// Loads the demo article when the store holds no article yet: extracts it
/// from [`DEMO_HTML`], summarises and stores it. Returns its id when it was
/// loaded, `None` when the store already had articles.
pub async fn load_demo_if_empty(state: &AppState) -> Result<Option<ArticleId>, ServerError> {
    let demo = |e: crate::error::ApiError| ServerError::Demo(e.message);
    let latest = state
        .store_call(|s| s.latest(Page::new(1, 1)))
        .await
        .map_err(demo)?;
    if latest.total > 0 {
        return Ok(None);
    }
    let mut article = state
        .article_from(Source::Given(Input::Html {
            html: DEMO_HTML.as_bytes().to_vec(),
            charset: None,
            url: Some(DEMO_URL.to_string()),
            title: None,
        }))
        .await
        .map_err(demo)?;
    // The page's photo is served by this server (news.example is not real).
    if let Some(img) = article.lead_image.as_mut() {
        img.src = Some(DEMO_PHOTO.to_string());
    }
    let (put, _) = state
        .store_article(
            article,
            // Not fetched: its URL is a label, and must not displace a
            // real article stored under it.
            khulasa_pipeline::UrlRole::Claimed,
            Length::default(),
            None,
        )
        .await
        .map_err(demo)?;
    Ok(Some(put.id))
}
