//! Rules (user, then default) → category and kind (SPEC step 3).
