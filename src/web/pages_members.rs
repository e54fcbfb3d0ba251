//! The Members and Absences pages (issue 18) as HTML. Pure: each page is a function of what
//! it shows; the texts are [`WebMembers`] (inside [`WebMsg::Members`]).

use chrono::NaiveDate;
use maud::{Markup, html};

use super::frame::{Frame, Notice};
use crate::msg::import::ImportMsg;
use crate::msg::web::WebMsg;
use crate::msg::web_live::LiveMsg;
use crate::msg::web_members::WebMembers;
use crate::msg::{Day, Doctor};
use crate::rules::Rules;
use crate::rules::edit::fields::FieldProblem;
use crate::rules::edit::{DoctorFields, PeriodFields, PlaceFields};

/// `WebMsg` of a Members text.
pub fn m(t: WebMembers) -> WebMsg {
    WebMsg::Members(t)
}

impl Frame {
    /// A Members text in the reader's language.
    fn tm(&self, t: WebMembers) -> String {
        self.t(&m(t))
    }
}

/// Why the last save of a form was refused, as the form shows it: each field's problems under
/// that field and all of them in a list under the notice, in the reader's language.
#[derive(Debug, Default)]
pub struct Problems {
    /// What is wrong with the fields typed.
    pub fields: Vec<FieldProblem>,
    /// The rules loader's problems in brief ([`crate::rules::RulesError::brief`]): the net
    /// for what no one field shows.
    pub rules: Vec<String>,
}

impl Problems {
    fn of<'a>(&'a self, input: &'a str) -> impl Iterator<Item = &'a FieldProblem> + 'a {
        self.fields.iter().filter(move |p| p.field().input() == input)
    }

    /// `aria-invalid` of the input `input`.
    fn invalid(&self, input: &str) -> Option<&'static str> {
        self.of(input).next().map(|_| "true")
    }

    /// `aria-describedby` of the input `input`: its problems' element.
    fn described(&self, input: &str) -> Option<String> {
        self.of(input).next().map(|_| format!("{input}-problem"))
    }

    /// The problems of the input `input`, said under it.
    fn under(&self, f: &Frame, input: &str) -> Markup {
        html! {
            @if self.of(input).next().is_some() {
                p.field-error id={ (input) "-problem" } {
                    @for (i, p) in self.of(input).enumerate() {
                        @if i > 0 { br; }
                        (f.tm(WebMembers::Field(p.clone())))
                    }
                }
            }
        }
    }

    /// Every problem in a list, under the notice.
    fn summary(&self, f: &Frame) -> Markup {
        html! {
            @if !self.fields.is_empty() || !self.rules.is_empty() {
                ul.problems {
                    @for p in &self.fields {
                        li { a href={ "#" (p.field().input()) } { (f.tm(WebMembers::Field(p.clone()))) } }
                    }
                    @for line in &self.rules { li { (line) } }
                }
            }
        }
    }
}

/// The published duties a doctor's saved entry leaves without a doctor, and what to do: each
/// duty with its page (to ask for cover), the plan page to re-plan from a day.
pub struct Uncovered {
    /// Who and why.
    pub heading: WebMsg,
    /// Each duty, with the address of its page.
    pub duties: Vec<(WebMsg, String)>,
    /// What to do.
    pub what: WebMsg,
    /// The link to re-plan, when a duty has not started yet.
    pub replan: Option<(WebMsg, String)>,
}

/// The Members page: the doctors (with a link to edit each when the rules can be edited
/// here), the hospitals, the nurse stations and the holiday periods, as the rules say now.
/// `today` marks doctors who have left.
pub fn members(
    f: &Frame,
    rules: &Rules,
    today: NaiveDate,
    editable: Option<&str>,
    n: Option<&Notice>,
    uncovered: Option<&Uncovered>,
) -> String {
    use WebMembers as W;
    let day = |d: Option<NaiveDate>| d.map(|d| f.t(&day_msg(d))).unwrap_or_default();
    f.page(
        &m(W::MembersTitle),
        html! {
            (f.notice(n))
            @if let Some(u) = uncovered {
                section.uncovered.error role="alert" {
                    p { strong { (f.t(&u.heading)) } }
                    ul { @for (duty, href) in &u.duties {
                        li { (f.t(duty)) " " a.cover href=(href) { (f.tm(W::CoverLink)) } }
                    } }
                    p { (f.t(&u.what)) }
                    @if let Some((text, href)) = &u.replan {
                        p { a.replan href=(href) { (f.t(text)) } }
                    }
                }
            }
            @match editable {
                Some(file) => {
                    p.note { (f.tm(W::SavedTo { file: file.to_string() })) }
                }
                None => {
                    p.note { (f.tm(W::ReadOnly)) }
                }
            }
            h2 { (f.tm(W::Doctors)) }
            @if editable.is_some() {
                p {
                    a href="/admin/members/doctor/new" { (f.tm(W::AddDoctor)) }
                    " · "
                    a href="/admin/import" { (f.t(&WebMsg::Import(ImportMsg::PageTitle))) }
                }
            }
            table.doctors {
                thead { tr {
                    th { (f.tm(W::Id)) } th { (f.tm(W::Name)) } th { (f.tm(W::Clinic)) }
                    th { (f.tm(W::Fte)) } th { (f.tm(W::Phone)) } th { (f.tm(W::Joined)) }
                    th { (f.tm(W::Left)) }
                    @if editable.is_some() { th {} }
                    th {}
                } }
                tbody {
                    @for d in &rules.doctors {
                        tr id={ "doctor-" (d.id.as_str()) } {
                            td { (d.id.as_str()) }
                            td {
                                (d.name)
                                @if d.left.is_some_and(|l| l < today) {
                                    " " small.former { "(" (f.tm(W::Former)) ")" }
                                }
                            }
                            td { (d.clinic) }
                            td { (d.fte.to_string()) }
                            td { (d.phone.as_deref().unwrap_or("")) }
                            td { (day(d.joined)) }
                            td { (day(d.left)) }
                            @if editable.is_some() {
                                td { a href={ "/admin/members/doctor/" (d.id.as_str()) } { (f.tm(W::Edit)) } }
                            }
                            td {
                                @if d.is_member_on(today) {
                                    (super::sign_in_links::button(f, d.id.as_str()))
                                }
                            }
                        }
                    }
                }
            }
            h2 { (f.tm(W::Hospitals)) }
            @if editable.is_some() {
                p { a href="/admin/members/place/new?kind=hospital" { (f.t(&WebMsg::Import(ImportMsg::AddHospital))) } }
            }
            table.hospitals {
                thead { tr {
                    th { (f.tm(W::Order)) } th { (f.tm(W::HospitalId)) } th { (f.tm(W::PlaceName)) } th { (f.tm(W::Phone)) }
                    @if editable.is_some() { th {} }
                } }
                tbody { @for h in &rules.hospitals {
                    tr {
                        td { (h.order) } td { (h.id.as_str()) } td { (h.name) } td { (h.phone) }
                        @if editable.is_some() { td { (edit_place(f, h.id.as_str())) } }
                    }
                } }
            }
            h2 { (f.tm(W::NurseStations)) }
            @if editable.is_some() {
                p { a href="/admin/members/place/new?kind=nurse_station" { (f.t(&WebMsg::Import(ImportMsg::AddStation))) } }
            }
            table.stations {
                thead { tr {
                    th { (f.tm(W::StationId)) } th { (f.tm(W::PlaceName)) } th { (f.tm(W::Phone)) }
                    @if editable.is_some() { th {} }
                } }
                tbody { @for s in &rules.nurse_stations {
                    tr {
                        td { (s.id.as_str()) } td { (s.name) } td { (s.phone.as_deref().unwrap_or("")) }
                        @if editable.is_some() { td { (edit_place(f, s.id.as_str())) } }
                    }
                } }
            }
            h2 { (f.tm(W::HolidayPeriods)) }
            @if editable.is_some() {
                p { a href="/admin/members/period/new" { (f.t(&WebMsg::Import(ImportMsg::AddPeriod))) } }
            }
            table.periods {
                thead { tr {
                    th { (f.tm(W::PeriodId)) } th { (f.tm(W::PlaceName)) } th { (f.tm(W::Period)) } th { (f.tm(W::Weight)) }
                    @if editable.is_some() { th {} }
                } }
                tbody { @for p in &rules.holiday_periods {
                    tr {
                        td { (p.id) }
                        td { (p.name) }
                        td { (f.tm(W::MonthDays {
                            from: (p.start.month, p.start.day),
                            to: (p.end.month, p.end.day),
                            extends: p.extend_over_public_holidays,
                        })) }
                        td { (p.weight) }
                        @if editable.is_some() {
                            td { a href={ "/admin/members/period/" (p.id) } { (f.tm(W::Edit)) } }
                        }
                    }
                } }
            }
        },
    )
}

fn edit_place(f: &Frame, id: &str) -> Markup {
    html! { a href={ "/admin/members/place/" (id) } { (f.tm(WebMembers::Edit)) } }
}

/// The form of a backup hospital or nurse station.
pub struct PlaceForm<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its name as the rules have it (the title).
    pub title: &'a str,
    /// A hospital (with an order) rather than a station.
    pub hospital: bool,
    /// The fields as shown.
    pub fields: &'a PlaceFields,
    /// Why the last save was refused.
    pub problems: &'a Problems,
    /// A new place (its id typed, posted to `/admin/members/place`), else `id`'s entry.
    pub adding: bool,
}

/// A backup hospital's or nurse station's form, new or edited; a refused save shows its
/// problems, each under its field.
pub fn place_form(f: &Frame, csrf: &str, form: &PlaceForm<'_>, n: Option<&Notice>) -> String {
    use WebMembers as W;
    let p = form.fields;
    let (title, action) = match (form.adding, form.hospital) {
        (true, true) => (WebMsg::Import(ImportMsg::AddHospital), "/admin/members/place".into()),
        (true, false) => (WebMsg::Import(ImportMsg::AddStation), "/admin/members/place".into()),
        (false, _) => (
            m(W::EditPlace { name: form.title.to_string() }),
            format!("/admin/members/place/{}", form.id),
        ),
    };
    f.page(
        &title,
        html! {
            (f.notice(n))
            @let e = form.problems;
            (e.summary(f))
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                @if form.adding {
                    input type="hidden" name="kind" value=(if form.hospital { "hospital" } else { "nurse_station" });
                    label for="id" { (f.tm(if form.hospital { W::HospitalId } else { W::StationId })) }
                    input id="id" name="id" value=(form.id) required autocomplete="off" aria-invalid=[e.invalid("id")] aria-describedby=[e.described("id")];
                    (e.under(f, "id"))
                    p.note { (f.tm(W::IdHint { example: if form.hospital { "h4" } else { "ns2" }, period: false })) }
                }
                label for="name" { (f.tm(W::PlaceName)) }
                input id="name" name="name" value=(p.name) required aria-invalid=[e.invalid("name")] aria-describedby=[e.described("name")];
                (e.under(f, "name"))
                label for="name_en" { (f.tm(W::NameEn)) }
                input id="name_en" name="name_en" value=(p.name_en) lang="en" autocomplete="off" aria-invalid=[e.invalid("name_en")] aria-describedby=[e.described("name_en")];
                (e.under(f, "name_en"))
                p.note { (f.tm(W::NameEnHint { example: if form.hospital { "Sosa Central Hospital" } else { "Sosa Visiting Nurse Station" } })) }
                label for="phone" { (f.tm(W::Phone)) }
                input id="phone" name="phone" type="tel" value=(p.phone) required[form.hospital] aria-invalid=[e.invalid("phone")] aria-describedby=[e.described("phone")];
                (e.under(f, "phone"))
                @if form.hospital {
                    label for="order" { (f.tm(W::Order)) }
                    input id="order" name="order" value=(p.order) inputmode="numeric" required aria-invalid=[e.invalid("order")] aria-describedby=[e.described("order")];
                    (e.under(f, "order"))
                }
                button type="submit" { (f.tm(W::Save)) }
            }
            p.back { a href="/admin/members" { (f.tm(W::BackToMembers)) } }
        },
    )
}

/// A holiday period's form; a refused save shows its problems, each under its field. `title`
/// None: a new period (its id typed, posted to `/admin/members/period`).
pub fn period_form(
    f: &Frame,
    csrf: &str,
    id: &str,
    title: Option<&str>,
    p: &PeriodFields,
    e: &Problems,
    n: Option<&Notice>,
) -> String {
    use WebMembers as W;
    let (heading, action) = match title {
        Some(name) => {
            (m(W::EditPlace { name: name.to_string() }), format!("/admin/members/period/{id}"))
        }
        None => (WebMsg::Import(ImportMsg::AddPeriod), "/admin/members/period".to_string()),
    };
    f.page(
        &heading,
        html! {
            (f.notice(n))
            (e.summary(f))
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                @if title.is_none() {
                    label for="id" { (f.tm(W::PeriodId)) }
                    input id="id" name="id" value=(id) required autocomplete="off" aria-invalid=[e.invalid("id")] aria-describedby=[e.described("id")];
                    (e.under(f, "id"))
                    p.note { (f.tm(W::IdHint { example: "obon", period: true })) }
                }
                label for="name" { (f.tm(W::PlaceName)) }
                input id="name" name="name" value=(p.name) required aria-invalid=[e.invalid("name")] aria-describedby=[e.described("name")];
                (e.under(f, "name"))
                label for="start" { (f.tm(W::PeriodStart)) }
                input id="start" name="start" value=(p.start) required placeholder="12-29" aria-invalid=[e.invalid("start")] aria-describedby=[e.described("start")];
                (e.under(f, "start"))
                label for="end" { (f.tm(W::PeriodEnd)) }
                input id="end" name="end" value=(p.end) required placeholder="01-03" aria-invalid=[e.invalid("end")] aria-describedby=[e.described("end")];
                (e.under(f, "end"))
                p.note { (f.tm(W::PeriodHint)) }
                label for="weight" { (f.tm(W::Weight)) }
                input id="weight" name="weight" value=(p.weight) inputmode="numeric" aria-invalid=[e.invalid("weight")] aria-describedby=[e.described("weight")];
                (e.under(f, "weight"))
                label.check {
                    input type="checkbox" name="extend" value="1" checked[p.extend];
                    " " (f.tm(W::Extend))
                }
                button type="submit" { (f.tm(W::Save)) }
            }
            p.back { a href="/admin/members" { (f.tm(W::BackToMembers)) } }
        },
    )
}

/// A date with its year (membership dates span decades).
fn day_msg(d: NaiveDate) -> WebMsg {
    m(WebMembers::Date(Day(d)))
}

/// The form of a new doctor (`id` None: the id is typed) or of doctor `id`.
pub struct DoctorForm<'a> {
    /// The doctor being edited, with their name, or None for a new one.
    pub editing: Option<(&'a str, &'a str)>,
    /// The id typed (a new doctor).
    pub id: &'a str,
    /// The fields as shown (the rules' values, or what was typed).
    pub fields: &'a DoctorFields,
    /// Why the last save was refused.
    pub problems: &'a Problems,
}

/// A doctor's form, new or edited; a refused save shows its problems under the notice and
/// each under its field.
pub fn doctor_form(f: &Frame, csrf: &str, form: &DoctorForm<'_>, n: Option<&Notice>) -> String {
    use WebMembers as W;
    let (title, action) = match form.editing {
        Some((id, name)) => (
            m(W::EditDoctor { doctor: Doctor(name.to_string()) }),
            format!("/admin/members/doctor/{id}"),
        ),
        None => (m(W::AddDoctor), "/admin/members/doctor".to_string()),
    };
    let d = form.fields;
    f.page(
        &title,
        html! {
            (f.notice(n))
            @let e = form.problems;
            (e.summary(f))
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                @if form.editing.is_none() {
                    label for="id" { (f.tm(W::Id)) }
                    input id="id" name="id" value=(form.id) required autocomplete="off" aria-invalid=[e.invalid("id")] aria-describedby=[e.described("id")];
                    (e.under(f, "id"))
                    p.note { (f.tm(W::IdHint { example: "d13", period: false })) }
                }
                label for="name" { (f.tm(W::Name)) }
                input id="name" name="name" value=(d.name) required aria-invalid=[e.invalid("name")] aria-describedby=[e.described("name")];
                (e.under(f, "name"))
                label for="name_en" { (f.tm(W::NameEn)) }
                input id="name_en" name="name_en" value=(d.name_en) lang="en" autocomplete="off" aria-invalid=[e.invalid("name_en")] aria-describedby=[e.described("name_en")];
                (e.under(f, "name_en"))
                p.note { (f.tm(W::NameEnHint { example: "Aoki Ichiro" })) }
                label for="clinic" { (f.tm(W::Clinic)) }
                input id="clinic" name="clinic" value=(d.clinic) required aria-invalid=[e.invalid("clinic")] aria-describedby=[e.described("clinic")];
                (e.under(f, "clinic"))
                label for="fte" { (f.tm(W::Fte)) }
                input id="fte" name="fte" value=(d.fte) inputmode="decimal" aria-invalid=[e.invalid("fte")] aria-describedby=[e.described("fte")];
                (e.under(f, "fte"))
                p.note { (f.tm(W::FteHint)) }
                label for="phone" { (f.tm(W::Phone)) }
                input id="phone" name="phone" type="tel" value=(d.phone) aria-invalid=[e.invalid("phone")] aria-describedby=[e.described("phone")];
                (e.under(f, "phone"))
                label for="joined" { (f.tm(W::Joined)) }
                input id="joined" name="joined" type="date" value=(d.joined) aria-invalid=[e.invalid("joined")] aria-describedby=[e.described("joined")];
                (e.under(f, "joined"))
                label for="left" { (f.tm(W::Left)) }
                input id="left" name="left" type="date" value=(d.left) aria-invalid=[e.invalid("left")] aria-describedby=[e.described("left")];
                (e.under(f, "left"))
                p.note { (f.tm(W::LeftHint)) }
                button type="submit" { (f.tm(W::Save)) }
            }
            p.back { a href="/admin/members" { (f.tm(W::BackToMembers)) } }
        },
    )
}

/// One absence in the list, names looked up.
pub struct AbsenceRow {
    /// Its number.
    pub id: crate::ids::AbsenceId,
    /// The doctor's name.
    pub doctor: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The reason given.
    pub note: String,
    /// A soft request.
    pub soft: bool,
    /// The published duties it falls on, each (text, its cover form's address).
    pub clashes: Vec<(WebMsg, String)>,
}

/// Which absences the page lists: those not over yet, or a page of the past ones.
pub struct AbsenceList {
    /// The absences shown.
    pub rows: Vec<AbsenceRow>,
    /// `None`: those running or to come; `Some(n)`: page `n` of those over (1 = the latest).
    pub past_page: Option<usize>,
    /// Past absences a page.
    pub per_page: usize,
    /// How many absences are over.
    pub past_total: usize,
}

impl AbsenceList {
    /// The address of page `n` of the past absences.
    fn href(n: usize) -> String {
        format!("/admin/absences?past=1&page={n}")
    }

    /// The list's heading, its range and the links to the other absences.
    fn head(&self, f: &Frame) -> Markup {
        use WebMembers as W;
        html! {
            @match self.past_page {
                None => {
                    @if self.rows.is_empty() {
                        p { (f.tm(if self.past_total == 0 { W::NoAbsences } else { W::NoCurrentAbsences })) }
                    }
                    @if self.past_total > 0 {
                        p.past { a href="/admin/absences?past=1" { (f.tm(W::PastLink { n: self.past_total })) } }
                    }
                }
                Some(page) => {
                    h2 { (f.tm(W::PastHeading)) }
                    p.back { a href="/admin/absences" { (f.tm(W::CurrentLink)) } }
                    @if self.rows.is_empty() {
                        p { (f.tm(W::NoAbsences)) }
                    } @else {
                        @let from = (page - 1) * self.per_page + 1;
                        p.note { (f.tm(W::PastRange { from, to: from + self.rows.len() - 1, total: self.past_total })) }
                    }
                }
            }
        }
    }

    /// The links to the newer and the older past absences.
    fn pager(&self, f: &Frame) -> Markup {
        use crate::msg::web_records::RecordsMsg as R;
        html! {
            @if let Some(page) = self.past_page {
                p.pages {
                    @if page > 1 { a rel="prev" href=(Self::href(page - 1)) { (f.t(&WebMsg::Records(R::Newer))) } " " }
                    @if page * self.per_page < self.past_total { a rel="next" href=(Self::href(page + 1)) { (f.t(&WebMsg::Records(R::Older))) } }
                }
            }
        }
    }
}

/// What the Absences form shows again after a refusal.
#[derive(Default)]
pub struct AbsenceFields {
    /// A "prefer not" request rather than an absence.
    pub soft: bool,
    /// The doctor's id.
    pub doctor: String,
    /// First day, as typed.
    pub from: String,
    /// Last day, as typed.
    pub to: String,
    /// The reason.
    pub reason: String,
}

/// The Absences page: the clashes of the absence just added (named at once), the list with
/// a remove button each, and the form to add one.
pub fn absences(
    f: &Frame,
    csrf: &str,
    doctors: &[(String, String)],
    list: &AbsenceList,
    clashes: &[(WebMsg, String)],
    form: &AbsenceFields,
    n: Option<&Notice>,
) -> String {
    use WebMembers as W;
    let day = |d: NaiveDate| f.t(&day_msg(d));
    f.page(
        &m(W::AbsencesTitle),
        html! {
            (f.notice(n))
            @if !clashes.is_empty() {
                section.clashes role="alert" {
                    h2 { (f.tm(W::ClashesHeading)) }
                    ul { @for (c, href) in clashes {
                        li.error { (f.t(c)) " " a.cover href=(href) { (f.t(&WebMsg::Live(LiveMsg::CoverLink))) } }
                    } }
                }
            }
            (list.head(f))
            @if !list.rows.is_empty() {
                table.absences {
                    thead { tr {
                        th { (f.tm(W::AbsenceNo)) } th { (f.tm(W::Doctor)) } th { (f.tm(W::From)) }
                        th { (f.tm(W::To)) } th { (f.tm(W::KindHeading)) } th { (f.tm(W::Reason)) }
                        th { (f.t(&WebMsg::Live(LiveMsg::ClashColumn))) } th {}
                    } }
                    tbody { @for a in &list.rows {
                        tr id={ "absence-" (a.id) } {
                            td { (a.id) }
                            td { (a.doctor) }
                            td { (day(a.from)) }
                            td { (day(a.to)) }
                            td { (f.tm(W::Kind { soft: a.soft })) }
                            td { (a.note) }
                            td.clash { @for (c, href) in &a.clashes {
                                (f.t(c)) " " a.cover href=(href) { (f.t(&WebMsg::Live(LiveMsg::CoverLink))) } br;
                            } }
                            td {
                                form method="post" action={ "/admin/absences/" (a.id) "/remove" } {
                                    input type="hidden" name="csrf" value=(csrf);
                                    button.small type="submit" { (f.tm(W::Remove)) }
                                }
                            }
                        }
                    } }
                }
                (list.pager(f))
            }
            h2 { (f.tm(W::AddAbsence)) }
            (absence_form(f, csrf, doctors, form))
        },
    )
}

fn absence_form(f: &Frame, csrf: &str, doctors: &[(String, String)], a: &AbsenceFields) -> Markup {
    use WebMembers as W;
    html! {
        form method="post" action="/admin/absences" {
            input type="hidden" name="csrf" value=(csrf);
            label for="doctor" { (f.tm(W::Doctor)) }
            select id="doctor" name="doctor" required {
                option value="" { (f.tm(W::ChooseDoctor)) }
                @for (id, name) in doctors {
                    option value=(id) selected[*id == a.doctor] { (name) " (" (id) ")" }
                }
            }
            label for="from" { (f.tm(W::From)) }
            input id="from" name="from" type="date" value=(a.from) required;
            label for="to" { (f.tm(W::To)) }
            input id="to" name="to" type="date" value=(a.to) required;
            label for="kind" { (f.t(&WebMsg::Live(LiveMsg::KindLabel))) }
            select id="kind" name="kind" {
                option value="away" selected[!a.soft] { (f.t(&WebMsg::Live(LiveMsg::KindAway))) }
                option value="soft" selected[a.soft] { (f.t(&WebMsg::Live(LiveMsg::KindSoft))) }
            }
            p.note { (f.t(&WebMsg::Live(LiveMsg::KindHint))) }
            label for="reason" { (f.tm(W::Reason)) }
            input id="reason" name="reason" value=(a.reason) maxlength=(crate::desk::MAX_ABSENCE_NOTE);
            button type="submit" { (f.tm(W::AddAbsence)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Lang;

    fn frame(lang: Lang) -> Frame {
        Frame {
            lang,
            association: "医師会".into(),
            here: "/admin/members".into(),
            who: Some(super::super::frame::SignedIn {
                name: "事務局".into(),
                csrf: "c".repeat(64),
            }),
        }
    }

    #[test]
    fn the_members_page_lists_doctors_hospitals_stations_and_holiday_periods() {
        let rules = crate::plan::testing::sosa();
        let today = NaiveDate::from_ymd_opt(2027, 3, 2).unwrap();
        let page = members(&frame(Lang::Ja), &rules, today, Some("rules/*.toml"), None, None);
        for d in &rules.doctors {
            assert!(page.contains(&d.name) && page.contains(&d.clinic), "{} missing", d.name);
            assert!(page.contains(&format!("href=\"/admin/members/doctor/{}\"", d.id)), "{page}");
        }
        for h in &rules.hospitals {
            assert!(page.contains(&h.name), "{page}");
        }
        for p in &rules.holiday_periods {
            assert!(page.contains(&p.name), "{page}");
        }
        assert!(page.contains("1999年4月1日(木)"), "membership dates with their year: {page}");
        assert!(page.contains("aria-current=\"page\""), "the nav marks Members: {page}");
        // Hospitals, stations and periods have a 名称, not a person's 氏名, and an ID, not a
        // 会員ID; the load share reads in plain words; no file talk for the clerk.
        let table = |class: &str| {
            let at = page.find(&format!("<table class=\"{class}\">")).expect(class);
            page[at..].split("</thead>").next().unwrap_or_default().to_string()
        };
        for (class, id) in
            [("hospitals", "病院ID"), ("stations", "ステーションID"), ("periods", "期間ID")]
        {
            let head = table(class);
            assert!(
                head.contains("<th>名称</th>") && head.contains(&format!("<th>{id}</th>")),
                "{head}"
            );
            assert!(!head.contains("氏名") && !head.contains("会員ID"), "{head}");
        }
        assert!(table("doctors").contains("<th>氏名</th>"), "{page}");
        assert!(page.contains("負担の割合（常勤=1）") && !page.contains("FTE"), "{page}");
        assert!(!page.contains("コメント"), "{page}");
        let read_only = members(&frame(Lang::En), &rules, today, None, None, None);
        assert!(!read_only.contains("/admin/members/doctor/"), "no edit links: {read_only}");
        assert!(read_only.contains("shown here, not edited"), "{read_only}");
    }

    #[test]
    fn the_doctor_form_escapes_what_was_typed_and_shows_the_loaders_problems() {
        let fields = DoctorFields { name: "<b>x</b>".into(), ..DoctorFields::default() };
        // The loader's problems come in brief (no file or line); escaped like all text.
        let problems =
            Problems { fields: Vec::new(), rules: vec!["the fte <1.5> is too large".into()] };
        let form = DoctorForm { editing: None, id: "d13\"", fields: &fields, problems: &problems };
        let n = Notice::Error(m(WebMembers::RulesRefused));
        let page = doctor_form(&frame(Lang::Ja), "c", &form, Some(&n));
        assert!(!page.contains("<b>x</b>") && page.contains("&lt;b&gt;x&lt;/b&gt;"), "{page}");
        assert!(page.contains("value=\"d13&quot;\""), "{page}");
        assert!(page.contains("the fte &lt;1.5&gt; is too large"), "{page}");
        assert!(page.contains("保存していません"), "{page}");
        assert!(page.contains("action=\"/admin/members/doctor\""), "{page}");
        // A doctor has a 氏名; the new ID's example is a doctor's.
        assert!(page.contains("<label for=\"name\">氏名</label>"), "{page}");
        assert!(page.contains("（例 d13）"), "{page}");
        let fields = PlaceFields::default();
        let none = Problems::default();
        let form = PlaceForm {
            id: "",
            title: "",
            hospital: true,
            fields: &fields,
            problems: &none,
            adding: true,
        };
        let page = place_form(&frame(Lang::Ja), "c", &form, None);
        assert!(
            page.contains("<label for=\"name\">名称</label>") && page.contains("（例 h4）"),
            "{page}"
        );
    }

    #[test]
    fn each_fields_problem_is_said_under_it_and_listed_under_the_notice() {
        use crate::rules::edit::fields::{Field, FieldProblem};
        let fields = DoctorFields { fte: "1.5".into(), ..DoctorFields::default() };
        let problems = Problems {
            fields: vec![
                FieldProblem::Empty(Field::Clinic),
                FieldProblem::Fte { typed: "1.5".into() },
            ],
            rules: Vec::new(),
        };
        let form = DoctorForm { editing: None, id: "d13", fields: &fields, problems: &problems };
        let n = Notice::Error(m(WebMembers::FieldsRefused { n: 2 }));
        let page = doctor_form(&frame(Lang::Ja), "c", &form, Some(&n));
        let at = |s: &str| page.find(s).unwrap_or_else(|| panic!("{s} missing: {page}"));
        assert!(at("入力に直すところが2か所") < at("<ul class=\"problems\">"), "{page}");
        assert!(page.contains("href=\"#clinic\""), "the list leads to the field: {page}");
        let fte = at("id=\"fte\"");
        assert!(page[fte..].starts_with("id=\"fte\" name=\"fte\" value=\"1.5\""), "{page}");
        assert!(page[fte..at("for=\"phone\"")].contains("id=\"fte-problem\""), "{page}");
        assert!(page.contains("aria-describedby=\"fte-problem\""), "{page}");
        assert_eq!(page.matches("aria-invalid=\"true\"").count(), 2, "{page}");
        assert!(!page.contains("id=\"name-problem\""), "{page}");
    }

    #[test]
    fn the_members_page_names_the_duties_a_saved_left_date_leaves_without_a_doctor() {
        let rules = crate::plan::testing::sosa();
        let today = NaiveDate::from_ymd_opt(2027, 3, 2).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2027, 4, d).unwrap();
        let slot = crate::msg::slot::SlotRef::with_days("2027-04-06", day(6), day(12));
        let u = Uncovered {
            heading: m(WebMembers::LeftDuties {
                doctor: Doctor("大野 修".into()),
                left: Some(Day(NaiveDate::from_ymd_opt(2027, 3, 31).unwrap())),
                n: 1,
            }),
            duties: vec![(
                m(WebMembers::LeftDuty(slot)),
                "/admin/year/2027/slot/2027-04-06".into(),
            )],
            what: m(WebMembers::LeftDutiesWhat),
            replan: Some((
                m(WebMembers::ReplanFrom { from: Day(day(6)) }),
                "/admin/plan/2027?from=2027-04-06".into(),
            )),
        };
        let n = Notice::Info(m(WebMembers::DoctorSaved { doctor: Doctor("大野 修".into()) }));
        let page =
            members(&frame(Lang::Ja), &rules, today, Some("rules/*.toml"), Some(&n), Some(&u));
        assert!(page.contains("大野 修先生の退会日（2027年3月31日(水)）より後に"), "{page}");
        assert!(page.contains("4月6日(火)〜4月12日(月)の当番（2027-04-06）"), "{page}");
        assert!(page.contains("href=\"/admin/year/2027/slot/2027-04-06\""), "{page}");
        assert!(page.contains("2027年4月6日(火)から計画し直す"), "{page}");
        assert!(page.contains("role=\"alert\""), "{page}");
    }

    #[test]
    fn the_absences_page_names_the_clashes_first_and_offers_remove() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 4).unwrap();
        let rows = vec![AbsenceRow {
            id: crate::ids::AbsenceId::new(7),
            doctor: "上田 誠".into(),
            from: day,
            to: day,
            note: "学会 <東京>".into(),
            soft: false,
            clashes: vec![(
                m(WebMembers::NoSuchDoctor { id: "row-clash".into() }),
                "/admin/absences/7/cover/s9".into(),
            )],
        }];
        let clash = (
            m(WebMembers::NoSuchDoctor { id: "clash-text".into() }),
            "/admin/absences/7/cover/s9".to_string(),
        );
        let doctors = [("d03".to_string(), "上田 誠".to_string())];
        let form = AbsenceFields { doctor: "d03".into(), ..AbsenceFields::default() };
        let list = AbsenceList { rows, past_page: None, per_page: 50, past_total: 0 };
        let page = absences(&frame(Lang::Ja), "c", &doctors, &list, &[clash], &form, None);
        let (heading, list) = (page.find("公開済みの当番と重なっています"), page.find("absence-7"));
        assert!(heading.unwrap() < list.unwrap(), "{page}");
        assert!(page.contains("clash-text"), "{page}");
        assert!(page.contains("学会 &lt;東京&gt;"), "{page}");
        // The first column is the absence's number, not a member's id.
        assert!(page.contains("<th>番号</th>") && !page.contains("<th>会員ID</th>"), "{page}");
        assert!(page.contains("action=\"/admin/absences/7/remove\""), "{page}");
        assert!(page.contains("value=\"d03\" selected"), "{page}");
        assert!(page.contains("row-clash"), "{page}");
        assert_eq!(page.matches("href=\"/admin/absences/7/cover/s9\"").count(), 2, "{page}");
        assert!(page.contains("name=\"kind\""), "the kind of absence is chosen: {page}");
        assert!(!page.contains("past=1"), "no link to past absences when there are none");
    }

    #[test]
    fn the_past_absences_page_says_which_it_shows_and_links_newer_and_older() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let row = |i| AbsenceRow {
            id: crate::ids::AbsenceId::new(i),
            doctor: "上田 誠".into(),
            from: day,
            to: day,
            note: String::new(),
            soft: false,
            clashes: vec![],
        };
        let rows = (1..=50).map(row).collect();
        let list = AbsenceList { rows, past_page: Some(2), per_page: 50, past_total: 120 };
        let form = AbsenceFields::default();
        let page = absences(&frame(Lang::Ja), "c", &[], &list, &[], &form, None);
        assert!(page.contains("終わった不在120件のうち、新しいものから51〜100件目"), "{page}");
        assert!(page.contains("href=\"/admin/absences?past=1&amp;page=1\""), "{page}");
        assert!(page.contains("href=\"/admin/absences?past=1&amp;page=3\""), "{page}");
        assert!(page.contains("href=\"/admin/absences\""), "back to the current ones: {page}");
        // The current ones: none left, a link to the 120 past ones.
        let list = AbsenceList { rows: vec![], past_page: None, per_page: 50, past_total: 120 };
        let page = absences(&frame(Lang::Ja), "c", &[], &list, &[], &form, None);
        assert!(page.contains("現在とこれからの不在はありません。"), "{page}");
        assert!(page.contains("href=\"/admin/absences?past=1\""), "{page}");
        assert!(page.contains("終わった不在（120件）を見る"), "{page}");
    }
}
