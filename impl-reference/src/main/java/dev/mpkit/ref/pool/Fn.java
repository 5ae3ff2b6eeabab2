package dev.mpkit.ref.pool;

import java.util.concurrent.atomic.AtomicInteger;

/** A function or task in serialized form, with the id under which workers cache it. */
final class Fn {

    private static final AtomicInteger IDS = new AtomicInteger();

    final int id;
    final byte[] form;

    Fn(byte[] form) {
        this.id = IDS.incrementAndGet();
        this.form = form;
    }
}
