//! The HTTP layer: the router and its middleware, the widget's pages and files, the widget's API, the hall system's calls, the window card, the pads' connection, 我的评价, health and metrics.

pub mod card;
pub mod directory_push;
pub mod hall_calls;
pub mod html;
pub mod middleware;
pub mod my;
pub mod my_records;
pub mod onething;
pub mod ops;
pub mod pad;
pub mod refused_page;
pub mod router;
pub mod static_files;
pub mod submit;
pub mod tags_halls;
pub mod widget;
