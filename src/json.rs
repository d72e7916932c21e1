//! JSON for numbers that may be NaN or infinite.
//!
//! JSON has no NaN and no infinity, and `serde_json` quietly writes them as
//! `null`, which a reader cannot tell from "no value". Everything this crate
//! prints as JSON (the command line's `--json`, the explorer's API) uses
//! one convention instead, written here once:
//!
//! | number | JSON |
//! |---|---|
//! | finite | a JSON number (the shortest form that reads back exactly) |
//! | NaN | the string `"NaN"` |
//! | +∞ | the string `"inf"` |
//! | -∞ | the string `"-inf"` |
//!
//! [`to_value`], [`to_string_pretty`] and [`to_writer_pretty`] serialize any
//! `Serialize` type that way (every `f64` and `f32` inside it, however
//! deeply nested); [`number`] converts one float for `serde_json::json!`;
//! [`number_from`] reads either form back.
//!
//! ```
//! use scalargrad::json;
//!
//! let history = vec![0.5, f64::NAN, f64::INFINITY];
//! assert_eq!(json::to_value(&history).to_string(), r#"[0.5,"NaN","inf"]"#);
//! assert_eq!(
//!     serde_json::json!({ "grad": json::number(f64::NEG_INFINITY) }).to_string(),
//!     r#"{"grad":"-inf"}"#
//! );
//! assert!(json::number_from(&json::number(f64::NAN)).unwrap().is_nan());
//! assert_eq!(json::number_from(&serde_json::json!(2.5)), Some(2.5));
//! ```

use std::io;

use serde::ser::{self, Serialize, Serializer};
use serde_json::Value as Json;

/// The string standing for a non-finite float, or `None` for a finite one.
pub fn non_finite_name(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("NaN")
    } else if x == f64::INFINITY {
        Some("inf")
    } else if x == f64::NEG_INFINITY {
        Some("-inf")
    } else {
        None
    }
}

/// One float as JSON: a number, or `"NaN"`, `"inf"`, `"-inf"`.
pub fn number(x: f64) -> Json {
    match non_finite_name(x) {
        Some(name) => Json::String(name.to_string()),
        None => Json::from(x),
    }
}

/// Reads a float written by this module: a JSON number, or one of the
/// strings `"NaN"`, `"inf"` and `"-inf"`. `None` for anything else.
pub fn number_from(value: &Json) -> Option<f64> {
    match value {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "inf" => Some(f64::INFINITY),
            "-inf" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

/// `value` as a JSON tree, non-finite floats as strings.
///
/// A value that JSON cannot hold at all (a map whose keys are not strings)
/// becomes `null`; nothing in this crate serializes such a map.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Json {
    serde_json::to_value(Encoded(value)).unwrap_or(Json::Null)
}

/// `value` as indented JSON text, non-finite floats as strings.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(&Encoded(value)).unwrap_or_else(|_| "null".to_string())
}

/// Writes `value` as indented JSON to `writer`, non-finite floats as
/// strings, without building the text in memory first.
///
/// # Errors
/// The writer's error (a closed pipe, a full disk).
pub fn to_writer_pretty<W: io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> io::Result<()> {
    serde_json::to_writer_pretty(writer, &Encoded(value)).map_err(|e| {
        if e.is_io() {
            // serde_json wraps the writer's error; give it back as it was.
            let kind = e.io_error_kind().unwrap_or(io::ErrorKind::Other);
            io::Error::new(kind, e)
        } else {
            io::Error::other(e)
        }
    })
}

/// Serializes the value it holds with every float encoded as above. Wrap
/// a value in it to serialize it with any `serde` serializer.
#[derive(Clone, Copy, Debug)]
pub struct Encoded<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for Encoded<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Encoder(serializer))
    }
}

/// A serializer (or one of its compound parts) that passes everything on
/// to the one it wraps, except floats that are not finite, and wraps every
/// nested value again.
struct Encoder<S>(S);

macro_rules! pass {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method(self, $($arg: $ty),*) -> Result<S::Ok, S::Error> {
            self.0.$method($($arg),*)
        })*
    };
}

impl<S: Serializer> Serializer for Encoder<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Encoder<S::SerializeSeq>;
    type SerializeTuple = Encoder<S::SerializeTuple>;
    type SerializeTupleStruct = Encoder<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Encoder<S::SerializeTupleVariant>;
    type SerializeMap = Encoder<S::SerializeMap>;
    type SerializeStruct = Encoder<S::SerializeStruct>;
    type SerializeStructVariant = Encoder<S::SerializeStructVariant>;

    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        match non_finite_name(v) {
            Some(name) => self.0.serialize_str(name),
            None => self.0.serialize_f64(v),
        }
    }

    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        match non_finite_name(f64::from(v)) {
            Some(name) => self.0.serialize_str(name),
            None => self.0.serialize_f32(v),
        }
    }

    /// Beyond 64 bits (a count of paths can reach 2¹²⁸), a JSON tree has no
    /// exact number: the nearest float, the same in a tree and in text.
    fn serialize_u128(self, v: u128) -> Result<S::Ok, S::Error> {
        match u64::try_from(v) {
            Ok(v) => self.0.serialize_u64(v),
            Err(_) => self.0.serialize_f64(v as f64),
        }
    }

    fn serialize_i128(self, v: i128) -> Result<S::Ok, S::Error> {
        match i64::try_from(v) {
            Ok(v) => self.0.serialize_i64(v),
            Err(_) => self.0.serialize_f64(v as f64),
        }
    }

    pass! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Encoded(value))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &Encoded(value))
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &Encoded(value))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Encoder)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(Encoder)
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(Encoder)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(Encoder)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(Encoder)
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(Encoder)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0
            .serialize_struct_variant(name, index, variant, len)
            .map(Encoder)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// The compound parts: each element, field, key and value is wrapped again.
macro_rules! compound {
    ($($trait:ident { $($method:ident($($name:ident: $ty:ty),*);)* })*) => {
        $(impl<S: ser::$trait> ser::$trait for Encoder<S> {
            type Ok = S::Ok;
            type Error = S::Error;
            $(fn $method<T: Serialize + ?Sized>(
                &mut self,
                $($name: $ty,)*
                value: &T,
            ) -> Result<(), S::Error> {
                self.0.$method($($name,)* &Encoded(value))
            })*
            fn end(self) -> Result<S::Ok, S::Error> {
                self.0.end()
            }
        })*
    };
}

compound! {
    SerializeSeq { serialize_element(); }
    SerializeTuple { serialize_element(); }
    SerializeTupleStruct { serialize_field(); }
    SerializeTupleVariant { serialize_field(); }
    SerializeMap { serialize_key(); serialize_value(); }
    SerializeStruct { serialize_field(key: &'static str); }
    SerializeStructVariant { serialize_field(key: &'static str); }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Nested {
        value: f64,
        maybe: Option<f64>,
        list: Vec<(usize, f64)>,
        single: f32,
        kind: Kind,
    }

    #[derive(serde::Serialize)]
    enum Kind {
        Point { at: f64 },
    }

    #[test]
    fn every_float_however_nested_is_encoded() {
        let nested = Nested {
            value: f64::NAN,
            maybe: Some(f64::NEG_INFINITY),
            list: vec![(1, 2.5), (2, f64::INFINITY)],
            single: f32::NAN,
            kind: Kind::Point { at: f64::INFINITY },
        };
        assert_eq!(
            to_value(&nested).to_string(),
            r#"{"kind":{"Point":{"at":"inf"}},"list":[[1,2.5],[2,"inf"]],"maybe":"-inf","single":"NaN","value":"NaN"}"#
        );
        let mut text = Vec::new();
        to_writer_pretty(&mut text, &nested).unwrap();
        let read: Json = serde_json::from_slice(&text).unwrap();
        assert_eq!(read, to_value(&nested));
    }

    #[test]
    fn integers_past_64_bits_are_numbers_not_null() {
        let big: u128 = 1 << 64;
        assert_eq!(to_value(&big).to_string(), "1.8446744073709552e+19");
        assert_eq!(
            to_value(&(u128::from(u64::MAX))).to_string(),
            "18446744073709551615"
        );
        assert_eq!(to_string_pretty(&-(1i128 << 70)), "-1.1805916207174113e+21");
    }

    #[test]
    fn finite_numbers_are_plain_json_numbers() {
        assert_eq!(
            to_value(&[0.1, -0.0, 1e300]).to_string(),
            "[0.1,-0.0,1e+300]"
        );
        for x in [0.1, -2.5, 1e-300, f64::MAX] {
            assert_eq!(number_from(&number(x)), Some(x));
        }
        assert_eq!(number_from(&Json::String("nan".into())), None);
        assert_eq!(number_from(&Json::Null), None);
    }
}
