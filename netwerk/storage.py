"""Static files in production: compressed, fingerprinted, with ES module imports rewritten
to the fingerprinted names, so a cached page script never mixes with newer modules."""

from __future__ import annotations

from servestatic.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    support_js_module_import_aggregation = True
