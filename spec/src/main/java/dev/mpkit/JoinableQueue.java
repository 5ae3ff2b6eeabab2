package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** Placeholder: the full API arrives with its area. @param <E> element type @since 0.1 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface JoinableQueue<E> {}
