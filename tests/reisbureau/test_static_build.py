"""`collectstatic` with the production storage (the Docker build, `make loadtest`) succeeds."""

import pytest
from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "reisbureau.storage.StaticFilesStorage"},
}


def test_collectstatic_with_the_manifest_storage_tolerates_the_vendor_css(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    from reisbureau.storage import StaticFilesStorage

    collected = StaticFilesStorage(location=tmp_path, base_url="/static/")  # reads the manifest
    # the portal's own files are hashed; the vendor CSS with a missing image is kept as it is
    assert collected.stored_name("css/theme.css") != "css/theme.css"
    icon_css = collected.stored_name("vendor/utrecht-tokens/background-image-icon.css")
    assert icon_css != "vendor/utrecht-tokens/background-image-icon.css"
    assert "pijltje.svg" in (tmp_path / icon_css).read_text()


def test_a_missing_file_in_the_portals_own_css_still_fails_the_build(tmp_path):
    from reisbureau.storage import StaticFilesStorage

    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    with pytest.raises(ValueError):
        storage.hashed_name("css/does-not-exist.png")
    assert storage.hashed_name("vendor/x/does-not-exist.svg") == "vendor/x/does-not-exist.svg"
