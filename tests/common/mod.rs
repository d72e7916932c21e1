//! Helpers shared by several integration tests.

#![allow(dead_code)]

pub mod cli;
pub mod data;
pub mod expr;
pub mod optim;
pub mod panics;
