//! The last six months of bills, and this month's cost per bill item.
//!
//! ```sh
//! SORACOM_AUTH_KEY_ID=keyId-… SORACOM_AUTH_KEY=secret-… cargo run -p soracom-billing --example billing_report
//! ```
//!
//! Credentials and endpoint come from the SDK's standard resolution: `SORACOM_AUTH_KEY_ID` /
//! `SORACOM_AUTH_KEY`, `SORACOM_COVERAGE_TYPE`, `SORACOM_ENDPOINT`, or a soracom-cli profile
//! (`SORACOM_PROFILE`, `SORACOM_PROFILE_DIR`, `~/.soracom/default.json`).

use std::process::ExitCode;

use soracom_billing::{Client, Error};

#[tokio::main]
async fn main() -> ExitCode {
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(Error::InvalidInput {
            parameter, reason, ..
        }) if parameter == "credentials" => {
            eprintln!("No Soracom credentials: {reason}.");
            eprintln!("Give them with SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY (an auth key from the User Console),");
            eprintln!(
                "or a soracom-cli profile (`soracom configure`), chosen with SORACOM_PROFILE."
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match report(&client).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn report(client: &Client) -> Result<(), Error> {
    let history = client.get_billing_history().await?;
    println!("Bills (last 6 months)");
    println!(
        "{:<8}  {:>12}  {:<8}  Payment",
        "Month", "Amount", "Currency"
    );
    for bill in history.bill_list.unwrap_or_default().into_iter().take(6) {
        println!(
            "{:<8}  {:>12.2}  {:<8}  {}",
            bill.year_month.unwrap_or_default(),
            bill.amount.unwrap_or_default(),
            bill.currency.map(|c| c.to_string()).unwrap_or_default(),
            bill.payment_status
                .map(|s| s.to_string())
                .unwrap_or_default(),
        );
    }

    let summaries = client.get_billing_summary_of_bill_items().await?;
    let Some(current) = summaries.into_iter().next() else {
        println!("\nNo cost for the current month yet.");
        return Ok(());
    };
    println!(
        "\nThis month ({}), per bill item, in {}",
        current.year_month.unwrap_or_default(),
        current.currency.map(|c| c.to_string()).unwrap_or_default()
    );
    println!("{:<24}  {:<40}  {:>12}", "Category", "Item", "Amount",);
    for item in current.cost_breakdown_list.unwrap_or_default() {
        println!(
            "{:<24}  {:<40}  {:>12.2}",
            item.bill_item_category.unwrap_or_default(),
            item.bill_item_name.unwrap_or_default(),
            item.amount.unwrap_or_default(),
        );
    }
    Ok(())
}
