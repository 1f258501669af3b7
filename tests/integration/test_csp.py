"""Every response carries a Content-Security-Policy; the page's one inline script its nonce."""

import re

import pytest


@pytest.mark.django_db
def test_pages_have_a_policy_whose_nonce_matches_the_inline_script(client):
    first = client.get("/sign-in/")
    policy = first["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert (
        "frame-ancestors 'none'" in policy
        and "unsafe-inline'; " not in policy.split("style-src-attr")[0]
    )
    nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    scripts = re.findall(r"<script([^>]*)>", first.content.decode())
    inline = [s for s in scripts if "src=" not in s]
    assert inline and all(f'nonce="{nonce}"' in s for s in inline)
    second = client.get("/sign-in/")
    assert re.search(r"'nonce-([^']+)'", second["Content-Security-Policy"])[1] != nonce


@pytest.mark.django_db
def test_static_files_and_redirects_carry_it_too(client):
    static = client.get("/static/joinedup.css")
    b"".join(static.streaming_content)  # read to the end, which closes the file
    assert "Content-Security-Policy" in static
    assert "Content-Security-Policy" in client.get("/")  # the redirect to sign in
