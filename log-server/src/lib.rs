//! pcc-consent-log: the receiving end of the banner's `data-log-url`. It validates each
//! consent record with the banner's own core rules, stores it once in a hash chain
//! (SQLite by default, PostgreSQL at scale), and gives a DPO `find`, `export`, `purge`,
//! `stats` and `verify`, on the command line and as token-protected HTTP routes.
//!
//! Data flows one way: `http` (the one router) → `wire` (validation) → `writer` (group
//! commit) → `store` (SQL, chain head) using `chain` (hashes); `admin` (handlers mounted
//! by `http`) and the CLI read through `store` and format with `report`. Every failure
//! is an [`error::Error`]. No module stores an IP address or sets a cookie.

pub mod admin;
pub mod chain;
pub mod error;
pub mod http;
pub mod report;
pub mod store;
pub mod wire;
pub mod writer;
