//! Cache files (in progress).
