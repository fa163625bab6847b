//! Who rates: login tickets and the evaluator they make, signed page links (offLine=1 hall links), the signed forms of the hall system's and directory's calls, and their one-use nonces.

pub mod evaluator;
pub mod nonces;
pub mod page_links;
pub mod signed_form;
pub mod ticket;

#[cfg(all(test, feature = "sandbox"))]
mod tests;
