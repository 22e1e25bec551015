//! Placeholder: `dump` is being written.
