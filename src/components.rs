//! The pieces of the rating pages: what is rated ([`info`], [`hall_picker`]),
//! and the form ([`rating_form`] with [`stars`], [`tags`], [`remark`], and
//! [`result`] once it is sent).

pub mod hall_picker;
pub mod info;
pub mod rating_form;
pub mod remark;
pub mod result;
pub mod stars;
pub mod tags;
