//! The simulator's data: Billy organizations in Billy's own JSON shape, the list queries
//! the client uses, and the passing of time (new invoices, payments, voids, and edits
//! behind the sync's back).

use chrono::{Duration, NaiveDate, Utc};
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::faults::Faults;
use super::to_wire;
use crate::store::Batch;
use crate::sync::billy::wire::{
    WireAssociation, WireBankPayment, WireBill, WireContact, WireInvoice, WireInvoiceLine,
    WireOrganization, WireProduct,
};

/// One simulated Billy organization and its access token.
#[derive(Clone, Debug)]
pub struct SimOrg {
    pub token: String,
    pub organization: WireOrganization,
    pub contacts: Vec<WireContact>,
    pub products: Vec<WireProduct>,
    pub invoices: Vec<WireInvoice>,
    pub bank_payments: Vec<WireBankPayment>,
    pub bills: Vec<WireBill>,
    pub faults: Faults,
    rng: ChaCha8Rng,
    next_number: u64,
    next_id: u64,
}

/// What [`SimOrg::advance`] should make happen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Advance {
    /// New approved invoices dated today.
    pub invoices: u32,
    /// Open invoices paid in full today, oldest first.
    pub payments: u32,
    /// Open invoices voided.
    pub voids: u32,
    /// Old, paid invoices whose amounts change (behind an incremental sync's cursor).
    pub backdated_edits: u32,
    /// Old, paid invoices deleted outright.
    pub deletions: u32,
}

/// What happened, by upstream id (for tests to check against the mirror).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Advanced {
    pub created: Vec<String>,
    pub paid: Vec<String>,
    pub voided: Vec<String>,
    pub edited: Vec<String>,
    pub deleted: Vec<String>,
}

/// Counts and sums per resource, as Billy would total them (for tests and drift).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub contacts: u64,
    pub products: u64,
    pub invoices: u64,
    pub invoice_lines: u64,
    /// Gross amounts of every invoice and credit note, in minor units.
    pub invoice_gross_minor: i64,
    pub open_invoice_balance_minor: i64,
    pub bank_payments: u64,
    pub cash_amount_minor: i64,
    pub bills: u64,
    pub bill_gross_minor: i64,
}

fn minor(value: f64) -> i64 {
    crate::sync::billy::convert::scaled(value, 2).unwrap_or(0)
}

impl SimOrg {
    /// This organization served under `token` instead.
    pub fn with_token(mut self, token: &str) -> Self {
        self.token = token.to_string();
        self
    }

    /// An organization holding `batches` (the demo generator's output, or any records).
    pub fn from_batches(
        token: &str,
        organization: WireOrganization,
        batches: &[Batch],
        seed: u64,
    ) -> Self {
        let mut org = SimOrg {
            token: token.to_string(),
            contacts: Vec::new(),
            products: Vec::new(),
            invoices: Vec::new(),
            bank_payments: Vec::new(),
            bills: Vec::new(),
            faults: Faults::default(),
            rng: ChaCha8Rng::seed_from_u64(seed),
            next_number: 1,
            next_id: 1,
            organization,
        };
        for batch in batches {
            org.contacts
                .extend(batch.customers.iter().map(to_wire::contact));
            org.products
                .extend(batch.products.iter().map(to_wire::product));
            org.invoices.extend(
                batch
                    .invoices
                    .iter()
                    .map(|i| to_wire::invoice(i, &org.organization.id)),
            );
            org.bank_payments
                .extend(batch.payments.iter().map(to_wire::bank_payment));
            org.bills.extend(batch.bills.iter().map(to_wire::bill));
        }
        org.next_number = org
            .invoices
            .iter()
            .filter_map(|i| i.invoice_no.as_deref()?.parse::<u64>().ok())
            .max()
            .unwrap_or(1000)
            + 1;
        org
    }

    pub fn totals(&self) -> Totals {
        Totals {
            contacts: self.contacts.len() as u64,
            products: self.products.len() as u64,
            invoices: self.invoices.len() as u64,
            invoice_lines: self
                .invoices
                .iter()
                .map(|i| i.lines.as_ref().map_or(0, Vec::len) as u64)
                .sum(),
            invoice_gross_minor: self.invoices.iter().map(|i| minor(i.gross_amount)).sum(),
            open_invoice_balance_minor: self
                .invoices
                .iter()
                .filter(|i| i.state == "approved" && !i.is_paid)
                .map(|i| minor(i.balance))
                .sum(),
            bank_payments: self.bank_payments.len() as u64,
            cash_amount_minor: self
                .bank_payments
                .iter()
                .map(|p| minor(p.cash_amount))
                .sum(),
            bills: self.bills.len() as u64,
            bill_gross_minor: self
                .bills
                .iter()
                .map(|b| minor(b.gross_amount.unwrap_or(b.amount + b.tax)))
                .sum(),
        }
    }

    /// A fresh upstream id, never one the generator could have drawn (those are 22
    /// alphanumerics; these carry a dash).
    fn new_id(&mut self, prefix: &str) -> String {
        let id = format!("sim-{prefix}{}-{:08x}", self.next_id, self.rng.gen::<u32>());
        self.next_id += 1;
        id
    }

    /// Lets time pass: see [`Advance`].
    pub fn advance(&mut self, step: Advance) -> Advanced {
        let today = Utc::now().date_naive();
        let mut done = Advanced::default();
        for _ in 0..step.invoices {
            if let Some(id) = self.create_invoice(today) {
                done.created.push(id);
            }
        }
        for _ in 0..step.payments {
            if let Some(id) = self.pay_oldest_open_invoice(today) {
                done.paid.push(id);
            }
        }
        for _ in 0..step.voids {
            if let Some(id) = self.void_open_invoice() {
                done.voided.push(id);
            }
        }
        for _ in 0..step.backdated_edits {
            if let Some(id) = self.edit_old_invoice(today) {
                done.edited.push(id);
            }
        }
        for _ in 0..step.deletions {
            if let Some(id) = self.delete_old_invoice(today) {
                done.deleted.push(id);
            }
        }
        done
    }

    fn create_invoice(&mut self, today: NaiveDate) -> Option<String> {
        let customers: Vec<&WireContact> = self
            .contacts
            .iter()
            .filter(|c| c.is_customer && c.currency_id.as_deref().unwrap_or("DKK") == "DKK")
            .collect();
        let customer = customers.choose(&mut self.rng)?.id.clone();
        let product = self.products.choose(&mut self.rng)?.clone();
        let unit_price = product.prices.first().map_or(950.0, |p| p.unit_price);
        let quantity = f64::from(self.rng.gen_range(1_u32..=12));
        let net_minor = minor(unit_price * quantity);
        let tax_minor = net_minor / 4;
        let gross = to_wire::major(net_minor + tax_minor);
        let id = self.new_id("inv");
        let number = self.next_number;
        self.next_number += 1;
        let now = to_wire::billy_time(Some(Utc::now()));
        let line_id = self.new_id("line");
        self.invoices.push(WireInvoice {
            id: id.clone(),
            organization_id: Some(self.organization.id.clone()),
            invoice_type: "invoice".to_string(),
            created_time: now.clone(),
            approved_time: now,
            contact_id: customer,
            entry_date: Some(today.to_string()),
            due_date: Some((today + Duration::days(14)).to_string()),
            state: "approved".to_string(),
            sent_state: Some("sent".to_string()),
            invoice_no: Some(number.to_string()),
            tax_mode: Some("excl".to_string()),
            amount: to_wire::major(net_minor),
            tax: to_wire::major(tax_minor),
            gross_amount: gross,
            currency_id: "DKK".to_string(),
            exchange_rate: Some(1.0),
            balance: gross,
            is_paid: false,
            credited_invoice_id: None,
            line_description: Some(product.name.clone()),
            lines: Some(vec![WireInvoiceLine {
                id: Some(line_id),
                product_id: Some(product.id.clone()),
                description: product.name,
                quantity,
                unit_price,
                amount: to_wire::major(net_minor),
                tax: to_wire::major(tax_minor),
            }]),
        });
        Some(id)
    }

    fn is_open(invoice: &WireInvoice) -> bool {
        invoice.state == "approved"
            && !invoice.is_paid
            && invoice.invoice_type == "invoice"
            && invoice.balance > 0.0
    }

    fn pay_oldest_open_invoice(&mut self, today: NaiveDate) -> Option<String> {
        let invoice = self
            .invoices
            .iter_mut()
            .filter(|i| Self::is_open(i))
            .min_by(|a, b| a.entry_date.cmp(&b.entry_date))?;
        let amount = invoice.balance;
        invoice.balance = 0.0;
        invoice.is_paid = true;
        let invoice_id = invoice.id.clone();
        let contact = invoice.contact_id.clone();
        let currency = invoice.currency_id.clone();
        let rate = invoice.exchange_rate;
        let id = self.new_id("pay");
        self.bank_payments.push(WireBankPayment {
            id,
            contact_id: Some(contact),
            created_time: to_wire::billy_time(Some(Utc::now())),
            entry_date: Some(today.to_string()),
            cash_amount: amount,
            cash_side: "debit".to_string(),
            cash_exchange_rate: rate,
            subject_currency_id: Some(currency),
            fee_amount: Some(0.0),
            is_voided: false,
            associations: vec![WireAssociation {
                id: None,
                subject_reference: format!("invoice:{invoice_id}"),
                amount: Some(amount),
            }],
        });
        Some(invoice_id)
    }

    /// Voids an open invoice that no payment refers to.
    fn void_open_invoice(&mut self) -> Option<String> {
        let referenced: std::collections::HashSet<String> = self
            .bank_payments
            .iter()
            .flat_map(|p| p.associations.iter())
            .map(|a| a.subject_reference.clone())
            .collect();
        let candidates: Vec<usize> = self
            .invoices
            .iter()
            .enumerate()
            .filter(|(_, i)| Self::is_open(i) && !referenced.contains(&format!("invoice:{}", i.id)))
            .map(|(ix, _)| ix)
            .collect();
        let ix = *candidates.choose(&mut self.rng)?;
        let invoice = &mut self.invoices[ix];
        invoice.state = "voided".to_string();
        invoice.balance = 0.0;
        Some(invoice.id.clone())
    }

    /// A paid invoice at least two months old, not referenced by a credit note.
    fn old_paid_invoice(&mut self, today: NaiveDate) -> Option<usize> {
        let cutoff = (today - Duration::days(60)).to_string();
        let credited: std::collections::HashSet<String> = self
            .invoices
            .iter()
            .filter_map(|i| i.credited_invoice_id.clone())
            .collect();
        let candidates: Vec<usize> = self
            .invoices
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                i.is_paid
                    && i.invoice_type == "invoice"
                    && i.entry_date.as_deref().is_some_and(|d| d < cutoff.as_str())
                    && !credited.contains(&i.id)
            })
            .map(|(ix, _)| ix)
            .collect();
        candidates.choose(&mut self.rng).copied()
    }

    /// Changes an old paid invoice's line text and sent state: a change no incremental
    /// pass looks at, which only a full reconcile finds. Amounts stay, so payments still
    /// add up.
    fn edit_old_invoice(&mut self, today: NaiveDate) -> Option<String> {
        let ix = self.old_paid_invoice(today)?;
        let invoice = &mut self.invoices[ix];
        invoice.line_description = Some(format!(
            "{} (corrected)",
            invoice.line_description.clone().unwrap_or_default()
        ));
        invoice.sent_state = Some("viewed".to_string());
        Some(invoice.id.clone())
    }

    /// Deletes an old paid invoice and the payments that settled it.
    fn delete_old_invoice(&mut self, today: NaiveDate) -> Option<String> {
        let ix = self.old_paid_invoice(today)?;
        let invoice = self.invoices.remove(ix);
        let reference = format!("invoice:{}", invoice.id);
        self.bank_payments.retain(|p| {
            !p.associations
                .iter()
                .any(|a| a.subject_reference == reference)
        });
        Some(invoice.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::demo_data::{generate, DemoSpec};

    fn org() -> SimOrg {
        let data = generate(&DemoSpec {
            seed: 3,
            invoices: 200,
            customers: 15,
            months: 6,
            today: Utc::now().date_naive(),
        });
        SimOrg::from_batches(
            "token",
            WireOrganization {
                id: "o1".into(),
                ..WireOrganization::default()
            },
            &data.batches,
            3,
        )
    }

    #[test]
    fn advancing_adds_pays_and_voids_and_totals_follow() {
        let mut org = org();
        let before = org.totals();
        let done = org.advance(Advance {
            invoices: 3,
            payments: 2,
            voids: 1,
            ..Advance::default()
        });
        assert_eq!(done.created.len(), 3);
        assert_eq!(done.paid.len(), 2);
        assert_eq!(done.voided.len(), 1);
        let after = org.totals();
        assert_eq!(after.invoices, before.invoices + 3);
        assert_eq!(after.bank_payments, before.bank_payments + 2);
        assert!(after.invoice_gross_minor > before.invoice_gross_minor);
        // New invoice numbers continue the sequence.
        let numbers: std::collections::HashSet<_> = org
            .invoices
            .iter()
            .filter_map(|i| i.invoice_no.clone())
            .collect();
        assert_eq!(numbers.len(), org.invoices.len());
    }

    #[test]
    fn deleting_an_invoice_takes_its_payments_along() {
        let mut org = org();
        let done = org.advance(Advance {
            deletions: 1,
            ..Advance::default()
        });
        let id = done.deleted.first().expect("an old paid invoice exists");
        let reference = format!("invoice:{id}");
        assert!(org.invoices.iter().all(|i| &i.id != id));
        assert!(org.bank_payments.iter().all(|p| p
            .associations
            .iter()
            .all(|a| a.subject_reference != reference)));
    }
}
