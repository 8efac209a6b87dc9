//! The answer import file and its assembly into measurements (in progress).
