//! Results per question (in progress).
