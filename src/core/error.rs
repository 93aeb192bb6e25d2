//! Errors that stop a command (exit code 2): usage, I/O, git, configuration.

use crate::core::diagnostic::Diagnostic;
use std::fmt;

#[derive(Debug)]
pub struct Fatal {
    pub message: String,
    /// A positioned problem to render with its source line (e.g. in okr.toml).
    pub diagnostic: Option<Box<(Diagnostic, String)>>,
}

impl Fatal {
    pub fn new(message: impl Into<String>) -> Fatal {
        Fatal { message: message.into(), diagnostic: None }
    }

    /// A positioned error with the text of the file it is in.
    pub fn at(diagnostic: Diagnostic, source: String) -> Fatal {
        Fatal { message: diagnostic.message.clone(), diagnostic: Some(Box::new((diagnostic, source))) }
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.diagnostic {
            Some(b) => match (&b.0.file, b.0.pos) {
                (Some(file), Some(pos)) => write!(f, "{file}:{pos}: {}", self.message),
                _ => f.write_str(&self.message),
            },
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Fatal {}

impl From<std::io::Error> for Fatal {
    fn from(e: std::io::Error) -> Fatal {
        Fatal::new(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Fatal>;
