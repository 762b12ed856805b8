//! Command-line values that are the library's own enums (job, import kind, SMTP security):
//! parsed with the library's spelling, listed in `--help`, so that the library needs no clap.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use std::ffi::OsStr;

/// One of `all`, written as `name` gives it (or as `parse` accepts it: `weekly-digest`).
#[derive(Clone, Copy)]
pub struct Choice<T: 'static> {
    all: &'static [T],
    name: fn(T) -> &'static str,
    parse: fn(&str) -> Option<T>,
}

/// The parser for one of `all`.
pub fn one_of<T: Copy>(all: &'static [T], name: fn(T) -> &'static str, parse: fn(&str) -> Option<T>) -> Choice<T> {
    Choice { all, name, parse }
}

impl<T: Copy + Send + Sync + 'static> TypedValueParser for Choice<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        if let Some(found) = value.to_str().and_then(self.parse) {
            return Ok(found);
        }
        // Not one of them: clap's own message, listing the values.
        let names: Vec<&'static str> = self.all.iter().map(|v| (self.name)(*v)).collect();
        PossibleValuesParser::new(names).parse_ref(cmd, arg, value)?;
        Err(clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.all.iter().map(|v| PossibleValue::new((self.name)(*v)))))
    }
}
