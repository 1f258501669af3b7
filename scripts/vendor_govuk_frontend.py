#!/usr/bin/env python3
"""Vendor GOV.UK Frontend's precompiled CSS, JS and images into the web app's static files.

Usage: vendor_govuk_frontend.py VERSION SHA256 DEST

Fetches ``govuk-frontend@VERSION`` with ``npm pack`` (the npm registry only; no Node build),
refuses the tarball unless its SHA-256 is SHA256, and writes into DEST:

- ``govuk-frontend.min.css``, rewritten so that it works under any STATIC_URL and with
  hashed (manifest) static storage: the root-absolute ``url(/assets/...)`` become relative
  ``url(assets/...)``; the GDS Transport ``@font-face`` rules are removed and the font stack
  becomes Arial (this product is not on GOV.UK, so it must not use the GOV.UK typeface);
  the source-map comment is removed because the maps are not shipped.
- ``govuk-frontend.min.js`` (an ES module exporting ``initAll``), source-map comment removed.
- ``assets/images/*`` and ``assets/manifest.json``. The fonts are not copied.
- ``SOURCE.md`` saying where all of this came from.

Standard library only, so that it runs before the virtual environment exists.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

FONT_STACK_GDS = "GDS Transport,arial,sans-serif"
FONT_STACK_OURS = "arial,helvetica,sans-serif"


def fail(message: str) -> None:
    print(f"vendor_govuk_frontend: {message}", file=sys.stderr)
    sys.exit(1)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def rewrite_css(css: str) -> str:
    before = css
    css = re.sub(r"@font-face\{font-family:GDS Transport;[^}]*\}", "", css)
    css = css.replace(FONT_STACK_GDS, FONT_STACK_OURS)
    css = css.replace("url(/assets/", "url(assets/")
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/\s*$", "", css)
    # Nothing may still point at the fonts, at the site root or at the GDS typeface.
    for leftover in ("GDS Transport", "url(/", "/assets/fonts", "sourceMappingURL"):
        if leftover in css:
            fail(f"the rewritten CSS still contains {leftover!r}; the upstream CSS has changed")
    if css == before:
        fail("the CSS rewrite changed nothing; the upstream CSS has changed")
    return css


def rewrite_js(js: str) -> str:
    js = re.sub(r"//# sourceMappingURL=\S*\s*$", "", js)
    if "initAll" not in js:
        fail("govuk-frontend.min.js does not export initAll")
    return js


def main(argv: list[str]) -> None:
    if len(argv) != 4:
        fail(__doc__.split("\n\n")[1])
    version, expected_sha256, dest = argv[1], argv[2].lower(), Path(argv[3])
    if shutil.which("npm") is None:
        fail("npm is not installed (apt-get install npm); it is needed only to refresh the assets")

    with tempfile.TemporaryDirectory(prefix="govuk-frontend-") as tmp:
        tmpdir = Path(tmp)
        subprocess.run(
            ["npm", "pack", "--silent", f"govuk-frontend@{version}", "--pack-destination", tmp],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        tarball = tmpdir / f"govuk-frontend-{version}.tgz"
        if not tarball.exists():
            fail(f"npm pack did not produce {tarball.name}")
        actual = sha256_of(tarball)
        if actual != expected_sha256:
            fail(f"checksum mismatch for {tarball.name}: expected {expected_sha256}, got {actual}")

        prefix = "package/dist/govuk/"
        wanted = re.compile(
            r"^package/dist/govuk/(govuk-frontend\.min\.(css|js)"
            r"|assets/manifest\.json|assets/images/[^/]+)$"
        )
        with tarfile.open(tarball) as archive:
            members = [m for m in archive.getmembers() if m.isfile() and wanted.match(m.name)]
            unpacked = tmpdir / "unpacked"
            archive.extractall(unpacked, members=members, filter="data")
        src = unpacked / prefix

        for required in ("govuk-frontend.min.css", "govuk-frontend.min.js", "assets/manifest.json"):
            if not (src / required).is_file():
                fail(f"{required} is missing from the tarball")

        new = tmpdir / "govuk"
        (new / "assets" / "images").mkdir(parents=True)
        css = (src / "govuk-frontend.min.css").read_text(encoding="utf-8")
        (new / "govuk-frontend.min.css").write_text(rewrite_css(css), encoding="utf-8")
        js = (src / "govuk-frontend.min.js").read_text(encoding="utf-8")
        (new / "govuk-frontend.min.js").write_text(rewrite_js(js), encoding="utf-8")
        shutil.copy2(src / "assets" / "manifest.json", new / "assets" / "manifest.json")
        images = sorted((src / "assets" / "images").iterdir())
        for image in images:
            shutil.copy2(image, new / "assets" / "images" / image.name)
        (new / "SOURCE.md").write_text(
            source_note(version, actual, [i.name for i in images]), encoding="utf-8"
        )

        if dest.exists():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(new, dest)
    print(f"vendored govuk-frontend {version} (sha256 {actual}) into {dest}")


def source_note(version: str, sha256: str, images: list[str]) -> str:
    image_list = "\n".join(f"- `assets/images/{name}`" for name in images)
    return f"""# GOV.UK Frontend {version} (vendored)

Generated by `make assets` (`scripts/vendor_govuk_frontend.py`); do not edit by hand.
Change the version in the Makefile and run `make assets` to refresh.

- Source: the npm package `govuk-frontend@{version}` (`npm pack govuk-frontend@{version}`),
  <https://github.com/alphagov/govuk-frontend>, MIT licence (code); images © Crown copyright.
- Tarball SHA-256: `{sha256}`
- Matches `govuk-frontend-jinja` 4.1.x, which ports the Nunjucks macros of Frontend 6.3.

Files taken from `package/dist/govuk/`:

- `govuk-frontend.min.css`, changed: `url(/assets/...)` rewritten to the relative
  `url(assets/...)` so it works under STATIC_URL and with hashed static file names; the
  GDS Transport `@font-face` rules removed and `GDS Transport,arial,sans-serif` replaced by
  `{FONT_STACK_OURS}` (joinedup is not a GOV.UK service, so it uses Arial); the
  source-map comment removed.
- `govuk-frontend.min.js`, an ES module exporting `initAll`; source-map comment removed.
- `assets/manifest.json`
{image_list}

Not taken: the fonts, the Sass sources, the Nunjucks templates, the source maps.
"""


if __name__ == "__main__":
    main(sys.argv)
