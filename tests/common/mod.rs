//! Helpers shared by several integration tests.

#![allow(dead_code)]

pub mod data;
pub mod expr;
pub mod optim;
pub mod panics;
