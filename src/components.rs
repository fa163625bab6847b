//! The building blocks of the rating pages.

pub mod frame;
pub mod hall_picker;
pub mod info;
pub mod rating_form;
pub mod remark;
pub mod result;
pub mod stars;
pub mod tags;
