package dev.mpkit.tck.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the clause of {@code spec/clauses/*.md} that a kit test checks, for example {@code @Clause("PROC-15")}.
 * The grading runner reads the clause's level and title from the written spec; the build fails when a test names
 * an ID the spec does not have.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Clause {

    /** The clause ID, {@code AREA-NN}. */
    String value();
}
