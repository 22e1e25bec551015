//! Placeholder: `lexer` is being written.
