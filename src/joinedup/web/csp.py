"""A Content-Security-Policy on every response: only this site's own scripts, styles and images.

The one inline script (GOV.UK Frontend's "js-enabled" line in the page template) carries a nonce
made afresh for each response. Inline ``style`` attributes are allowed (bar charts set widths
with them); inline ``<style>`` elements and every other origin are not. Pages, the admin and
file downloads all get the header; a response that already has one keeps it.
"""

import secrets

POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self'; "
    "style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = POLICY.format(nonce=request.csp_nonce)
        return response
