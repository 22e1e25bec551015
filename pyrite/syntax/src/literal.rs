//! Placeholder: `literal` is being written.
