//! `toban report YEAR`: the annual record from the store, as a table, JSON or an HTML page.

use std::io::Write;

use super::table::Table;
use crate::report::{AnnualReport, call_rows, period_names, who};
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

/// Writes the report in `format` to `out`.
pub fn write(
    r: &AnnualReport,
    rules: &Rules,
    format: super::ReportFormat,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        super::ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(r)?)?,
        super::ReportFormat::Table => write!(out, "{}", table(r, rules))?,
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

/// The report as aligned text tables.
pub fn table(r: &AnnualReport, rules: &Rules) -> String {
    let mut out =
        format!("{} {}年度 事業報告（{} 〜 {}）\n\n", r.association, r.year, r.from, r.to);
    let mut t = Table::new(&["項目", "件数"]);
    for (k, v) in call_rows(r) {
        t.row(vec![k.to_string(), v]);
    }
    out.push_str(&t.render());
    out.push('\n');
    let periods = period_names(rules);
    let mut header = vec!["医師".to_string(), "氏名".into(), "通常".into()];
    header.extend(periods.iter().map(|p| p.1.clone()));
    header.extend(["負担点".into(), "目標".into(), "累積差".into()]);
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
    let mut header = vec!["年度".to_string()];
    header.extend(periods.iter().map(|p| p.1.clone()));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Table::new(&header);
    for y in &r.holiday_history {
        let mut row = vec![y.year.to_string()];
        row.extend(periods.iter().map(|p| who(y, &p.0, rules)));
        t.row(row);
    }
    out.push_str("休日当番の輪番\n");
    out.push_str(&t.render());
    out
}
