package dev.mpkit.tck.grading;

/** What the kit says of one clause; see {@code spec/clauses/00-conventions.md}. */
public enum Verdict {
    /** Every test of the clause passed, every time. */
    PASS,
    /** A test of the clause failed at least once. */
    FAIL,
    /** The clause has no kit test (the selection was not filtered out). */
    UNTESTED,
    /** The provider threw UnsupportedOperationException naming the clause's area (SPI-06). */
    NOT_IMPLEMENTED,
    /** A precondition of the machine was not met; the reason is in the message. */
    SKIPPED
}
