//! Helpers shared by several integration tests.

#![allow(dead_code)]

pub mod expr;
pub mod optim;
