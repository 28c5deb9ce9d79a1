"""Record what a browser context does that a reader of the guide would not want."""

# Forwards every CSP violation to Python: the listener is installed by the
# browser itself, so the page's own policy cannot block it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline code"}` +
    ` on ${event.documentURI}`
  );
}, true);
"""


class Recorder:
    """Everything a browser context did that a reader would not want: attached to one context."""

    def __init__(self, context):
        self.requests = []
        self.failed = []
        self.console_errors = []
        self.csp_violations = []
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)
        context.on("console", self._on_console)
        context.on("weberror", self._on_web_error)
        context.expose_function("reportCspViolation", self._on_csp_violation)
        context.add_init_script(CSP_LISTENER)

    def _on_csp_violation(self, description):
        self.csp_violations.append(description)

    def _on_request(self, request):
        self.requests.append(request.url)

    def _on_request_failed(self, request):
        self.failed.append(f"{request.url}: {request.failure}")

    def _on_response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def _on_console(self, message):
        # Chromium asks for the icon only now and then, so its 404 would make
        # this flaky; test_the_icon_browsers_ask_for_is_served checks it always.
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        if message.type == "error":
            self.console_errors.append(f"{message.location.get('url')}: {message.text}")

    def _on_web_error(self, web_error):
        self.console_errors.append(f"uncaught: {web_error.error}")
