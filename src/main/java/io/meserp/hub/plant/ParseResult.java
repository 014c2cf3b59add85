package io.meserp.hub.plant;

import java.util.List;

/** What a parser made of a file: the records it could read and the ones it refused. */
public record ParseResult<T>(int records, List<Parsed<T>> accepted, List<Rejection> rejected) {
}
