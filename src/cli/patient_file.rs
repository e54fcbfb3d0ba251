//! Patient details from a file or standard input instead of the command line, where `ps` would
//! show them to every user of the machine (issue 17). The client reads the file once and hands
//! its text to `serve` inside the request on the private control socket.

use std::io::Read as _;
use std::path::Path;

use crate::msg::refusal::Refusal;

/// The fields a patient file may give (TOML; all optional, flags override them).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    pub name: Option<String>,
    pub address: Option<String>,
    pub area: Option<String>,
    pub attending: Option<String>,
    pub hospital: Option<String>,
    pub diagnosis: Option<String>,
    pub medications: Option<String>,
    pub wishes: Option<String>,
    /// `consent = 2026-04-01` (a TOML date) or `consent = "2026-04-01"`.
    #[serde(default, deserialize_with = "consent")]
    pub consent: Option<chrono::NaiveDate>,
    /// Date of birth, like `consent`. Only from the file: never a flag (`ps`). `born = ""`
    /// clears it (`Some(None)`) when editing.
    #[serde(default, deserialize_with = "born")]
    pub born: Option<Option<chrono::NaiveDate>>,
    /// The key person (キーパーソン). Only from the file.
    pub key_person: Option<String>,
    /// How to reach the family at night. Only from the file.
    pub family_contact: Option<String>,
    /// The visiting-nurse station's id (ns1).
    pub nurse_station: Option<String>,
    /// Allergies. Only from the file.
    pub allergies: Option<String>,
    /// The substitute attending doctor's id (代理主治医).
    pub substitute: Option<String>,
}

fn consent<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<chrono::NaiveDate>, D::Error> {
    date(d, "consent")
}

fn born<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<chrono::NaiveDate>>, D::Error> {
    use serde::Deserialize as _;
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Either::deserialize(d)? {
        Either::Toml(t) => t.to_string(),
        Either::Text(t) if t.trim().is_empty() => return Ok(Some(None)),
        Either::Text(t) => t,
    };
    let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        <D::Error as serde::de::Error>::custom(format!(
            "born '{text}' is not a date like 1938-05-01 (\"\" clears it)"
        ))
    })?;
    Ok(Some(Some(day)))
}

fn date<'de, D: serde::Deserializer<'de>>(
    d: D,
    field: &str,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    use serde::Deserialize as _;
    use serde::de::Error as _;
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Either::deserialize(d)? {
        Either::Toml(t) => t.to_string(),
        Either::Text(t) => t,
    };
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| D::Error::custom(format!("{field} '{text}' is not a date like 2026-04-01")))
}

/// The largest patient file read.
const MAX_BYTES: u64 = 64 * 1024;

fn read(path: &Path) -> anyhow::Result<String> {
    let mut text = String::new();
    let limit =
        |r: &mut dyn std::io::Read, text: &mut String| r.take(MAX_BYTES + 1).read_to_string(text);
    if path == Path::new("-") {
        limit(&mut std::io::stdin().lock(), &mut text).map_err(|e| Refusal::BadPatientFile {
            detail: format!("cannot read the patient details from standard input: {e}"),
        })?;
    } else {
        let mut f = std::fs::File::open(path).map_err(|e| Refusal::BadPatientFile {
            detail: format!("cannot read {}: {e}", path.display()),
        })?;
        limit(&mut f, &mut text).map_err(|e| Refusal::BadPatientFile {
            detail: format!("cannot read {} as UTF-8 text: {e}", path.display()),
        })?;
    }
    if text.len() as u64 > MAX_BYTES {
        return Err(Refusal::BadPatientFile {
            detail: format!(
                "{} is longer than {} KiB: a patient file holds one patient's details",
                path.display(),
                MAX_BYTES / 1024
            ),
        }
        .into());
    }
    Ok(text)
}

/// `argv` with every `--from-file FILE` (or `--from-file=FILE`) replaced by the file's text as
/// `--from-text TEXT`.
///
/// # Errors
/// The file cannot be read.
pub fn inline(argv: Vec<String>) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::with_capacity(argv.len());
    let mut it = argv.into_iter();
    while let Some(a) = it.next() {
        let file = if a == "--from-file" {
            match it.next() {
                Some(f) => f,
                None => {
                    out.push(a);
                    continue;
                }
            }
        } else if let Some(f) = a.strip_prefix("--from-file=") {
            f.to_string()
        } else {
            out.push(a);
            continue;
        };
        out.push("--from-text".into());
        out.push(read(Path::new(&file))?);
    }
    Ok(out)
}

/// The fields of `text` (or of the file, if it was not inlined).
///
/// # Errors
/// Unreadable file, or TOML that is not a patient file, with the line and what to fix.
pub fn fields(file: Option<&Path>, text: Option<&str>) -> anyhow::Result<Fields> {
    let owned;
    let text = match (text, file) {
        (Some(t), _) => t,
        (None, Some(f)) => {
            owned = read(f)?;
            &owned
        }
        (None, None) => return Ok(Fields::default()),
    };
    toml::from_str(text).map_err(|e| {
        Refusal::BadPatientFile { detail: format!(
            "the patient file is not valid: {e}\nfields: name, address, area, attending, hospital, diagnosis, medications, wishes, consent (YYYY-MM-DD), born (YYYY-MM-DD), key_person, family_contact, nurse_station, allergies, substitute"
        ) }
        .into()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_patient_file_is_inlined_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("p.toml");
        std::fs::write(&f, "name = \"山田 花子\"\nconsent = 2026-04-01\n").unwrap();
        let argv = vec![
            "toban".into(),
            "patient".into(),
            "add".into(),
            format!("--from-file={}", f.display()),
        ];
        let out = super::inline(argv).unwrap();
        assert_eq!(out[3], "--from-text");
        let fields = super::fields(None, Some(&out[4])).unwrap();
        assert_eq!(fields.name.as_deref(), Some("山田 花子"));
        assert!(super::fields(None, Some("nmae = 1")).is_err(), "unknown fields are refused");
    }
}
