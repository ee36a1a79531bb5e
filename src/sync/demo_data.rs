//! A deterministic generator of realistic Billy-shaped bookkeeping data.
//!
//! The same seed and `today` always give the same data. It models what makes
//! dashboards interesting: seasonality, growth, a few large customers, some foreign
//! (EUR) customers, credit notes, drafts and voided invoices, and payments that arrive
//! on time, late, partially or never. Output comes as [`Batch`]es in date order, so it
//! can be written exactly the way a sync writes.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use rand::distributions::WeightedIndex;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;

use crate::domain::period::{add_months, first_of_month, sub_months};
use crate::store::{
    Batch, BillRecord, CustomerRecord, DocumentState, InvoiceKind, InvoiceLineRecord,
    InvoiceRecord, NewOrganization, PaymentAssociation, PaymentRecord, PaymentSubject,
    ProductRecord,
};

/// What to generate for one organization.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DemoSpec {
    pub seed: u64,
    /// Invoices (and credit notes) over the whole history.
    pub invoices: usize,
    pub customers: usize,
    pub months: u32,
    /// The last day with data; the history ends here.
    pub today: NaiveDate,
}

/// The demo organizations and their share of the requested invoice count.
pub fn demo_organizations() -> Vec<(NewOrganization, f64)> {
    let org = |slug: &str, name: &str| NewOrganization {
        slug: slug.to_string(),
        name: name.to_string(),
        base_currency: "DKK".to_string(),
        timezone: "Europe/Copenhagen".to_string(),
        fiscal_year_end_month: 12,
        billy_organization_id: Some(format!("demo-{slug}")),
        is_demo: true,
    };
    vec![
        (org("fjordline", "Fjordline Consulting ApS"), 0.68),
        (org("nordlys", "Nordlys Studio IVS"), 0.32),
    ]
}

/// The generated data of one organization, in write order.
#[derive(Clone, Debug, Default)]
pub struct DemoData {
    pub batches: Vec<Batch>,
}

impl DemoData {
    pub fn invoices(&self) -> impl Iterator<Item = &InvoiceRecord> {
        self.batches.iter().flat_map(|b| b.invoices.iter())
    }

    pub fn payments(&self) -> impl Iterator<Item = &PaymentRecord> {
        self.batches.iter().flat_map(|b| b.payments.iter())
    }
}

const NAME_STEMS: [&str; 40] = [
    "Fjord", "Havn", "Skov", "Lys", "Nord", "Vest", "Sol", "Bølge", "Eg", "Birk", "Klit", "Mølle",
    "Ager", "Strand", "Bakke", "Sø", "Kyst", "Dal", "Lund", "Holm", "Vind", "Sten", "Ravn", "Falk",
    "Ørn", "Hjort", "Ulv", "Bjørn", "Rune", "Saga", "Tinde", "Frost", "Ild", "Regn", "Sky", "Tåge",
    "Vild", "Engel", "Kilde", "Aften",
];
const NAME_TAILS: [&str; 16] = [
    "Data",
    "Design",
    "Byg",
    "Consult",
    "Media",
    "Logistik",
    "Tech",
    "Food",
    "Rådgivning",
    "Energi",
    "Handel",
    "Studio",
    "Systems",
    "Gruppen",
    "Partners",
    "Værksted",
];
const LEGAL_FORMS: [&str; 4] = ["ApS", "A/S", "IVS", "I/S"];
const DK_CITIES: [&str; 8] = [
    "København",
    "Aarhus",
    "Odense",
    "Aalborg",
    "Esbjerg",
    "Vejle",
    "Roskilde",
    "Horsens",
];
const FOREIGN: [(&str, &str); 4] = [
    ("DE", "Hamburg"),
    ("SE", "Malmö"),
    ("NL", "Rotterdam"),
    ("NO", "Oslo"),
];
/// (name, unit price in øre, is hourly)
const PRODUCTS: [(&str, i64, bool); 12] = [
    ("Consulting hour", 95_000, true),
    ("Senior consulting hour", 135_000, true),
    ("Design hour", 85_000, true),
    ("Support hour", 65_000, true),
    ("Workshop day", 1_250_000, false),
    ("Software licence (month)", 249_000, false),
    ("Software licence (year)", 1_490_000, false),
    ("Hosting (month)", 79_500, false),
    ("Implementation package", 2_500_000, false),
    ("Training seat", 350_000, false),
    ("Travel flat fee", 150_000, false),
    ("Report", 890_000, false),
];
const EUR_RATE_MICROS: i64 = 7_460_000;

struct Customer {
    record: CustomerRecord,
    weight: f64,
    /// Mean days after the due date this customer pays (negative: early).
    mean_delay: i64,
    partial_payer: bool,
    defaulter: bool,
    /// The first day this customer buys: some from the start, the others join through
    /// the period, so every month has new customers as a real business does.
    joins: NaiveDate,
}

/// Generates one organization's history.
pub fn generate(spec: &DemoSpec) -> DemoData {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let start = sub_months(first_of_month(spec.today), spec.months.saturating_sub(1));
    let mut customers = make_customers(&mut rng, spec.customers.max(5));
    let history_days = (spec.today - start).num_days().max(1);
    for (i, customer) in customers.iter_mut().enumerate() {
        // The three big customers and about a third of the rest are there from the start.
        let founding = i < 3 || rng.gen_bool(0.35);
        customer.joins = if founding {
            start
        } else {
            start
                .checked_add_signed(Duration::days(rng.gen_range(0..history_days)))
                .unwrap_or(start)
        };
    }
    let suppliers = make_suppliers(&mut rng, 12);
    let products = make_products(&mut rng);

    let setup = Batch {
        customers: customers
            .iter()
            .map(|c| c.record.clone())
            .chain(suppliers.iter().cloned())
            .collect(),
        products: products.clone(),
        ..Batch::default()
    };

    let mut monthly: Vec<Batch> = Vec::new();
    let mut month = start;
    while month <= spec.today {
        monthly.push(Batch::default());
        month = add_months(month, 1);
    }
    let batch_of = |day: NaiveDate| -> usize {
        let months = (day.year() - start.year()) * 12 + day.month() as i32 - start.month() as i32;
        usize::try_from(months).unwrap_or(0)
    };

    let days = invoice_days(start, spec.today);
    let day_index = WeightedIndex::new(days.iter().map(|(_, w)| *w)).ok();
    let customer_index = WeightedIndex::new(customers.iter().map(|c| c.weight)).ok();
    let (Some(day_index), Some(customer_index)) = (day_index, customer_index) else {
        return DemoData::default();
    };

    let mut dated: Vec<(NaiveDate, usize)> = (0..spec.invoices)
        .map(|_| {
            let day = days[day_index.sample(&mut rng)].0;
            // A few draws for a customer who has joined by then; the first customer
            // (there from the start) when none is found, so the loop is bounded.
            let customer = (0..16)
                .map(|_| customer_index.sample(&mut rng))
                .find(|ix| customers[*ix].joins <= day)
                .unwrap_or(0);
            (day, customer)
        })
        .collect();
    dated.sort();

    let mut number = 1000_u32;
    for (entry_date, customer_ix) in dated {
        number += 1;
        let customer = &customers[customer_ix];
        let invoice = make_invoice(&mut rng, spec, customer, &products, entry_date, number);
        let (invoice, payments) = settle(&mut rng, spec.today, customer, invoice);
        let credit_note = maybe_credit_note(&mut rng, spec.today, &invoice, &mut number);
        monthly[batch_of(invoice.entry_date)].invoices.push(invoice);
        for payment in payments {
            monthly[batch_of(payment.entry_date)].payments.push(payment);
        }
        if let Some(note) = credit_note {
            monthly[batch_of(note.entry_date)].invoices.push(note);
        }
    }

    // Bills month by month; their payments can fall into a later month, so they are
    // filed by their own date afterwards.
    let mut bill_payments = Vec::new();
    for (ix, batch) in monthly.iter_mut().enumerate() {
        let month_start = add_months(start, u32::try_from(ix).unwrap_or(0));
        let (bills, payments) = make_bills(&mut rng, spec.today, month_start, &suppliers);
        batch.bills = bills;
        bill_payments.extend(payments);
    }
    for payment in bill_payments {
        if let Some(batch) = monthly.get_mut(batch_of(payment.entry_date)) {
            batch.payments.push(payment);
        }
    }
    // Credit notes reference invoices of the same or earlier batches: within a batch,
    // invoices are written before credit notes of the same day.
    for batch in &mut monthly {
        batch
            .invoices
            .sort_by_key(|i| (i.entry_date, i.kind == InvoiceKind::CreditNote));
    }

    let mut batches = vec![setup];
    batches.extend(monthly);
    DemoData { batches }
}

fn billy_id(rng: &mut ChaCha8Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..22)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

fn created_at(day: NaiveDate, hour: u32) -> Option<DateTime<Utc>> {
    NaiveTime::from_hms_opt(hour, 12, 0).map(|t| day.and_time(t).and_utc())
}

fn make_customers(rng: &mut ChaCha8Rng, count: usize) -> Vec<Customer> {
    let mut taken = std::collections::HashSet::new();
    (0..count)
        .map(|i| {
            let foreign = rng.gen_bool(0.15);
            let (country, city) = if foreign {
                FOREIGN[rng.gen_range(0..FOREIGN.len())]
            } else {
                ("DK", DK_CITIES[rng.gen_range(0..DK_CITIES.len())])
            };
            // Every customer has a name of its own, so no two rows on a page look
            // alike: a few draws, then the city added, then the customer number.
            let mut name = String::new();
            for _ in 0..8 {
                name = format!(
                    "{}{} {}",
                    NAME_STEMS[rng.gen_range(0..NAME_STEMS.len())],
                    NAME_TAILS[rng.gen_range(0..NAME_TAILS.len())].to_lowercase(),
                    LEGAL_FORMS[rng.gen_range(0..LEGAL_FORMS.len())]
                );
                if !taken.contains(&name) {
                    break;
                }
            }
            if taken.contains(&name) {
                name = format!("{name} {city}");
            }
            if taken.contains(&name) {
                name = format!("{name} {}", 100 + i);
            }
            taken.insert(name.clone());
            // A heavy tail: most customers buy a little, a few buy a lot.
            let u: f64 = rng.gen_range(0.0..1.0);
            let mut weight = (1.0 - u).powf(-1.0 / 1.6).min(25.0);
            if i < 3 {
                weight *= 12.0;
            }
            let terms = [8, 14, 14, 30, 30][rng.gen_range(0..5)];
            Customer {
                record: CustomerRecord {
                    billy_id: billy_id(rng),
                    name,
                    contact_type: "company".to_string(),
                    country_code: Some(country.to_string()),
                    city: Some(city.to_string()),
                    contact_no: Some(format!("{}", 100 + i)),
                    currency: Some(if foreign { "EUR" } else { "DKK" }.to_string()),
                    registration_no: (!foreign)
                        .then(|| format!("{}", rng.gen_range(10_000_000..99_999_999))),
                    is_customer: true,
                    is_supplier: false,
                    payment_terms_days: Some(terms),
                    is_archived: false,
                    created_at: None,
                },
                weight,
                mean_delay: [-3, 0, 0, 2, 5, 12, 25][rng.gen_range(0..7)],
                partial_payer: rng.gen_bool(0.08),
                defaulter: rng.gen_bool(0.03),
                joins: NaiveDate::MIN,
            }
        })
        .collect()
}

fn make_suppliers(rng: &mut ChaCha8Rng, count: usize) -> Vec<CustomerRecord> {
    const SUPPLIERS: [&str; 12] = [
        "Kontorland A/S",
        "Netværkshuset ApS",
        "Elselskabet Øst",
        "Husleje Ejendomme A/S",
        "Revisorgruppen ApS",
        "Telefonia A/S",
        "Rejsebureauet Nord",
        "Softwarehuset ApS",
        "Kaffemøllen I/S",
        "Forsikring Danmark A/S",
        "Bilpark Leasing ApS",
        "Rengøring Plus",
    ];
    (0..count)
        .map(|i| CustomerRecord {
            billy_id: billy_id(rng),
            name: SUPPLIERS[i % SUPPLIERS.len()].to_string(),
            contact_type: "company".to_string(),
            country_code: Some("DK".to_string()),
            city: Some(DK_CITIES[i % DK_CITIES.len()].to_string()),
            contact_no: Some(format!("S{}", 10 + i)),
            currency: Some("DKK".to_string()),
            registration_no: None,
            is_customer: false,
            is_supplier: true,
            payment_terms_days: Some(30),
            is_archived: false,
            created_at: None,
        })
        .collect()
}

fn make_products(rng: &mut ChaCha8Rng) -> Vec<ProductRecord> {
    PRODUCTS
        .iter()
        .enumerate()
        .map(|(i, (name, price, _))| ProductRecord {
            billy_id: billy_id(rng),
            name: (*name).to_string(),
            description: None,
            product_no: Some(format!("P{:03}", i + 1)),
            is_archived: false,
            unit_price_minor: Some(*price),
            currency: Some("DKK".to_string()),
        })
        .collect()
}

/// Every day of the history with its relative invoicing activity: weekdays, seasons
/// (quiet July and Christmas, busy autumn) and steady growth.
fn invoice_days(start: NaiveDate, today: NaiveDate) -> Vec<(NaiveDate, f64)> {
    const SEASON: [f64; 12] = [
        0.8, 0.9, 1.1, 1.0, 1.05, 1.0, 0.55, 0.9, 1.15, 1.15, 1.2, 0.8,
    ];
    let total_days = (today - start).num_days().max(1) as f64;
    start
        .iter_days()
        .take_while(|d| *d <= today)
        .map(|day| {
            let weekday = match day.weekday() {
                Weekday::Sat => 0.08,
                Weekday::Sun => 0.04,
                _ => 1.0,
            };
            let growth = 1.0 + 0.25 * (day - start).num_days() as f64 / total_days;
            (day, weekday * SEASON[day.month0() as usize] * growth)
        })
        .collect()
}

fn make_invoice(
    rng: &mut ChaCha8Rng,
    spec: &DemoSpec,
    customer: &Customer,
    products: &[ProductRecord],
    entry_date: NaiveDate,
    number: u32,
) -> InvoiceRecord {
    let eur = customer.record.currency.as_deref() == Some("EUR");
    let (currency, rate) = if eur {
        ("EUR", EUR_RATE_MICROS + rng.gen_range(-6_000..6_000))
    } else {
        ("DKK", 1_000_000)
    };
    // Large customers order more per invoice, not only more often.
    let size = customer.weight.sqrt().clamp(1.0, 2.5);
    let line_count = rng.gen_range(1..=3);
    let lines: Vec<InvoiceLineRecord> = (0..line_count)
        .map(|_| {
            let ix = rng.gen_range(0..products.len());
            let (_, dkk_price, hourly) = PRODUCTS[ix];
            let unit_price = if eur {
                dkk_price * 1_000_000 / EUR_RATE_MICROS
            } else {
                dkk_price
            };
            let quantity = if hourly {
                (rng.gen_range(1.0..16.0) * size).round() as i64
            } else {
                (rng.gen_range(1.0..2.0) * size).round() as i64
            }
            .max(1);
            let net = unit_price * quantity;
            InvoiceLineRecord {
                billy_id: Some(billy_id(rng)),
                product_billy_id: Some(products[ix].billy_id.clone()),
                description: products[ix].name.clone(),
                quantity_milli: quantity * 1000,
                unit_price_minor: unit_price,
                net_minor: net,
                // Foreign B2B sales inside the EU carry no Danish VAT (reverse charge).
                tax_minor: if eur { 0 } else { net / 4 },
            }
        })
        .collect();
    let net: i64 = lines.iter().map(|l| l.net_minor).sum();
    let tax: i64 = lines.iter().map(|l| l.tax_minor).sum();
    let terms = i64::from(customer.record.payment_terms_days.unwrap_or(14));
    let recent = (spec.today - entry_date).num_days() < 10;
    let state = if recent && rng.gen_bool(0.15) {
        DocumentState::Draft
    } else if rng.gen_bool(0.01) {
        DocumentState::Voided
    } else {
        DocumentState::Approved
    };
    InvoiceRecord {
        billy_id: billy_id(rng),
        customer_billy_id: customer.record.billy_id.clone(),
        invoice_no: number.to_string(),
        kind: InvoiceKind::Invoice,
        state,
        sent_state: if state == DocumentState::Draft {
            "unsent"
        } else {
            "sent"
        }
        .to_string(),
        entry_date,
        due_date: entry_date + Duration::days(terms),
        currency: currency.to_string(),
        exchange_rate_micros: rate,
        tax_mode: "excl".to_string(),
        net_minor: net,
        tax_minor: tax,
        gross_minor: net + tax,
        balance_minor: net + tax,
        is_paid: false,
        credited_invoice_billy_id: None,
        line_description: lines.first().map(|l| l.description.clone()),
        created_at: created_at(entry_date, 9),
        approved_at: (state != DocumentState::Draft)
            .then(|| created_at(entry_date, 10))
            .flatten(),
        lines,
    }
}

/// Payments for an approved invoice according to the customer's habits, and the
/// invoice's balance as of `today`.
fn settle(
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
    customer: &Customer,
    mut invoice: InvoiceRecord,
) -> (InvoiceRecord, Vec<PaymentRecord>) {
    if invoice.state != DocumentState::Approved {
        return (invoice, Vec::new());
    }
    if customer.defaulter && rng.gen_bool(0.5) {
        return (invoice, Vec::new());
    }
    let delay = customer.mean_delay + rng.gen_range(-4..=6);
    let first_day = (invoice.due_date + Duration::days(delay)).max(invoice.entry_date);
    let mut plan: Vec<(NaiveDate, i64)> = Vec::new();
    if customer.partial_payer && rng.gen_bool(0.5) {
        let first = invoice.gross_minor * rng.gen_range(30..70) / 100;
        plan.push((first_day, first));
        if rng.gen_bool(0.7) {
            plan.push((
                first_day + Duration::days(rng.gen_range(10..60)),
                invoice.gross_minor - first,
            ));
        }
    } else {
        plan.push((first_day, invoice.gross_minor));
    }
    let mut payments = Vec::new();
    for (day, amount) in plan.into_iter().filter(|(day, _)| *day <= today) {
        invoice.balance_minor -= amount;
        payments.push(PaymentRecord {
            billy_id: billy_id(rng),
            customer_billy_id: Some(invoice.customer_billy_id.clone()),
            entry_date: day,
            cash_amount_minor: amount,
            currency: invoice.currency.clone(),
            cash_side: "debit".to_string(),
            exchange_rate_micros: invoice.exchange_rate_micros,
            fee_minor: 0,
            is_voided: false,
            created_at: created_at(day, 14),
            associations: vec![PaymentAssociation {
                subject: PaymentSubject::Invoice(invoice.billy_id.clone()),
                amount_minor: amount,
            }],
        });
    }
    invoice.is_paid = invoice.balance_minor == 0;
    (invoice, payments)
}

/// Now and then a customer gets part of an older invoice credited.
fn maybe_credit_note(
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
    invoice: &InvoiceRecord,
    number: &mut u32,
) -> Option<InvoiceRecord> {
    if invoice.state != DocumentState::Approved || !rng.gen_bool(0.03) {
        return None;
    }
    let entry_date = invoice.entry_date + Duration::days(rng.gen_range(3..25));
    if entry_date > today {
        return None;
    }
    *number += 1;
    let share = rng.gen_range(20..=100);
    let net = invoice.net_minor * share / 100;
    let tax = invoice.tax_minor * share / 100;
    Some(InvoiceRecord {
        billy_id: billy_id(rng),
        invoice_no: number.to_string(),
        kind: InvoiceKind::CreditNote,
        entry_date,
        due_date: entry_date,
        net_minor: net,
        tax_minor: tax,
        gross_minor: net + tax,
        balance_minor: 0,
        is_paid: true,
        credited_invoice_billy_id: Some(invoice.billy_id.clone()),
        line_description: Some(format!("Credit for invoice {}", invoice.invoice_no)),
        created_at: created_at(entry_date, 11),
        approved_at: created_at(entry_date, 11),
        lines: vec![InvoiceLineRecord {
            billy_id: Some(billy_id(rng)),
            product_billy_id: None,
            description: format!("Credit for invoice {}", invoice.invoice_no),
            quantity_milli: 1000,
            unit_price_minor: net,
            net_minor: net,
            tax_minor: tax,
        }],
        ..invoice.clone()
    })
}

/// Running costs: rent, software, travel... a couple of dozen bills a month.
fn make_bills(
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
    month: NaiveDate,
    suppliers: &[CustomerRecord],
) -> (Vec<BillRecord>, Vec<PaymentRecord>) {
    let mut bills = Vec::new();
    let count = rng.gen_range(18..32);
    for _ in 0..count {
        let entry_date = month + Duration::days(rng.gen_range(0..28));
        if entry_date > today {
            continue;
        }
        let supplier = &suppliers[rng.gen_range(0..suppliers.len())];
        let net = rng.gen_range(50_000..4_500_000_i64);
        let tax = net / 4;
        let due_date = entry_date + Duration::days(30);
        let mut bill = BillRecord {
            billy_id: billy_id(rng),
            supplier_billy_id: Some(supplier.billy_id.clone()),
            supplier_name: Some(supplier.name.clone()),
            entry_date,
            due_date,
            state: DocumentState::Approved,
            suppliers_invoice_no: Some(format!("F{}", rng.gen_range(10_000..99_999))),
            voucher_no: None,
            net_minor: net,
            tax_minor: tax,
            gross_minor: net + tax,
            currency: "DKK".to_string(),
            exchange_rate_micros: 1_000_000,
            balance_minor: net + tax,
            is_paid: false,
            created_at: created_at(entry_date, 8),
        };
        if bill_payment(&bill, today).is_some() {
            bill.balance_minor = 0;
            bill.is_paid = true;
        }
        bills.push(bill);
    }
    let payments = bills
        .iter()
        .filter_map(|b| bill_payment(b, today))
        .collect();
    (bills, payments)
}

/// The payment of a bill: two days before it is due, if that day has come. Derived from
/// the bill alone so it can be regenerated wherever it is needed.
fn bill_payment(bill: &BillRecord, today: NaiveDate) -> Option<PaymentRecord> {
    let day = bill.due_date - Duration::days(2);
    (day <= today).then(|| PaymentRecord {
        billy_id: format!("pay-{}", bill.billy_id),
        customer_billy_id: bill.supplier_billy_id.clone(),
        entry_date: day,
        cash_amount_minor: bill.gross_minor,
        currency: bill.currency.clone(),
        cash_side: "credit".to_string(),
        exchange_rate_micros: bill.exchange_rate_micros,
        fee_minor: 0,
        is_voided: false,
        created_at: created_at(day, 7),
        associations: vec![PaymentAssociation {
            subject: PaymentSubject::Bill(bill.billy_id.clone()),
            amount_minor: bill.gross_minor,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> DemoSpec {
        DemoSpec {
            seed: 7,
            invoices: 600,
            customers: 40,
            months: 24,
            today: NaiveDate::from_ymd_opt(2026, 11, 21).expect("date"),
        }
    }

    #[test]
    fn same_seed_same_data() {
        let a = generate(&spec());
        let b = generate(&spec());
        assert_eq!(a.batches, b.batches);
        assert!(a.invoices().count() >= 600);
    }

    #[test]
    fn data_has_the_variety_a_dashboard_needs() {
        let data = generate(&spec());
        let invoices: Vec<_> = data.invoices().collect();
        assert!(invoices.iter().any(|i| i.kind == InvoiceKind::CreditNote));
        assert!(invoices.iter().any(|i| i.currency == "EUR"));
        assert!(invoices
            .iter()
            .any(|i| i.state == DocumentState::Approved && !i.is_paid));
        assert!(invoices.iter().all(|i| i.entry_date <= spec().today));
        assert!(data.payments().all(|p| p.entry_date <= spec().today));
        // Balances never go negative and match their payments.
        assert!(invoices.iter().all(|i| i.balance_minor >= 0));
    }

    #[test]
    fn customers_have_distinct_names_and_keep_joining() {
        let data = generate(&DemoSpec {
            customers: 400,
            invoices: 4_000,
            ..spec()
        });
        let names: Vec<&str> = data.batches[0]
            .customers
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        let distinct: std::collections::HashSet<&&str> = names.iter().collect();
        assert_eq!(distinct.len(), names.len(), "no two customers share a name");
        // Customers buying for the first time in each of the last 12 months.
        let mut first: std::collections::HashMap<&str, NaiveDate> = Default::default();
        for invoice in data.invoices().filter(|i| i.kind == InvoiceKind::Invoice) {
            let month = first_of_month(invoice.entry_date);
            let seen = first
                .entry(invoice.customer_billy_id.as_str())
                .or_insert(month);
            *seen = (*seen).min(month);
        }
        for back in 0..12 {
            let month = sub_months(first_of_month(spec().today), back);
            assert!(
                first.values().any(|m| *m == month),
                "a new customer in {month}"
            );
        }
    }
}
