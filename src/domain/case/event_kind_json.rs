//! Reading an [`EventKind`] from its JSON object in one pass.
//!
//! An event kind is written as an internally tagged object: `{"type": "handed_over", "to":
//! "caritas"}`. serde's derived reader for that form first copies the whole object into a
//! buffer of its own and then reads the variant from the copy; opening a register of 100,000
//! events made 100,000 such copies, and the buffer's code was instantiated for every field type
//! (15 KB of wasm). This reader takes each field as it comes into a slot and builds the variant
//! once the object ends.
//!
//! It reads what the derived reader read: the same names, `type` anywhere in the object,
//! unknown fields ignored, `rule_change`, `against_suggestion`, `intake` and `evaluation` optional, a missing
//! or duplicated field of the variant or an unknown `type` refused with serde's messages. Decision, for objects no
//! version of the app writes: a field of another variant is read as the type it has there, so
//! `{"type": "deleted", "reason": 5}` is refused rather than its `reason` ignored, and a
//! duplicated field is refused whichever variant it belongs to; `type` must be a name (the
//! derived reader also took the variant's number).
//!
//! The tests compare it with the derived reader over every variant and over objects with
//! fields in any order, missing, duplicated, of the wrong type or unknown.

use super::{Admission, EventKind, IntakeId};
use crate::domain::*;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;

/// The variants' names, as written in `type`.
const VARIANTS: &[&str] = &[
    "admitted",
    "deactivated",
    "reactivated",
    "handed_over",
    "moved",
    "session",
    "voided",
    "deleted",
];

/// A field name of any variant.
#[derive(Clone, Copy)]
enum Field {
    Type,
    Area,
    Provider,
    Problems,
    Parties,
    WayIn,
    AgainstSuggestion,
    Intake,
    Reason,
    Evaluation,
    To,
    RuleChange,
    Form,
    Target,
    Other,
}

impl Field {
    const ALL: [(Field, &'static str); 14] = [
        (Field::Type, "type"),
        (Field::Area, "area"),
        (Field::Provider, "provider"),
        (Field::Problems, "problems"),
        (Field::Parties, "parties"),
        (Field::WayIn, "way_in"),
        (Field::AgainstSuggestion, "against_suggestion"),
        (Field::Intake, "intake"),
        (Field::Reason, "reason"),
        (Field::Evaluation, "evaluation"),
        (Field::To, "to"),
        (Field::RuleChange, "rule_change"),
        (Field::Form, "form"),
        (Field::Target, "target"),
    ];

    fn name(self) -> &'static str {
        Field::ALL
            .iter()
            .find(|(field, _)| *field as u8 == self as u8)
            .map_or("", |(_, name)| name)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Field, E> {
                Ok(Field::ALL
                    .iter()
                    .find(|(_, n)| *n == name)
                    .map_or(Field::Other, |(field, _)| *field))
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

/// A variant, read from its name without copying it; in the order of [`VARIANTS`].
#[derive(Clone, Copy)]
enum Variant {
    Admitted,
    Deactivated,
    Reactivated,
    HandedOver,
    Moved,
    Session,
    Voided,
    Deleted,
}

impl Variant {
    const ALL: [Variant; 8] = [
        Variant::Admitted,
        Variant::Deactivated,
        Variant::Reactivated,
        Variant::HandedOver,
        Variant::Moved,
        Variant::Session,
        Variant::Voided,
        Variant::Deleted,
    ];
}

impl<'de> Deserialize<'de> for Variant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VariantVisitor;
        impl<'de> Visitor<'de> for VariantVisitor {
            type Value = Variant;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the name of an event kind")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Variant, E> {
                VARIANTS
                    .iter()
                    .position(|v| *v == name)
                    .and_then(|i| Variant::ALL.get(i).copied())
                    .ok_or_else(|| E::unknown_variant(name, VARIANTS))
            }
        }
        deserializer.deserialize_str(VariantVisitor)
    }
}

/// The fields read so far.
#[derive(Default)]
struct Slots {
    kind: Option<Variant>,
    area: Option<AreaId>,
    provider: Option<ProviderId>,
    problems: Option<Vec<ProblemId>>,
    parties: Option<Vec<PartyId>>,
    way_in: Option<WayInId>,
    against_suggestion: Option<Option<OverrideReasonId>>,
    intake: Option<Option<IntakeId>>,
    reason: Option<DeactivationReasonId>,
    evaluation: Option<Option<EvaluationId>>,
    to: Option<String>,
    rule_change: Option<bool>,
    form: Option<SessionFormId>,
    target: Option<RecordId>,
}

/// Reads the next value into `slot`, refusing a second one.
fn fill<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    field: Field,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(field.name()));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A required field of the variant.
fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

impl Slots {
    fn read<'de, A: MapAccess<'de>>(&mut self, field: Field, map: &mut A) -> Result<(), A::Error> {
        match field {
            Field::Type => fill(&mut self.kind, field, map),
            Field::Area => fill(&mut self.area, field, map),
            Field::Provider => fill(&mut self.provider, field, map),
            Field::Problems => fill(&mut self.problems, field, map),
            Field::Parties => fill(&mut self.parties, field, map),
            Field::WayIn => fill(&mut self.way_in, field, map),
            Field::AgainstSuggestion => fill(&mut self.against_suggestion, field, map),
            Field::Intake => fill(&mut self.intake, field, map),
            Field::Reason => fill(&mut self.reason, field, map),
            Field::Evaluation => fill(&mut self.evaluation, field, map),
            Field::To => fill(&mut self.to, field, map),
            Field::RuleChange => fill(&mut self.rule_change, field, map),
            Field::Form => fill(&mut self.form, field, map),
            Field::Target => fill(&mut self.target, field, map),
            Field::Other => map.next_value::<IgnoredAny>().map(|_| ()),
        }
    }

    fn finish<E: de::Error>(self) -> Result<EventKind, E> {
        let kind = self.kind.ok_or_else(|| E::missing_field("type"))?;
        Ok(match kind {
            Variant::Admitted => EventKind::Admitted(
                Admission {
                    area: required(self.area, "area")?,
                    provider: required(self.provider, "provider")?,
                    problems: required(self.problems, "problems")?,
                    parties: required(self.parties, "parties")?,
                    way_in: required(self.way_in, "way_in")?,
                    against_suggestion: self.against_suggestion.flatten(),
                    intake: self.intake.flatten(),
                }
                .into(),
            ),
            Variant::Deactivated => EventKind::Deactivated {
                reason: required(self.reason, "reason")?,
                evaluation: self.evaluation.flatten(),
            },
            Variant::Reactivated => EventKind::Reactivated,
            Variant::HandedOver => EventKind::HandedOver {
                to: ProviderId::new(required(self.to, "to")?),
                rule_change: self.rule_change.unwrap_or(false),
            },
            Variant::Moved => EventKind::Moved {
                to: AreaId::new(required(self.to, "to")?),
            },
            Variant::Session => EventKind::Session {
                form: required(self.form, "form")?,
            },
            Variant::Voided => EventKind::Voided {
                target: required(self.target, "target")?,
            },
            Variant::Deleted => EventKind::Deleted,
        })
    }
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KindVisitor;
        impl<'de> Visitor<'de> for KindVisitor {
            type Value = EventKind;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an event kind object with its \"type\"")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EventKind, A::Error> {
                let mut slots = Slots::default();
                while let Some(field) = map.next_key::<Field>()? {
                    slots.read(field, &mut map)?;
                }
                slots.finish()
            }
        }
        deserializer.deserialize_map(KindVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Map, Value};

    /// The derived reader this one replaced, with the same payload types.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Derived {
        Admitted(Admission),
        Deactivated {
            reason: DeactivationReasonId,
            #[serde(default)]
            evaluation: Option<EvaluationId>,
        },
        Reactivated,
        HandedOver {
            to: ProviderId,
            #[serde(default)]
            rule_change: bool,
        },
        Moved {
            to: AreaId,
        },
        Session {
            form: SessionFormId,
        },
        Voided {
            target: RecordId,
        },
        Deleted,
    }

    impl From<Derived> for EventKind {
        fn from(derived: Derived) -> EventKind {
            match derived {
                Derived::Admitted(a) => EventKind::Admitted(a.into()),
                Derived::Deactivated { reason, evaluation } => {
                    EventKind::Deactivated { reason, evaluation }
                }
                Derived::Reactivated => EventKind::Reactivated,
                Derived::HandedOver { to, rule_change } => {
                    EventKind::HandedOver { to, rule_change }
                }
                Derived::Moved { to } => EventKind::Moved { to },
                Derived::Session { form } => EventKind::Session { form },
                Derived::Voided { target } => EventKind::Voided { target },
                Derived::Deleted => EventKind::Deleted,
            }
        }
    }

    fn both(text: &str) -> (Result<EventKind, String>, Result<EventKind, String>) {
        let ours = serde_json::from_str::<EventKind>(text).map_err(|e| e.to_string());
        let derived = serde_json::from_str::<Derived>(text)
            .map(EventKind::from)
            .map_err(|e| e.to_string());
        (ours, derived)
    }

    fn kinds() -> Vec<EventKind> {
        let admission = Admission {
            area: AreaId::new("nord"),
            provider: ProviderId::new("caritas"),
            problems: vec![ProblemId::new("p1"), ProblemId::new("p2")],
            parties: vec![PartyId::new("jobcenter")],
            way_in: WayInId::new("selbst"),
            against_suggestion: None,
            intake: None,
        };
        vec![
            EventKind::Admitted(admission.clone().into()),
            EventKind::Admitted(
                Admission {
                    against_suggestion: Some(OverrideReasonId::new("fachlich")),
                    intake: Some(IntakeId::from_random(1)),
                    ..admission
                }
                .into(),
            ),
            EventKind::Deactivated {
                reason: DeactivationReasonId::new("umzug"),
                evaluation: None,
            },
            EventKind::Deactivated {
                reason: DeactivationReasonId::new("ziele"),
                evaluation: Some(EvaluationId::new("teilweise")),
            },
            EventKind::Reactivated,
            EventKind::HandedOver {
                to: ProviderId::new("lf"),
                rule_change: false,
            },
            EventKind::HandedOver {
                to: ProviderId::new("lf"),
                rule_change: true,
            },
            EventKind::Moved {
                to: AreaId::new("sued"),
            },
            EventKind::Session {
                form: SessionFormId::new("telefonisch"),
            },
            EventKind::Voided {
                target: RecordId::from_random(0xff),
            },
            EventKind::Deleted,
        ]
    }

    #[test]
    fn every_kind_reads_back_as_written_and_as_the_derived_reader_read_it() {
        for kind in kinds() {
            let text = serde_json::to_string(&kind).unwrap();
            let (ours, derived) = both(&text);
            assert_eq!(ours.as_ref(), Ok(&kind), "{text}");
            assert_eq!(ours, derived, "{text}");
        }
    }

    #[test]
    fn messages_for_what_is_missing_or_unknown_are_serdes() {
        for text in [
            r#"{"to":"lf"}"#,
            r#"{"type":"deactivated"}"#,
            r#"{"type":"admitted","area":"n","provider":"c","problems":[],"parties":[]}"#,
            r#"{"type":"umzug","to":"x"}"#,
            r#"{"type":"moved","to":"a","to":"b"}"#,
            r#"{"type":"moved","type":"moved","to":"a"}"#,
            r#"{"type":"moved","to":5}"#,
            r#"["moved","a"]"#,
            r#""moved""#,
        ] {
            let (ours, derived) = both(text);
            assert!(ours.is_err(), "{text}");
            assert!(derived.is_err() || text.starts_with('['), "{text}");
            let message = ours.unwrap_err();
            if let Err(derived) = derived {
                // The same words; the position may differ (the derived reader reported at
                // the end of its copy).
                let words = |m: &str| m.split(" at line").next().unwrap_or("").to_owned();
                if !text.starts_with('"') {
                    assert_eq!(words(&message), words(&derived), "{text}");
                }
            }
        }
    }

    /// The fields of the variant `kind`.
    fn fields_of(kind: &EventKind) -> &'static [&'static str] {
        match kind {
            EventKind::Admitted(_) => &[
                "area",
                "provider",
                "problems",
                "parties",
                "way_in",
                "against_suggestion",
                "intake",
            ],
            EventKind::Deactivated { .. } => &["reason", "evaluation"],
            EventKind::HandedOver { .. } => &["to", "rule_change"],
            EventKind::Moved { .. } => &["to"],
            EventKind::Session { .. } => &["form"],
            EventKind::Voided { .. } => &["target"],
            EventKind::Reactivated | EventKind::Deleted => &[],
        }
    }

    /// A value for `key` that fits its type in some variant, or one of a wrong type.
    fn value_for(key: &str, pick: u8) -> Value {
        let right = match key {
            "type" => json!(VARIANTS[pick as usize % VARIANTS.len()]),
            "problems" | "parties" => json!(["a", "b"]),
            "against_suggestion" | "intake" | "evaluation" => {
                if pick.is_multiple_of(2) {
                    Value::Null
                } else {
                    json!("x")
                }
            }
            "rule_change" => json!(pick.is_multiple_of(2)),
            _ => json!(format!("v{pick}")),
        };
        if pick.is_multiple_of(7) {
            json!(pick)
        } else {
            right
        }
    }

    fn object() -> impl Strategy<Value = String> {
        let keys = Field::ALL.map(|(_, name)| name).to_vec();
        let entry = (proptest::sample::select(keys), any::<u8>());
        proptest::collection::vec(entry, 0..10).prop_map(|entries| {
            let mut map = Map::new();
            for (key, pick) in entries {
                map.insert(key.to_owned(), value_for(key, pick));
            }
            if map.contains_key("area") {
                map.insert("unbekannt".into(), json!({"tief": [1, 2]}));
            }
            Value::Object(map).to_string()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Over objects with fields in any order, missing, of the wrong type or unknown: what
        /// the derived reader accepted, this one accepts the same; what it refused, this one
        /// refuses. The only exception is the documented one, a wrong type in a field of
        /// another variant, which this reader refuses.
        #[test]
        fn reads_like_the_derived_reader(text in object()) {
            let (ours, derived) = both(&text);
            match (&ours, &derived) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(_), Err(_)) => {}
                (Err(_), Ok(kind)) => {
                    // Refused here only for a number (the one wrong type generated) in a
                    // field of another variant, or as the variant's number in `type`.
                    let value: Value = serde_json::from_str(&text).unwrap();
                    let own = fields_of(kind);
                    let documented = value.as_object().unwrap().iter().any(|(key, v)| {
                        v.is_number() && (key == "type" || !own.contains(&key.as_str()))
                    });
                    prop_assert!(documented, "refused only here: {}", text);
                }
                (Ok(kind), Err(e)) => prop_assert!(false, "accepted only here: {} as {:?} ({})", text, kind, e),
            }
        }
    }
}
