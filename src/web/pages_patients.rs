//! The registry's forms as HTML (maud, escaped by default): register or edit a patient, and
//! confirm a removal. Pure; the fields are those of `toban patient add|edit` (the minimal
//! record, nothing more), labelled with the record's own names ([`Col`]); the texts are
//! [`crate::msg::web_registry`].

use maud::{Markup, html};

use super::frame::{Frame, Notice};
use super::pages_records::r;
use crate::msg::cli::Col;
use crate::msg::web::WebMsg;
use crate::msg::web_records::RecordsMsg as R;
use crate::msg::web_registry::RegistryMsg as G;

/// A registry text.
pub fn g(m: G) -> WebMsg {
    r(R::Registry(m))
}

/// A patient's fields as the form shows them: as typed (re-shown with a refusal) or as
/// stored (editing). Dates as `YYYY-MM-DD`; ids as in the rules; "" for none.
#[derive(Debug, Clone, Default)]
pub struct PatientFields {
    /// Full name.
    pub name: String,
    /// Home address.
    pub address: String,
    /// District.
    pub area: String,
    /// The attending doctor's id.
    pub attending: String,
    /// The backup hospital's id.
    pub hospital: String,
    /// Main diagnosis.
    pub diagnosis: String,
    /// Key medications.
    pub medications: String,
    /// Documented wishes.
    pub wishes: String,
    /// The consent date.
    pub consent: String,
    /// Date of birth.
    pub born: String,
    /// The key person.
    pub key_person: String,
    /// How to reach the family at night.
    pub family_contact: String,
    /// Allergies.
    pub allergies: String,
    /// The visiting-nurse station's id.
    pub nurse_station: String,
    /// The substitute attending doctor's id.
    pub substitute: String,
    /// The rota's id ("" for the association's own).
    pub rota: String,
}

impl PatientFields {
    /// The stored record's fields.
    pub fn of(p: &crate::routing::Patient) -> PatientFields {
        let d = &p.details;
        let id = |m: &Option<crate::rules::MemberId>| m.as_ref().map(ToString::to_string);
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        PatientFields {
            name: d.name.clone(),
            address: d.address.clone(),
            area: d.area.clone().unwrap_or_default(),
            attending: d.attending.to_string(),
            hospital: id(&d.hospital).unwrap_or_default(),
            diagnosis: d.diagnosis.clone(),
            medications: d.medications.clone(),
            wishes: d.wishes.clone(),
            consent: day(d.consent),
            born: d.visit.born.map(day).unwrap_or_default(),
            key_person: d.visit.key_person.clone(),
            family_contact: d.visit.family_contact.clone(),
            allergies: d.visit.allergies.clone(),
            nurse_station: id(&d.visit.nurse_station).unwrap_or_default(),
            substitute: id(&d.substitute).unwrap_or_default(),
            rota: d.rota.as_ref().map(ToString::to_string).unwrap_or_default(),
        }
    }
}

/// What the form's lists offer, from the rules: each `(id, name)`.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// The doctors (attending, substitute).
    pub doctors: Vec<(String, String)>,
    /// The backup hospitals.
    pub hospitals: Vec<(String, String)>,
    /// The visiting-nurse stations.
    pub stations: Vec<(String, String)>,
    /// The rotas besides the association's own (none: no choice shown).
    pub rotas: Vec<(String, String)>,
}

/// Where a patient's form goes and what it says.
pub struct FormPage<'a> {
    /// The page's title.
    pub title: WebMsg,
    /// Where it posts.
    pub action: String,
    /// Its button.
    pub button: G,
    /// The session's CSRF token.
    pub csrf: &'a str,
    /// The link back (the registry, or the record).
    pub back: String,
}

fn text(f: &Frame, col: Col, name: &str, value: &str, required: bool) -> Markup {
    html! {
        label for=(name) {
            (col.on_console(f.lang))
            @if required { " " (f.t(&g(G::Required))) }
        }
        input id=(name) name=(name) value=(value) required[required];
    }
}

fn date(f: &Frame, col: Col, name: &str, value: &str, required: bool) -> Markup {
    html! {
        label for=(name) {
            (col.on_console(f.lang))
            @if required { " " (f.t(&g(G::Required))) }
        }
        input id=(name) name=(name) type="date" value=(value) required[required];
    }
}

/// A list of `(id, name)`, with a first choice of nobody unless `required`.
fn select(
    f: &Frame,
    label: &str,
    name: &str,
    list: &[(String, String)],
    chosen: &str,
    none: Option<WebMsg>,
) -> Markup {
    html! {
        label for=(name) { (label) }
        select id=(name) name=(name) required[none.is_none()] {
            @if let Some(none) = &none { option value="" selected[chosen.is_empty()] { (f.t(none)) } }
            @for (id, n) in list { option value=(id) selected[chosen == id] { (n) " (" (id) ")" } }
        }
    }
}

/// The form that registers or edits a patient (the fields of `toban patient add|edit`).
pub fn patient_form(
    f: &Frame,
    page: &FormPage<'_>,
    v: &PatientFields,
    c: &Choices,
    n: Option<&Notice>,
) -> String {
    let col = |k: Col| k.on_console(f.lang);
    let required = |k: Col| format!("{} {}", col(k), f.t(&g(G::Required)));
    let none = || Some(g(G::NoChoice));
    f.page(
        &page.title,
        html! {
            (f.notice(n))
            form.patient method="post" action=(page.action) {
                input type="hidden" name="csrf" value=(page.csrf);
                (text(f, Col::FullName, "name", &v.name, true))
                (text(f, Col::Address, "address", &v.address, true))
                (text(f, Col::Area, "area", &v.area, false))
                (select(f, &required(Col::Attending), "attending", &c.doctors, &v.attending, None))
                (select(f, &col(Col::Substitute), "substitute", &c.doctors, &v.substitute, none()))
                (select(f, &col(Col::Hospital), "hospital", &c.hospitals, &v.hospital, none()))
                (select(f, &col(Col::NurseStation), "nurse_station", &c.stations, &v.nurse_station, none()))
                @if !c.rotas.is_empty() {
                    (select(f, &f.t(&g(G::RotaLabel)), "rota", &c.rotas, &v.rota, Some(g(G::MainRota))))
                }
                (date(f, Col::Consent, "consent", &v.consent, true))
                (text(f, Col::Diagnosis, "diagnosis", &v.diagnosis, false))
                (text(f, Col::Medications, "medications", &v.medications, false))
                (text(f, Col::Wishes, "wishes", &v.wishes, false))
                (date(f, Col::Born, "born", &v.born, false))
                (text(f, Col::Allergies, "allergies", &v.allergies, false))
                (text(f, Col::KeyPerson, "key_person", &v.key_person, false))
                (text(f, Col::FamilyContact, "family_contact", &v.family_contact, false))
                button type="submit" { (f.t(&g(page.button.clone()))) }
            }
            p.note { (f.t(&g(G::MinimalNote))) }
            p.back { a href=(page.back) { (f.t(&r(R::BackToPatients))) } }
        },
    )
}

/// The question before a removal: who, what it does, a reason, the button, a way back.
pub fn remove_form(
    f: &Frame,
    id: crate::ids::PatientId,
    name: &str,
    csrf: &str,
    n: Option<&Notice>,
) -> String {
    let t = |m: G| f.t(&g(m));
    f.page(
        &g(G::RemovePatientTitle { id }),
        html! {
            (f.notice(n))
            p { strong { (t(G::RemoveAsk { id, name: name.to_string() })) } }
            p.note { (t(G::RemoveWhy)) }
            form method="post" action={ "/admin/patients/" (id) "/remove" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="reason" { (t(G::ReasonLabel)) }
                input id="reason" name="reason";
                button type="submit" { (t(G::RemoveButton)) }
            }
            p.back { a href={ "/admin/patients/" (id) } { (t(G::KeepIt)) } }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame::sample("/admin/patients")
    }

    #[test]
    fn the_patient_form_keeps_what_was_typed_escaped_and_names_the_doctors() {
        let page = FormPage {
            title: g(G::NewPatientTitle),
            action: "/admin/patients".into(),
            button: G::RegisterButton,
            csrf: "tok",
            back: "/admin/patients".into(),
        };
        let v = PatientFields {
            name: "\"><script>".into(),
            attending: "d02".into(),
            consent: "2027-02-01".into(),
            ..Default::default()
        };
        let c = Choices {
            doctors: vec![("d01".into(), "青木 一郎".into()), ("d02".into(), "<b>石川</b>".into())],
            ..Default::default()
        };
        let html = patient_form(&frame(), &page, &v, &c, None);
        assert!(!html.contains("<script>") && !html.contains("<b>石川"), "{html}");
        assert!(html.contains("value=\"d02\" selected"), "the doctor kept: {html}");
        assert!(html.contains("value=\"2027-02-01\""), "{html}");
        assert!(html.contains("name=\"csrf\" value=\"tok\""), "{html}");
        assert!(!html.contains("name=\"rota\""), "no rota to choose: {html}");
    }

    #[test]
    fn removing_asks_first_and_says_what_to_do_after_a_death_instead() {
        let html = remove_form(&frame(), crate::ids::PatientId::new(4), "<i>山田</i>", "tok", None);
        assert!(
            html.contains("&lt;i&gt;山田&lt;/i&gt;様（4番）の記録を登録から削除します"),
            "{html}"
        );
        assert!(html.contains("action=\"/admin/patients/4/remove\""), "{html}");
        assert!(html.contains("「経過」に記録してください"), "{html}");
    }
}
