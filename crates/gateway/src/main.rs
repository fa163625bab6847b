//! `hcp-gateway`: see [`hcp_gateway::cli`].

use std::process::ExitCode;

use clap::Parser as _;

#[tokio::main]
async fn main() -> ExitCode {
    hcp_gateway::cli::command::main(hcp_gateway::cli::command::Cli::parse()).await
}
