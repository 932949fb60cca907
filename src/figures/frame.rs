//! The week-figures table as a polars frame: one row per manager-week.
