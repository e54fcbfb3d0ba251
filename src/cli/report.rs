//! `toban report YEAR`: the annual record from the store, as a table, JSON or an HTML page.

use std::io::Write;

use super::table::Table;
use crate::msg::report_doc::ReportDoc;
use crate::msg::{Lang, Message};
use crate::report::{AnnualReport, figures, period_names, who};
use crate::rules::Rules;
use crate::store::{RotaStatus, Store};

/// Builds `year`'s report from the store.
pub fn build(rules: &Rules, store: &dyn Store, year: i32) -> anyhow::Result<AnnualReport> {
    // One read of the record serves both the rotation history and the balances.
    let (duties, targets) = crate::known::ledger_duties(store)?;
    let ledger = crate::plan::ledger::build(rules, &duties, &targets, Some(year + 1));
    let rota = store.rota_version(year, RotaStatus::Published)?;
    Ok(crate::report::build(&crate::report::ReportInput {
        rules,
        year,
        patients: &store.patients()?,
        calls: &store.calls()?,
        duties: &duties,
        ledger: &ledger,
        rota: rota.as_ref(),
    }))
}

/// Writes the report in `format` to `out`: the text table in the reader's `lang`, the files
/// for the board (HTML, xlsx, CSV) in its language ([`crate::report::BOARD`]).
pub fn write(
    r: &AnnualReport,
    rules: &Rules,
    format: super::ReportFormat,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        super::ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(r)?)?,
        super::ReportFormat::Table => write!(out, "{}", table(r, rules, lang))?,
        super::ReportFormat::Html => write!(out, "{}", crate::report::html(r, rules))?,
        super::ReportFormat::Xlsx => {
            out.write_all(&crate::sheets::xlsx(&crate::sheets::report(r, rules))?)?
        }
        super::ReportFormat::Csv => {
            out.write_all(&crate::sheets::csv(&crate::sheets::report(r, rules), true)?)?
        }
    }
    Ok(())
}

/// The report as aligned text tables, in `lang`.
pub fn table(r: &AnnualReport, rules: &Rules, lang: Lang) -> String {
    let text = |m: ReportDoc| m.render(lang);
    let mut out = text(ReportDoc::TitleWithPeriod {
        association: r.association.clone(),
        year: r.year,
        fiscal: chrono::Datelike::month(&r.from) != 1,
        from: r.from,
        to: r.to,
    });
    out.push_str("\n\n");
    let (figure, value) = (text(ReportDoc::ColFigure), text(ReportDoc::ColValue));
    let mut t = Table::new(&[figure.as_str(), value.as_str()]);
    for (k, v) in figures(r) {
        t.row(vec![k.render(lang), v]);
    }
    out.push_str(&t.render());
    out.push('\n');
    let periods = period_names(rules);
    let mut header =
        vec![text(ReportDoc::ColDoctor), text(ReportDoc::ColName), text(ReportDoc::ColRegular)];
    header.extend(periods.iter().map(|p| p.1.clone()));
    header.extend([
        text(ReportDoc::ColLoad),
        text(ReportDoc::ColTarget),
        text(ReportDoc::ColBalance),
    ]);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Table::new(&header);
    for d in &r.doctors {
        let mut row = vec![d.id.clone(), d.name.clone(), d.regular.to_string()];
        row.extend(periods.iter().map(|p| d.holiday.get(&p.0).copied().unwrap_or(0).to_string()));
        row.extend([
            d.load.to_string(),
            d.target.map_or("–".into(), |t| t.to_string()),
            format!("{:+}", d.balance),
        ]);
        t.row(row);
    }
    out.push_str(&t.render());
    out.push('\n');
    let mut header = vec![text(ReportDoc::ColYear)];
    header.extend(periods.iter().map(|p| p.1.clone()));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Table::new(&header);
    for y in &r.holiday_history {
        let mut row = vec![y.year.to_string()];
        row.extend(periods.iter().map(|p| who(y, &p.0, rules, lang)));
        t.row(row);
    }
    out.push_str(&text(ReportDoc::RotationTitle));
    out.push('\n');
    out.push_str(&t.render());
    out
}
