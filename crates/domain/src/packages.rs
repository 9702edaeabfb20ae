//! Packages: the price options of a session ("5 edited photos", "All photos"), each with what
//! it includes. A type with packages is priced by the package the student picks.

use crate::money::{Currency, Money};
use crate::text::{Lines, bounded_text, cleaned};
use crate::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

pub use crate::text::PackageName;

/// One price option of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub name: PackageName,
    /// A sentence or two; may be empty.
    pub description: String,
    /// What the package includes, one item a line.
    pub included: Vec<String>,
    pub price: Money,
}

impl Package {
    pub const MAX_DESCRIPTION_CHARS: usize = 300;
    pub const MAX_INCLUDED: usize = 8;
    pub const MAX_INCLUDED_CHARS: usize = 100;

    /// Parses one row of the packages editor; field names are `packages[{index}].{part}`.
    pub fn parse(
        index: usize,
        input: &PackageInput,
        currency: Currency,
    ) -> Result<Self, FieldErrors> {
        let field = |part: &str| format!("packages[{index}].{part}");
        let mut errors = FieldErrors::new();
        let name = errors.take(PackageName::parse(&field("name"), &input.name));
        let price = errors.take(Money::parse(&field("price"), &input.price, currency));
        let description = errors.take(description(&field("description"), &input.description));
        let included = errors.take(included(&field("included"), &input.included));
        match (name, price, description, included) {
            (Some(name), Some(price), Some(description), Some(included)) => Ok(Self {
                name,
                description,
                included,
                price,
            }),
            _ => Err(errors),
        }
    }

    /// The package as a student's choice reads: "All photos: $250.00".
    pub fn choice_label(&self) -> String {
        format!("{}: {}", self.name, self.price)
    }

    /// The description and what is included, as one line under the choice.
    pub fn details(&self) -> String {
        let included = if self.included.is_empty() {
            String::new()
        } else {
            format!("Includes: {}.", self.included.join(", "))
        };
        [self.description.as_str(), included.as_str()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn description(field: &str, raw: &str) -> Result<String, FieldError> {
    let text = cleaned(field, "Description", raw, Lines::Single)?;
    let length = text.chars().count();
    if length > Package::MAX_DESCRIPTION_CHARS {
        return Err(FieldError::new(
            field,
            format!(
                "Description must be at most {} characters (it has {length}).",
                Package::MAX_DESCRIPTION_CHARS
            ),
        ));
    }
    Ok(text)
}

fn included(field: &str, raw: &str) -> Result<Vec<String>, FieldError> {
    let text = cleaned(field, "What is included", raw, Lines::Multiple)?;
    let items: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    if items.len() > Package::MAX_INCLUDED {
        return Err(FieldError::new(
            field,
            format!(
                "List at most {} items, one a line (there are {}).",
                Package::MAX_INCLUDED,
                items.len()
            ),
        ));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(position, item)| {
            bounded_text(
                field,
                &format!("Item {}", position + 1),
                item,
                Package::MAX_INCLUDED_CHARS,
            )
        })
        .collect()
}

/// A packages editor row as typed; a part left out of a form is blank.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PackageInput {
    pub name: String,
    pub description: String,
    /// One item a line.
    pub included: String,
    pub price: String,
}

impl PackageInput {
    fn is_blank(&self) -> bool {
        [&self.name, &self.description, &self.included, &self.price]
            .iter()
            .all(|part| part.trim().is_empty())
    }
}

/// The packages of a session, in the order students see them: none, or up to six with
/// different names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Packages(Vec<Package>);

impl Packages {
    pub const MAX: usize = 6;

    /// Parses the editor's rows, skipping rows left wholly blank, and reports every problem.
    pub fn parse(inputs: &[PackageInput], currency: Currency) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let filled: Vec<(usize, &PackageInput)> = inputs
            .iter()
            .enumerate()
            .filter(|(_, input)| !input.is_blank())
            .collect();
        if filled.len() > Self::MAX {
            errors.push(FieldError::new(
                "packages",
                format!(
                    "Offer at most {} packages (there are {}).",
                    Self::MAX,
                    filled.len()
                ),
            ));
        }
        let mut packages: Vec<Package> = Vec::with_capacity(filled.len());
        for (index, input) in filled {
            match Package::parse(index, input, currency) {
                Ok(package) => {
                    if packages
                        .iter()
                        .any(|other| same_name(&other.name, &package.name))
                    {
                        errors.push(FieldError::new(
                            format!("packages[{index}].name"),
                            format!(
                                "Another package is already called \u{201c}{}\u{201d}; give each its own name.",
                                package.name
                            ),
                        ));
                    } else {
                        packages.push(package);
                    }
                }
                Err(package_errors) => errors.0.extend(package_errors.0),
            }
        }
        errors.into_result().map(|()| Self(packages))
    }

    /// Packages read back from storage, already checked when they were saved.
    pub fn new(packages: Vec<Package>) -> Result<Self, FieldError> {
        if packages.len() > Self::MAX {
            return Err(FieldError::new("packages", "too many packages"));
        }
        Ok(Self(packages))
    }

    pub fn as_slice(&self) -> &[Package] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The package a student picked, by name; `None` when the session offers no packages.
    pub fn choose(&self, raw: &str) -> Result<Option<&Package>, FieldError> {
        if self.0.is_empty() {
            return Ok(None);
        }
        let wanted = raw.trim();
        if wanted.is_empty() {
            return Err(FieldError::new("package", "Choose a package."));
        }
        self.0
            .iter()
            .find(|package| package.name.as_str() == wanted)
            .map(Some)
            .ok_or_else(|| {
                FieldError::new(
                    "package",
                    "That package is no longer offered; choose one of those listed.",
                )
            })
    }

    /// The lowest price on offer, for listings ("From $150.00").
    pub fn lowest_price(&self) -> Option<Money> {
        self.0
            .iter()
            .map(|package| package.price)
            .min_by_key(|price| price.minor_units())
    }

    /// Whether some package costs something, so that a way of paying is asked for.
    pub fn any_priced(&self) -> bool {
        self.0.iter().any(|package| !package.price.is_zero())
    }
}

fn same_name(a: &PackageName, b: &PackageName) -> bool {
    a.as_str().to_lowercase() == b.as_str().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, price: &str) -> PackageInput {
        PackageInput {
            name: name.to_owned(),
            price: price.to_owned(),
            ..PackageInput::default()
        }
    }

    fn usd(raw: &str) -> Money {
        Money::parse("price", raw, Currency::Usd).unwrap()
    }

    #[test]
    fn a_package_keeps_its_name_price_description_and_items_in_order() {
        let packages = Packages::parse(
            &[PackageInput {
                name: " All photos ".into(),
                description: " Every edited photo. ".into(),
                included: "Online gallery\r\n\r\n  Print release \n".into(),
                price: "250".into(),
            }],
            Currency::Usd,
        )
        .unwrap();
        let package = &packages.as_slice()[0];
        assert_eq!(package.name.as_str(), "All photos");
        assert_eq!(package.price, usd("250"));
        assert_eq!(package.included, ["Online gallery", "Print release"]);
        assert_eq!(package.choice_label(), "All photos: $250.00");
        assert_eq!(
            package.details(),
            "Every edited photo. Includes: Online gallery, Print release."
        );
    }

    #[test]
    fn blank_rows_are_skipped_and_bad_rows_named_by_their_position() {
        let errors = Packages::parse(
            &[
                input("Mini", "150"),
                PackageInput::default(),
                input("", "abc"),
            ],
            Currency::Usd,
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["packages[2].name", "packages[2].price"]);
        let two = Packages::parse(
            &[input("Mini", "150"), PackageInput::default()],
            Currency::Usd,
        )
        .unwrap();
        assert_eq!(two.as_slice().len(), 1);
    }

    #[test]
    fn two_packages_with_one_name_or_more_than_six_are_refused() {
        let twins =
            Packages::parse(&[input("Mini", "1"), input("mini", "2")], Currency::Usd).unwrap_err();
        assert_eq!(twins.0[0].field, "packages[1].name");
        assert!(twins.0[0].message.contains("already called"));
        let many: Vec<PackageInput> = (0..7).map(|n| input(&format!("P{n}"), "1")).collect();
        let errors = Packages::parse(&many, Currency::Usd).unwrap_err();
        assert_eq!(
            errors.0[0].message,
            "Offer at most 6 packages (there are 7)."
        );
    }

    #[test]
    fn too_many_or_too_long_included_items_are_refused_at_their_field() {
        let long = PackageInput {
            included: "x".repeat(101),
            ..input("Mini", "1")
        };
        let errors = Packages::parse(&[long], Currency::Usd).unwrap_err();
        assert_eq!(errors.0[0].field, "packages[0].included");
        assert!(
            errors.0[0]
                .message
                .starts_with("Item 1 must be at most 100")
        );
        let many = PackageInput {
            included: "a\n".repeat(9),
            ..input("Mini", "1")
        };
        let errors = Packages::parse(&[many], Currency::Usd).unwrap_err();
        assert_eq!(
            errors.0[0].message,
            "List at most 8 items, one a line (there are 9)."
        );
    }

    #[test]
    fn a_student_must_choose_one_of_the_packages_on_offer() {
        let packages = Packages::parse(
            &[input("Mini", "150"), input("All photos", "250")],
            Currency::Usd,
        )
        .unwrap();
        let chosen = packages.choose("All photos").unwrap().unwrap();
        assert_eq!(chosen.price, usd("250"));
        assert_eq!(
            packages.choose("").unwrap_err().message,
            "Choose a package."
        );
        assert!(
            packages
                .choose("Gold")
                .unwrap_err()
                .message
                .contains("no longer offered")
        );
        assert_eq!(Packages::default().choose("anything").unwrap(), None);
        assert_eq!(packages.lowest_price(), Some(usd("150")));
    }
}
