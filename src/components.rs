//! The pieces an entry rates with, shared by the rating pages, 我的评价 and
//! 一件事, and the pad: what is rated ([`info`]), and the rating form
//! ([`rating_form`] with [`stars`], [`tags`], [`remark`], consult online's
//! [`pick`], and [`result`] once it is sent). The pad's own form shows the
//! same stars, tags and remark.

pub mod info;
pub mod pick;
pub mod rating_form;
pub mod remark;
pub mod result;
pub mod stars;
pub mod tags;
