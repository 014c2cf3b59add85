package io.meserp.hub.ops;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Page number and size of list endpoints: pages from 0, at most 500 items a page. */
final class Paging {

    static final int MAX_SIZE = 500;

    private Paging() {
    }

    static int page(int page) {
        if (page < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be 0 or more");
        }
        return page;
    }

    static int size(int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "size must be between 1 and " + MAX_SIZE);
        }
        return size;
    }
}
