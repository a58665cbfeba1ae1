package org.jss.serve;

import java.util.Locale;

/** Server-rendered HTML: escaping, the page frame and the evidence chart. */
final class Html {
  private Html() {}

  /** Text for an element or a quoted attribute: the five characters HTML gives meaning to, escaped. */
  static String esc(Object o) {
    if (o == null) {
      return "";
    }
    String s = String.valueOf(o);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A whole page: skip link, header with who is signed in, the body, the console's CSS and script. */
  static String page(String title, String reviewer, String csrf, String body) {
    StringBuilder b = new StringBuilder(body.length() + 2048);
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(title)).append(" · jss console</title>")
        .append("<link rel=\"stylesheet\" href=\"/static/console.css\">")
        .append("<script src=\"/static/console.js\" defer></script></head><body>")
        .append("<a class=\"skip\" href=\"#main\">Skip to content</a><header><nav aria-label=\"Console\">")
        .append("<a href=\"/queue\">Review queue</a>");
    if (reviewer != null) {
      b.append("<span class=\"who\">Signed in as <strong>").append(esc(reviewer)).append("</strong></span>")
          .append("<form method=\"post\" action=\"/logout\" class=\"inline\">")
          .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf)).append("\">")
          .append("<button type=\"submit\">Sign out</button></form>");
    }
    b.append("</nav></header><main id=\"main\" tabindex=\"-1\">").append(body).append("</main></body></html>");
    return b.toString();
  }

  /** A number as a reviewer reads it: whole above 100, three decimals without trailing zeros below. */
  static String num(Double d) {
    if (d == null) {
      return "–";
    }
    double a = Math.abs(d);
    if (a == 0) {
      return "0";
    }
    if (a < 0.001) {
      return String.format(Locale.ROOT, "%.1e", d);
    }
    if (a >= 1e7) {
      return String.format(Locale.ROOT, "%.3g", d);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", d);
    }
    String s = String.format(Locale.ROOT, "%.3f", d);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * The flag's metric against its peer baseline as two horizontal bars on one scale (an inline SVG with a
   * text alternative); the account's bar alone when the detector has no baseline.
   */
  static String chart(String metric, double value, Double baseline) {
    double max = Math.max(Math.abs(value), baseline == null ? 0 : Math.abs(baseline));
    if (max == 0) {
      max = 1;
    }
    int width = 520;
    int label = 150;
    int bar = width - label - 90;
    String alt =
        metric + ": this account " + num(value)
            + (baseline == null
                ? " (no peer baseline)"
                : ", peer baseline " + num(baseline)
                    + (baseline > 0 && value > 0 ? " (" + num(value / baseline) + " times)" : ""));
    StringBuilder b = new StringBuilder();
    int rows = baseline == null ? 1 : 2;
    b.append("<figure class=\"chart\"><svg role=\"img\" aria-label=\"").append(esc(alt))
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(rows * 34 + 8)
        .append("\" width=\"").append(width).append("\" height=\"").append(rows * 34 + 8)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    bar(b, 0, "This account", value, max, label, bar, "#b3261e");
    if (baseline != null) {
      bar(b, 1, "Peer baseline", baseline, max, label, bar, "#5f6368");
    }
    b.append("</svg><figcaption>").append(esc(alt)).append("</figcaption></figure>");
    return b.toString();
  }

  private static void bar(
      StringBuilder b, int row, String name, double v, double max, int label, int bar, String color) {
    int y = 6 + row * 34;
    long w = Math.max(1, Math.round(Math.abs(v) / max * bar));
    b.append("<text x=\"0\" y=\"").append(y + 17).append("\" font-size=\"14\">").append(name).append("</text>")
        .append("<rect x=\"").append(label).append("\" y=\"").append(y).append("\" width=\"").append(w)
        .append("\" height=\"24\" fill=\"").append(color).append("\"></rect>")
        .append("<text x=\"").append(label + w + 6).append("\" y=\"").append(y + 17)
        .append("\" font-size=\"14\">").append(esc(num(v))).append("</text>");
  }

  static final String CSS =
      """
      :root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #fff; }
      body { margin: 0; }
      header { background: #1f3a5f; color: #fff; padding: .5rem 1rem; }
      header nav { display: flex; gap: 1rem; align-items: center; max-width: 72rem; margin: 0 auto; }
      header a { color: #fff; font-weight: 600; }
      .who { margin-left: auto; }
      main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
      .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: #fff; }
      a:focus, button:focus, input:focus, select:focus, textarea:focus, main:focus {
        outline: 3px solid #f9a825; outline-offset: 2px; }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
      th { background: #f1f3f4; }
      .sev-HIGH { color: #b3261e; font-weight: 700; } .sev-MEDIUM { color: #8a5300; font-weight: 600; }
      .pending { background: #e8f0fe; padding: .1rem .3rem; border-radius: .2rem; }
      form.filters { display: flex; gap: 1rem; flex-wrap: wrap; align-items: end; margin: 1rem 0; }
      form.inline { display: inline; }
      fieldset { border: 1px solid #ccc; margin: 1rem 0; } .notice { background: #e6f4ea; padding: .5rem; }
      .error { background: #fce8e6; padding: .5rem; }
      dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
      dl.facts dt { font-weight: 600; }
      pre.explanation { white-space: pre-wrap; font-size: 1rem; }
      @media print { header, .noprint { display: none; } }
      """;

  /** '/' focuses the queue's first filter; nothing else needs script. */
  static final String JS =
      """
      document.addEventListener('keydown', function (e) {
        if (e.key === '/' && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
          var f = document.querySelector('form.filters select');
          if (f) { e.preventDefault(); f.focus(); }
        }
      });
      """;
}
