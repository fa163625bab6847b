//! What a 我的评价 link opens, parsed: the page its views read from (their
//! appCode and channel).

use hcp_protocol::my::MyParams;

/// A 我的评价 link, parsed.
pub struct MyPage {
    /// Its appCode and channel.
    pub params: MyParams,
}
