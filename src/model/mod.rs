//! The typed model that flows import → assess → render. Pure data: serde types, no I/O.

pub mod assessment;
pub mod audit;
pub mod catalog;
pub mod comparison;
pub mod controls;
pub mod evidence;
pub mod ids;
pub mod labels;
pub mod portfolio;
pub mod portfolio_trend;
pub mod review;
pub mod risk;
