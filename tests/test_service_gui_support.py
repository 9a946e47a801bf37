"""Service methods the desktop app relies on."""

from __future__ import annotations

from refdesk.model import Outcome
from refdesk.services import open_services


def test_use_settings_applies_new_ncbi_settings_to_the_next_call(tmp_path, eutils_server, eutils_settings):
    services = open_services(tmp_path / "lib.sqlite", eutils_settings, demo=False)
    try:
        services.importer.pubmed.batch_size = 50
        key = "0123456789abcdef0123456789abcdef0123"
        services.importer.use_settings(eutils_settings.with_changes(api_key=key, email="new@example.org"))
        assert services.importer.pubmed.batch_size == 50
        report = services.importer.add_identifiers("11751408")
        assert report.count(Outcome.ADDED) == 1
        request = eutils_server.requests_to("efetch")[-1]
        assert request.get("api_key") == key
        assert request.get("email") == "new@example.org"
    finally:
        services.close()


def test_use_settings_without_a_source_is_harmless(services, offline_settings):
    services.importer.pubmed = None
    services.importer.use_settings(offline_settings)
    assert services.importer.pubmed is None
