//! The pure core: the model and its vocabulary (rule codes, diagnostics,
//! quarters, refs), text helpers, the configuration, YAML, parsing one file,
//! editing one value, the project as data (`snapshot`), all objectives
//! together (`workspace`) and scores. No I/O: values in, values out.

pub mod codes;
pub mod config;
pub mod diagnostic;
pub mod edit;
pub mod error;
pub mod escape;
pub mod model;
pub mod parse;
pub mod quarter;
pub mod refs;
pub mod score;
pub mod snapshot;
pub mod style;
pub mod suggest;
pub mod templates;
pub mod text;
pub mod workspace;
pub mod yaml;
