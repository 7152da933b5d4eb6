//! Closed choices on the command line: clap `ValueEnum`s built from the spellings each type
//! states once ([`Named`]), parsed by [`Choice`]; an unknown value is a usage error (exit code
//! 2) that lists what is available.

use std::ffi::OsStr;
use std::marker::PhantomData;

use clap::ValueEnum;
use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;

use crate::pipeline::commands::MappingsFormat;
use crate::pipeline::{Appendices, BacklogFormat, Format, Gate, PdfStandard, RequestsFormat};
use crate::textfmt::Named;

/// clap's `ValueEnum` for each closed choice, from the spellings its type states once
/// ([`Named`]): the library's types stay free of clap, and their names live in one place.
macro_rules! value_enum {
    ($($t:ty),*) => {$(
        impl clap::ValueEnum for $t {
            fn value_variants<'a>() -> &'a [Self] {
                <$t as Named>::VARIANTS
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.name()).aliases(self.aliases().iter().copied()))
            }
        }
    )*};
}

value_enum!(
    Format,
    PdfStandard,
    Appendices,
    BacklogFormat,
    Gate,
    RequestsFormat,
    MappingsFormat
);

/// Parses one value of a closed set with its `ValueEnum`: a name or alias, in any case, spaces
/// around ignored. Help texts list the names as possible values; an unknown value is a usage
/// error that lists them too, in the words the tests and scripts already know.
#[derive(Clone)]
pub(crate) struct Choice<T> {
    /// What a value is called in errors ("format", "gate" …); `None`: the error reads
    /// `--flag "value" is not one of: …`.
    what: Option<&'static str>,
    kind: PhantomData<fn() -> T>,
}

impl<T> Choice<T> {
    /// A parser whose errors read `unknown <what> "value" for --flag; available: …`.
    pub(crate) fn new(what: &'static str) -> Self {
        Choice {
            what: Some(what),
            kind: PhantomData,
        }
    }

    /// A parser whose errors read `--flag "value" is not one of: …`.
    pub(crate) fn not_one_of() -> Self {
        Choice {
            what: None,
            kind: PhantomData,
        }
    }

    /// The same parser, taking an empty value (`--fail-on ""`, a trailing comma) as none.
    pub(crate) fn or_empty(self) -> OrEmpty<T> {
        OrEmpty(self)
    }
}

impl<T: ValueEnum + Named + Send + Sync> TypedValueParser for Choice<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> std::result::Result<T, clap::Error> {
        let s = value.to_string_lossy();
        let flag = arg.and_then(|a| a.get_long()).unwrap_or("value");
        T::from_str(s.trim(), true).map_err(|_| {
            let message = match self.what {
                Some(what) => format!(
                    "unknown {what} \"{s}\" for --{flag}; available: {}\n",
                    T::names()
                ),
                None => format!("--{flag} \"{s}\" is not one of: {}\n", T::names()),
            };
            clap::Error::raw(ErrorKind::InvalidValue, message).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            T::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// A [`Choice`] that takes an empty value as none.
#[derive(Clone)]
pub(crate) struct OrEmpty<T>(Choice<T>);

impl<T: ValueEnum + Named + Send + Sync> TypedValueParser for OrEmpty<T> {
    type Value = Option<T>;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> std::result::Result<Option<T>, clap::Error> {
        if value.to_string_lossy().trim().is_empty() {
            return Ok(None);
        }
        self.0.parse_ref(cmd, arg, value).map(Some)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        self.0.possible_values()
    }
}
