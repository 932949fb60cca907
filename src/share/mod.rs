//! Share files (`twohats-share/v1`): one manager's week figures and nothing
//! else, written by `twohats share` on the manager's own machine and read
//! by a director's report (`docs/model.md`, "Shared figures").
//!
//! - [`write`]: figures → a share. It holds the manager's name, reports,
//!   zone and group, and per week the `twohats/v1` week keys without a
//!   verdict. Never a title, description, location, attendee, UID, file
//!   path, URL, repository path, commit hash or warning text: warnings are
//!   counted per kind, from a fixed list of kinds.
//! - [`read`]: a share from someone else is untrusted input. Every file is
//!   checked whole (schema, types, hours that add up, weeks that fit in a
//!   week) before any of it is used; an error is one line naming the file
//!   and the JSON path.
//!
//! Hours are written to 4 decimals: 0.0001 h is 0.36 s, so reading them
//! back to whole seconds gives exactly the seconds counted, and a director
//! decides the same verdicts as the manager's own report.

pub mod read;
pub mod write;

pub use read::{read_manager, SharedManager};
pub use write::render;

/// The value of `schema`.
pub const SCHEMA: &str = "twohats-share/v1";

/// The largest share file read: 2,000 weeks of figures fit in a few
/// megabytes, so anything near this is not a share.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Decimals of the hours in a share (whole seconds survive the round trip).
pub const HOUR_DECIMALS: i32 = 4;
