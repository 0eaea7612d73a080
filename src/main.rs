//! The `fucina` binary: everything happens in `fucina::cli`.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    fucina::cli::run().await
}
