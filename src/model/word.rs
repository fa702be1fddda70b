//! Model enums as words, read from the enum's own serde spelling (`rename_all = "kebab-case"`)
//! so no enum needs a hand-written table: serde hands a unit variant's name to the serializer
//! as a `&'static str`, and this serializer keeps it. Here, in the lowest layer, so the model's
//! own methods can use it too; the other layers read it through `text::variant` and `text::word`.

use serde::Serialize;
use serde::ser::{self, Impossible};
use std::fmt;

/// A unit variant's name as its enum serializes it (`DeployStrategy::BlueGreen` is
/// `blue-green`); empty for a value that is not a plain word.
pub fn variant<T: Serialize + ?Sized>(value: &T) -> &'static str {
    value.serialize(VariantName).unwrap_or("")
}

/// The serializer that accepts a unit variant (through `Some` and newtypes) and nothing else.
struct VariantName;

/// The value was not a unit variant.
#[derive(Debug)]
struct NotAWord;

impl fmt::Display for NotAWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAWord {}

impl ser::Error for NotAWord {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotAWord
    }
}

type Never = Impossible<&'static str, NotAWord>;

/// Methods that refuse their value: anything but a unit variant is not a word.
macro_rules! refuse {
    ($($method:ident($($ty:ty),*) -> $out:ty;)*) => {
        $(fn $method(self, $(_: $ty),*) -> Result<$out, NotAWord> {
            Err(NotAWord)
        })*
    };
}

impl ser::Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAWord;
    type SerializeSeq = Never;
    type SerializeTuple = Never;
    type SerializeTupleStruct = Never;
    type SerializeTupleVariant = Never;
    type SerializeMap = Never;
    type SerializeStruct = Never;
    type SerializeStructVariant = Never;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotAWord> {
        Ok(variant)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<&'static str, NotAWord> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<&'static str, NotAWord> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotAWord> {
        Err(NotAWord)
    }

    refuse! {
        serialize_bool(bool) -> &'static str;
        serialize_i8(i8) -> &'static str;
        serialize_i16(i16) -> &'static str;
        serialize_i32(i32) -> &'static str;
        serialize_i64(i64) -> &'static str;
        serialize_u8(u8) -> &'static str;
        serialize_u16(u16) -> &'static str;
        serialize_u32(u32) -> &'static str;
        serialize_u64(u64) -> &'static str;
        serialize_f32(f32) -> &'static str;
        serialize_f64(f64) -> &'static str;
        serialize_char(char) -> &'static str;
        serialize_str(&str) -> &'static str;
        serialize_bytes(&[u8]) -> &'static str;
        serialize_none() -> &'static str;
        serialize_unit() -> &'static str;
        serialize_unit_struct(&'static str) -> &'static str;
        serialize_seq(Option<usize>) -> Never;
        serialize_tuple(usize) -> Never;
        serialize_tuple_struct(&'static str, usize) -> Never;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Never;
        serialize_map(Option<usize>) -> Never;
        serialize_struct(&'static str, usize) -> Never;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Never;
    }
}

#[cfg(test)]
mod tests {
    use super::variant;
    use crate::model::{BlockKind, Delivery, DeployStrategy, FieldType, ServiceKind};

    #[test]
    fn a_variant_reads_as_the_model_spells_it() {
        assert_eq!(variant(&DeployStrategy::BlueGreen), "blue-green");
        assert_eq!(variant(&Delivery::AtLeastOnce), "at-least-once");
        assert_eq!(variant(&ServiceKind::Bff), "bff");
        assert_eq!(variant(&Some(FieldType::Datetime)), "datetime");
        assert_eq!(BlockKind::Loop.keyword(), "loop");
    }

    #[test]
    fn anything_else_is_no_word() {
        assert_eq!(variant(&None::<ServiceKind>), "");
        assert_eq!(variant("text"), "");
        assert_eq!(variant(&3), "");
    }
}
