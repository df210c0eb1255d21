//! What the binary's integration tests share: the built `khulasa`, and a run
//! with bytes on its standard input.
#![allow(
    dead_code,
    reason = "each test file compiles this module and uses what it needs"
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The `khulasa` binary this test run built.
pub fn khulasa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_khulasa"))
}

/// Runs `cmd` with `input` on its standard input and collects its output.
/// The input is written on a thread, so a child that answers before it has
/// read everything cannot block the test.
pub fn output_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("khulasa runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("khulasa finishes");
    writer
        .join()
        .expect("the stdin writer ran")
        .expect("stdin was written");
    out
}
