//! Downloads the detailed billing CSV of a month through the asynchronous export.
//!
//! ```sh
//! cargo run -p soracom-billing --example export_csv -- --month 202208 --out billing-202208.csv
//! cargo run -p soracom-billing --example export_csv -- --month latest --out this-month.csv
//! ```
//!
//! Credentials and endpoint come from the SDK's standard resolution (see `billing_report`).

use std::path::PathBuf;
use std::process::ExitCode;

use soracom_billing::{Client, ExportOptions};

const USAGE: &str = "usage: export_csv --month YYYYMM|latest --out FILE";

#[tokio::main]
async fn main() -> ExitCode {
    let mut month = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--month" => month = args.next(),
            "--out" => out = args.next().map(PathBuf::from),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("unknown argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(month), Some(out)) = (month, out) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let options = ExportOptions::new();
    let file = if month == "latest" {
        client.export_latest_billing_csv(&options).await
    } else {
        client.export_billing_csv(&month, &options).await
    };
    let result = match file {
        Ok(file) => file.download_to_path(&out).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(bytes) => {
            println!("wrote {bytes} bytes to {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
