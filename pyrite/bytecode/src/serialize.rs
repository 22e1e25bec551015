//! Serialization of code objects (in progress).
