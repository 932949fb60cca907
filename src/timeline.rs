//! The sweep: overlapping intervals → counted time per kind (SPEC step 6).
