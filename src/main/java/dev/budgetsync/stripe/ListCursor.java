package dev.budgetsync.stripe;

import java.util.HashSet;
import java.util.Set;

/**
 * Walks the pages of one Stripe list and refuses to walk forever: a page that repeats an item
 * already listed (the same page again, or a {@code starting_after} that does not advance) and more
 * than {@code maxPages} pages both end the walk with a {@link StripeApiException.Kind#MISBEHAVED}
 * error, since a list that answers {@code has_more: true} forever would otherwise hold its caller
 * (and the reconciliation lock) without end.
 */
public final class ListCursor {
  /** 100,000 items at 100 a page: far beyond 30 days of a budget's events, far short of forever. */
  public static final int MAX_PAGES = 1_000;

  private final String what;
  private final int maxPages;
  private final Set<String> seen = new HashSet<>();
  private int pages;

  public ListCursor(String what, int maxPages) {
    this.what = what;
    this.maxPages = maxPages;
  }

  /** The {@code starting_after} of the page after {@code page}; null when the list is done. */
  public String next(StripeList page) {
    pages++;
    for (String id : page.ids()) {
      if (!seen.add(id)) {
        throw endless("page " + pages + " lists " + id + " again: the cursor does not advance");
      }
    }
    if (!page.hasMore() || page.lastId() == null) {
      return null;
    }
    if (pages >= maxPages) {
      throw endless("it still has more after " + pages + " pages, the most one walk reads");
    }
    return page.lastId();
  }

  private StripeApiException endless(String why) {
    return new StripeApiException(StripeApiException.Kind.MISBEHAVED, 200,
        "the Stripe API's list " + what + " does not end: " + why + "; the walk stopped there");
  }
}
