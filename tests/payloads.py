"""Hostile input: XSS payloads that every free-text field of the portal is fed in the tests.

Each payload, if it ever ran, would open a dialog (alert) or log the console marker XSS_MARKER;
the browser tests listen for both. Every payload also carries visible text, so a test can see
that the content reached the page (escaped) and was not merely absent.
"""

XSS_MARKER = "XSS-RAN"

XSS_PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<img src=x onerror=alert('XSS')>",
    f"<svg onload=console.log('{XSS_MARKER}')>",
    f"\"><script>console.log('{XSS_MARKER}')</script>",
    "'><img src=x onerror=alert(1)>",
    "[klik hier](javascript:alert('XSS'))",
    "[klik ook](JaVaScRiPt:alert('XSS'))",
    "<a href=\"javascript:alert('XSS')\">link</a>",
    "<iframe src=\"javascript:alert('XSS')\"></iframe>",
    "<div style=\"width: expression(alert('XSS'))\">stijl</div>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "![plaatje](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "&lt;script&gt;alert('XSS')&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "<details open ontoggle=alert('XSS')>open</details>",
    "<body onload=alert('XSS')>",
    "<input autofocus onfocus=alert('XSS')>",
    "<math><mtext><a href=\"javascript:alert(1)\">m</a></mtext></math>",
    "<<script>script>alert('XSS')<</script>/script>",
    "</textarea><script>alert('XSS')</script>",
    "</title><script>alert('XSS')</script>",
    "{{ 7|add:7 }} {% now 'Y' %}",
]

# One text with every payload, each on its own line, for long fields.
ALL_PAYLOADS = "Gevaarlijke tekst\n\n" + "\n\n".join(XSS_PAYLOADS)


def short_payload(index: int, max_length: int) -> str:
    """A payload that fits a field of `max_length`, different per field (index)."""
    fitting = [p for p in XSS_PAYLOADS if len(p) + 6 <= max_length] or ["<b>x</b>"]
    return f"X{index:03d} {fitting[index % len(fitting)]}"[:max_length]


# Selectors that must not match on any page once hostile text is shown.
DANGEROUS_SELECTORS = [
    "[onerror]", "[onload]", "[onfocus]", "[ontoggle]", "[onclick]", "[onmouseover]",
    "a[href^='javascript:' i]", "a[href^='data:' i]", "[src^='javascript:' i]",
    "img[src^='data:image/svg' i]", "img[src='x']", "iframe", "object", "embed",
    "[style*='expression' i]", "math a", "main svg[onload]", "main input[autofocus]",
    "main details[ontoggle]",
]
