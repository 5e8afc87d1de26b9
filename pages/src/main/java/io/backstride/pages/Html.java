package io.backstride.pages;

/**
 * The pages' HTML, written as strings: every athlete-given text goes through {@link #text} (or
 * {@link #attr}) on its way in, and the layout carries no script and no inline style, so the strict
 * Content-Security-Policy holds.
 */
final class Html {
  /** The navigation: each page's path and its name in the menu. */
  enum Nav {
    LOAD("/me", "Your load"),
    ALERTS("/me/alerts", "Alerts"),
    PAIN("/me/pain", "Report back pain"),
    PREFERENCES("/me/preferences", "Preferences");

    final String path;
    final String label;

    Nav(String path, String label) {
      this.path = path;
      this.label = label;
    }
  }

  /** Text content: the five characters that could open markup or end an attribute. */
  static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** An attribute value, always written in double quotes by these pages. */
  static String attr(String s) {
    return text(s);
  }

  /**
   * A whole page.
   *
   * @param current the menu entry to mark as the current page, or null for a page outside the menu
   * @param body the page's main content, already escaped
   */
  static String page(String title, Nav current, String body) {
    StringBuilder h = new StringBuilder(4096 + body.length());
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"referrer\" content=\"no-referrer\">")
        .append("<title>")
        .append(text(title))
        .append(" - backstride</title>")
        .append("<link rel=\"stylesheet\" href=\"/static/pages.css\"></head><body>")
        .append("<header><p class=\"brand\">backstride</p>");
    if (current != null) {
      h.append("<nav aria-label=\"Your pages\"><ul>");
      for (Nav n : Nav.values()) {
        h.append("<li><a href=\"").append(n.path).append('"');
        if (n == current) {
          h.append(" aria-current=\"page\"");
        }
        h.append('>').append(n.label).append("</a></li>");
      }
      h.append("</ul></nav>");
    }
    h.append("</header><main>").append(body).append("</main>");
    h.append("<footer><p>backstride compares your running with your own usual weeks.")
        .append(" It is not medical advice.</p></footer></body></html>");
    return h.toString();
  }

  private Html() {}
}
