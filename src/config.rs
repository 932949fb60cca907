//! The TOML config: types, defaults, validation with errors that name the key.
