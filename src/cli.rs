//! Command-line definitions (clap), nothing else.
